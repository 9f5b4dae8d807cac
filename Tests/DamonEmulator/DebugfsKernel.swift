#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The show and store functions of the emulated debugfs files, after
/// mm/damon/dbgfs.c.
extension DebugfsEmulator {
    func show(_ ctx: DebugfsEmulatedContext, _ name: String) throws(KernelErrno) -> String {
        switch name {
        case "attrs": return ctx.attrs.map(String.init).joined(separator: " ")
        case "target_ids":
            return ctx.targets.map { String($0.pid ?? 42) }.joined(separator: " ")
        case "kdamond_pid": return ctx.kdamondPid.map(String.init) ?? "none"
        case "init_regions":
            guard ctx.kdamondPid == nil else { throw KernelErrno(EBUSY) }
            var lines: [String] = []
            for (t, target) in ctx.targets.enumerated() {
                let key = layout.initRegionsByIndex ? t : target.pid ?? 42
                lines += target.regions.map { "\(key) \($0.lowerBound) \($0.upperBound)" }
            }
            return lines.joined(separator: "\n")
        case "schemes":
            return ctx.schemes.map { scheme in
                let s = scheme.stats
                let stats = layout.statFields == 2 ? [s.nrTried, s.szTried]
                    : [s.nrTried, s.szTried, s.nrApplied, s.szApplied, s.qtExceeds]
                return (scheme.params + stats).map(String.init).joined(separator: " ")
            }.joined(separator: "\n")
        default: throw KernelErrno(EINVAL)
        }
    }

