// damo's human-readable text of DAMON parameters (`--format report`, and
// `damo report damon`).

/// Every line of `text` indented by `width` spaces.
public func indentLines(_ text: String, _ width: Int) -> String {
    let pad = String(repeating: " ", count: width)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
}

extension Kdamond {
    /// `state: on, pid: 123, stats refresh per: 1 s`; `cpuUsage` is shown
    /// when given.
    public func summary(raw: Bool, paramsOnly: Bool = false, cpuUsage: String? = nil) -> String {
        var words: [String] = []
        if !paramsOnly, let state { words.append("state: " + state) }
        if !paramsOnly, let pid { words.append("pid: \(pid)") }
        if refreshMs != .int(0) { words.append("stats refresh per: " + UnitFormat.timeMs(refreshMs, raw: raw)) }
        if let cpuUsage { words.append("cpu usage: " + cpuUsage) }
        return words.joined(separator: ", ")
    }

    public func toString(raw: Bool, paramsOnly: Bool = false, omitTriedRegions: Bool = false,
                         cpuUsage: String? = nil) -> String {
        var lines: [String] = []
        let s = summary(raw: raw, paramsOnly: paramsOnly, cpuUsage: cpuUsage)
        if !s.isEmpty { lines.append(s) }
        for (i, ctx) in contexts.enumerated() {
            lines.append("context \(i)")
            lines.append(indentLines(ctx.toString(raw: raw, paramsOnly: paramsOnly, omitTriedRegions: omitTriedRegions), 4))
        }
        return lines.joined(separator: "\n")
    }
}

extension DamonContext {
    public func toString(raw: Bool, paramsOnly: Bool = false, omitTriedRegions: Bool = false) -> String {
        var opsWords = ["ops: " + ops.rawValue]
        if opsAttrs.useReports {
            opsWords += ["use_reports", "cpus " + opsAttrs.cpus, "threads " + opsAttrs.tids]
        }
        if opsAttrs.writeOnly { opsWords.append("write-only") }
        if addrUnit != .int(1) { opsWords.append("addr_unit " + UnitFormat.sizeAccurate(addrUnit, raw: raw)) }
        var lines = [opsWords.joined(separator: " ")]
        if probes.count == 1 {
            lines.append("probe " + probes[0].toString(raw: raw))
        } else if probes.count > 1 {
            lines.append("probes")
            lines += probes.map { "- " + $0.toString(raw: raw) }
        }
        if pause { lines.append("pause: True") }
        for (i, t) in targets.enumerated() {
            lines.append("target \(i)")
            lines.append(indentLines(t.toString(raw: raw), 4))
        }
        let intervalsText = intervals.toString(raw: raw)
        if intervalsText.contains("\n") {
            lines.append("intervals")
            lines.append(indentLines(intervalsText, 4))
        } else {
            lines.append("intervals: " + intervalsText)
        }
        lines.append("nr_regions: " + nrRegions.toString(raw: raw))
        for (i, s) in schemes.enumerated() {
            lines.append("scheme \(i)")
            lines.append(indentLines(s.toString(raw: raw, paramsOnly: paramsOnly, omitTriedRegions: omitTriedRegions), 4))
        }
        lines.append("access sample control")
        lines.append(sampleControl.toString(raw: raw))
        return lines.joined(separator: "\n")
    }
}

extension DamonTarget {
    public func toString(raw: Bool) -> String {
        var lines: [String] = []
        if let pid { lines.append("pid: \(pid)") }
        if obsolete { lines.append("(obsolete)") }
        lines += regions.map { "region " + $0.toString(raw: raw) }
        return lines.joined(separator: "\n")
    }
}

extension Damos {
    /// `action: migrate_hot to node 1 per 100 ms`
    public func actionLine(raw: Bool) -> String {
        var words = ["action: " + action.rawValue]
        if action.isMigration { words.append("to node " + (targetNid.map { "\($0)" } ?? "None")) }
        words.append(applyIntervalUs != .int(0) ? "per " + UnitFormat.timeUs(applyIntervalUs, raw: raw)
                         : "per aggr interval")
        return words.joined(separator: " ")
    }

    public func toString(raw: Bool, paramsOnly: Bool = false, omitTriedRegions: Bool = false) -> String {
        var lines = [actionLine(raw: raw), "target access pattern", indentLines(accessPattern.toString(raw: raw), 4)]
        for d in dests { lines.append("dest \(PyFormat.int(d.id)) weight \(PyFormat.int(d.weight))") }
        lines += ["quotas", indentLines(quotas.toString(raw: raw, paramsOnly: paramsOnly), 4)]
        lines += ["watermarks", indentLines(watermarks.toString(raw: raw), 4)]
        for (i, f) in filters.enumerated() {
            lines += ["filter \(i)", indentLines(f.toString(raw: raw), 4)]
        }
        if !paramsOnly, let stats { lines += ["statistics", indentLines(stats.toString(raw: raw), 4)] }
        if !paramsOnly && !omitTriedRegions, let triedRegions {
            lines.append("tried regions (\(UnitFormat.size(triedBytes, raw: raw)))")
            lines += triedRegions.map { indentLines($0.triedRegionText(raw: raw), 4) }
        }
        return lines.joined(separator: "\n")
    }
}
