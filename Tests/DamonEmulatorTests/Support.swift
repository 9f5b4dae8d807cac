#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonEmulator
import DamonKernel
import Testing

/// Paths under kdamonds/, for brevity.
let kd = SysfsEmulator.kdamondsPath

/// The errno a DamonFS call threw, or nil when it succeeded (-1 for an
/// error that is not a DamonFSError).
func errnoOf(_ body: () throws -> Void) -> Int32? {
    do {
        try body()
        return nil
    } catch let error as DamonFSError {
        return error.errno
    } catch {
        return -1
    }
}

/// One kdamond, one context, with the given operations; vaddr targets get
/// pid 1234 (made to exist) and paddr a single region.
func makeConfigured(
    _ layout: SysfsLayout = .v6_18, ops: String = "vaddr", schemes: Int = 0
) throws -> SysfsEmulator {
    let fs = SysfsEmulator(layout: layout)
    fs.setLivePids([1234])
    try fs.write("\(kd)/nr_kdamonds", "1")
    try fs.write("\(kd)/0/contexts/nr_contexts", "1")
    let ctx = "\(kd)/0/contexts/0"
    try fs.write("\(ctx)/operations", ops)
    try fs.write("\(ctx)/targets/nr_targets", "1")
    if ops == "paddr" {
        try fs.write("\(ctx)/targets/0/regions/nr_regions", "1")
        try fs.write("\(ctx)/targets/0/regions/0/start", "4096")
        try fs.write("\(ctx)/targets/0/regions/0/end", "1048576")
    } else {
        try fs.write("\(ctx)/targets/0/pid_target", "1234")
    }
    if schemes > 0 { try fs.write("\(ctx)/schemes/nr_schemes", String(schemes)) }
    return fs
}