    /// Whitespace-separated numbers the way sscanf's %lu reads them: digits
    /// only, wrapping on overflow; reading stops at the first non-number.
    static func scanNumbers(_ text: String) -> [UInt64] {
        var result: [UInt64] = []
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            guard token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber) else { break }
            result.append(token.utf8.reduce(UInt64(0)) { $0 &* 10 &+ UInt64($1 - 48) })
        }
        return result
    }

    /// The first whitespace-separated word (sscanf's %s).
    static func firstWord(_ text: String) -> String? {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.map(String.init)
    }

    func store(_ ctx: DebugfsEmulatedContext, _ name: String, _ value: String) throws(KernelErrno) {
        switch name {
        case "attrs":
            let n = Self.scanNumbers(value)
            guard n.count >= 5 else { throw KernelErrno(EINVAL) }
            guard ctx.kdamondPid == nil else { throw KernelErrno(EBUSY) }
            // damon_set_attrs()
            guard n[3] >= 3, n[3] <= n[4] else { throw KernelErrno(EINVAL) }
            ctx.attrs = Array(n.prefix(5))
        case "target_ids": try storeTargetIDs(ctx, value)
        case "init_regions":
            guard ctx.kdamondPid == nil else { throw KernelErrno(EBUSY) }
            try storeInitRegions(ctx, value)
        case "schemes": try storeSchemes(ctx, value)
        default: throw KernelErrno(EINVAL)   // kdamond_pid has no store
        }
    }

    func storeTargetIDs(_ ctx: DebugfsEmulatedContext, _ value: String) throws(KernelErrno) {
        // strncmp(kbuf, "paddr\n", count): any prefix, even an empty write.
        let paddr = layout.hasPaddr && (value.isEmpty || "paddr\n".hasPrefix(value))
        var pids: [Int] = []
        if !paddr {
            for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).prefix(32) {
                guard let pid = Int32(token) else { break }
                pids.append(Int(pid))
            }
            for pid in pids where !pidExists(pid) { throw KernelErrno(layout.missingPidErrno) }
        }
        guard ctx.kdamondPid == nil else { throw KernelErrno(EBUSY) }
        ctx.paddr = paddr
        ctx.targets = paddr ? [DebugfsEmulatedTarget(pid: nil, regions: [])]
            : pids.map { DebugfsEmulatedTarget(pid: $0, regions: []) }
    }

    func storeInitRegions(_ ctx: DebugfsEmulatedContext, _ value: String) throws(KernelErrno) {
        for t in ctx.targets.indices { ctx.targets[t].regions = [] }
        let n = Self.scanNumbers(value)
        do throws(KernelErrno) {
            for i in stride(from: 0, to: n.count - n.count % 3, by: 3) {
                let (key, start, end) = (n[i], n[i + 1], n[i + 2])
                guard start < end else { throw KernelErrno(EINVAL) }
                let t = layout.initRegionsByIndex ? (key < UInt64(ctx.targets.count) ? Int(key) : nil)
                    : ctx.targets.firstIndex { UInt64($0.pid ?? 42) == key }
                guard let t else { throw KernelErrno(EINVAL) }
                if let last = ctx.targets[t].regions.last, last.upperBound > start { throw KernelErrno(EINVAL) }
                ctx.targets[t].regions.append(start...end)
            }
        } catch {
            for t in ctx.targets.indices { ctx.targets[t].regions = [] }
            throw error
        }
    }

    /// Positions of the 18 scheme fields that are %u (unsigned int).
    static let uintSchemeFields: Set<Int> = [2, 3, 4, 5, 6, 10, 11, 12, 13]

    func storeSchemes(_ ctx: DebugfsEmulatedContext, _ value: String) throws(KernelErrno) {
        let n = Self.scanNumbers(value)
        var schemes: [DebugfsEmulatedScheme] = []
        for start in stride(from: 0, to: n.count - 17, by: 18) where n.count >= 18 {
            let params = (0..<18).map { Self.uintSchemeFields.contains($0) ? n[start + $0] & 0xffff_ffff : n[start + $0] }
            guard params[6] <= 5 else { throw KernelErrno(EINVAL) }
            if layout.checksSchemeRanges {
                guard params[0] <= params[1], params[2] <= params[3], params[4] <= params[5],
                      params[15] >= params[16], params[15] >= params[17], params[16] >= params[17]
                else { throw KernelErrno(EINVAL) }
            }
            schemes.append(DebugfsEmulatedScheme(params: params))
        }
        guard ctx.kdamondPid == nil else { throw KernelErrno(EBUSY) }
        ctx.schemes = schemes
    }

    func storeRoot(_ name: String, _ value: String) throws(KernelErrno) {
        guard let word = Self.firstWord(value) else { throw KernelErrno(EINVAL) }
        switch name {
        case "mk_contexts":
            guard !anyRunning, otherRunningContexts == 0 else { throw KernelErrno(EBUSY) }
            guard !rootFiles.contains(word), !contextFiles.contains(word), !contextNames.contains(word) else {
                throw KernelErrno(EEXIST)
            }
            contexts.append((word, DebugfsEmulatedContext()))
        case "rm_contexts":
            guard !anyRunning, otherRunningContexts == 0 else { throw KernelErrno(EBUSY) }
            if rootFiles.contains(word) || contextFiles.contains(word) { throw KernelErrno(EINVAL) }
            guard let i = contexts.indices.dropFirst().first(where: { contexts[$0].name == word }) else {
                throw KernelErrno(ENOENT)
            }
            contexts.remove(at: i)
        default:
            if word == "on" {
                guard !contexts.contains(where: { $0.ctx.targets.isEmpty }) else { throw KernelErrno(EINVAL) }
                guard !anyRunning, otherRunningContexts == 0 else { throw KernelErrno(EBUSY) }
                for (_, ctx) in contexts {
                    ctx.kdamondPid = nextKdamondPid
                    nextKdamondPid += 1
                    // A kdamond without a live target ends at once.
                    if !ctx.paddr, !ctx.targets.contains(where: { pidExists($0.pid ?? -1) }) { terminate(ctx) }
                }
            } else if word == "off" {
                // damon_stop() stops at the first context not running.
                for (_, ctx) in contexts {
                    guard ctx.kdamondPid != nil else { throw KernelErrno(EPERM) }
                    terminate(ctx)
                }
            } else {
                throw KernelErrno(EINVAL)
            }
        }
    }

    /// The kdamond ends: kdamond_fn() destroys every region, then
    /// dbgfs_before_terminate() drops pid targets.
    func terminate(_ ctx: DebugfsEmulatedContext) {
        ctx.kdamondPid = nil
        for t in ctx.targets.indices { ctx.targets[t].regions = [] }
        if !ctx.paddr { ctx.targets = [] }
    }

    /// A context's kdamond ends by itself (its targets exited).
    public func simulateContextExit(_ i: Int) {
        terminate(contexts[i].ctx)
    }

    /// The regions a context's monitoring sees, for aggregate().
    public func setRegions(context i: Int = 0, _ regions: [EmulatedRegion]) {
        contexts[i].ctx.regions = regions
    }

    /// `times` aggregation intervals pass: each running context's schemes
    /// try the regions matching their access pattern (nr_accesses in
    /// samples, age in aggregation intervals) and apply actions other
    /// than stat to them.
    public func aggregate(times: Int = 1) {
        for _ in 0..<times {
            for (_, ctx) in contexts where ctx.kdamondPid != nil {
                for s in ctx.schemes.indices {
                    let p = ctx.schemes[s].params
                    for region in ctx.regions
                    where (p[0]...max(p[0], p[1])).contains(region.size) && p[0] <= p[1]
                        && p[2] <= p[3] && (p[2]...p[3]).contains(region.nrAccesses)
                        && p[4] <= p[5] && (p[4]...p[5]).contains(region.age) {
                        ctx.schemes[s].stats.nrTried += 1
                        ctx.schemes[s].stats.szTried += region.size
                        if p[6] != 5 {
                            ctx.schemes[s].stats.nrApplied += 1
                            ctx.schemes[s].stats.szApplied += region.size
                        }
                    }
                }
            }
        }
    }
}
