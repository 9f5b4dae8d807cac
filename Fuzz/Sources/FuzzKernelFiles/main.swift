import FuzzSupport
import DamonKernel
import DamonModel

/// DAMON's files as a hostile (or buggy) kernel might show them: sysfs
/// kdamonds with their contexts, targets, schemes and tried regions,
/// debugfs files, module parameters.  The input is a file tree, one
/// `path<TAB>content` per line (`\n` in content for a newline), read
/// through every reader damo has: status, diagnosis, feature probing,
/// module status.  Nothing leaves memory: the tree is not /sys.
fuzzMain(fuzzKernelFiles)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKernelFiles(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let fs = MemoryDamonFS(fuzzText(data, size))
    let diagnosis = DamonDiagnosis.examine(fs: fs, release: "6.12.0", kernelLog: "/nonexistent/damo-fuzz-kmsg",
                                           processExists: { _ in true })
    _ = diagnosis.problems
    for kdamonds in [try? DamonControl(fs: fs).status(updateStats: true, triedRegions: true),
                     try? DebugfsControl(fs: fs).status()] {
        for k in kdamonds ?? [] {
            _ = k.toString(raw: false)
            _ = k.toString(raw: true)
            _ = k.toKV()
        }
    }
    for spec in [DamonModuleSpec.reclaim, .lruSort] {
        _ = try? DamonModuleControl(fs: fs, spec: spec).status()
    }
    return 0
}

/// Files in memory, their directories implied by their paths.
final class MemoryDamonFS: DamonFS {
    var files: [String: String] = [:]
    var dirs: Set<String> = [""]

    init(_ text: String) {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            let path = parts[0].split(separator: "/").joined(separator: "/")
            if parts.count == 2 {
                files[path] = parts[1].split(separator: "\\n", omittingEmptySubsequences: false).joined(separator: "\n")
            }
            var dir = path
            if parts.count == 2, let slash = dir.lastIndex(of: "/") { dir = String(dir[..<slash]) } else if parts.count == 2 { dir = "" }
            while !dir.isEmpty {
                dirs.insert(dir)
                guard let slash = dir.lastIndex(of: "/") else { break }
                dir = String(dir[..<slash])
            }
        }
    }

    func read(_ path: String) throws(DamonFSError) -> String {
        guard var text = files[path] else { throw DamonFSError(path: path, errno: 2, operation: "reading") }
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    func write(_ path: String, _ value: String) throws(DamonFSError) {
        guard files[path] != nil else { throw DamonFSError(path: path, errno: 2, operation: "writing") }
        files[path] = value
    }

    func list(_ path: String) throws(DamonFSError) -> [String] {
        guard dirs.contains(path) else { throw DamonFSError(path: path, errno: 2, operation: "listing") }
        let prefix = path.isEmpty ? "" : path + "/"
        let names = (Array(files.keys) + Array(dirs)).filter { $0.hasPrefix(prefix) && $0.count > prefix.count }
            .map { String($0.dropFirst(prefix.count).prefix { $0 != "/" }) }
        return Array(Set(names)).sorted()
    }

    func exists(_ path: String) -> Bool { files[path] != nil || dirs.contains(path) }
    func isDirectory(_ path: String) -> Bool { dirs.contains(path) }
}
