import DamonKernel
import DamonModel
import DamonRecords

/// `damo replay`: makes memory accessed as a record says its regions were,
/// in real time, natively and with several threads (see Replayer).
public protocol ReplayCommand {
    var input: String { get }
    var progressNoticeInterval: String? { get }
    var testPerf: Bool { get }
    var testPerfSzMem: String { get }
    var testPerfRuntime: String { get }
    var access: String { get }
    var nrThreads: Int? { get }
}

extension ReplayCommand {
    public func run(in env: DamoEnvironment) throws {
        guard let mode = Replayer.Access(rawValue: access) else {
            throw DamoError("--access must be page or full ('\(access)' given)")
        }
        if let nrThreads, nrThreads < 1 { throw DamoError("--nr_threads must be 1 or more (\(nrThreads) given)") }
        let threads = nrThreads ?? Replayer.onlineCPUs
        if testPerf {
            let size = try number(testPerfSzMem, "--test_perf_sz_mem", UnitParse.bytes)
            let seconds = try number(testPerfRuntime, "--test_perf_runtime", UnitParse.sec)
            guard size >= Double(ReplayPlan.pageSize) else { throw DamoError("--test_perf_sz_mem must be a page (4 KiB) or more") }
            try checkMemory(Int(size), "--test_perf_sz_mem")
            let replayer = try makeReplayer(size: Int(size), mode, threads)
            replayer.measure(size: Int(size), seconds: seconds) { rate in
                env.output.writeMessage("replayer can access \(UnitFormat.size(rate)) memory per second\n")
            }
            return
        }
        let interval = try progressNoticeInterval.map { try number($0, "--progress_notice_interval", UnitParse.sec) } ?? 3
        // Two passes: the memory area needs all of the first record's
        // regions, and then its snapshots are replayed one by one.
        var stream = try RecordStream(path: input, perfScript: env.perfScript())
        guard let header = try stream.nextRecord() else { throw env.noSnapshot(input) }
        var layout = ReplayLayout(intervals: header.intervals)
        while let snapshot = try stream.nextSnapshot() { layout.add(snapshot) }
        while try stream.nextRecord() != nil { _ = try stream.skipSnapshots() }
        if stream.snapshotCount == 0 { throw env.noSnapshot(input) }
        if stream.recordCount != 1 { env.output.writeMessage("supporting only single record for now\n") }
        try checkMemory(layout.touchedBytes, input)
        let replayer = try makeReplayer(size: layout.areaSize, mode, threads)
        var nextNotice = interval
        let total = layout.snapshotCount
        var replayed = try RecordStream(path: input, perfScript: env.perfScript())
        _ = try replayed.nextRecord()
        try replayer.replay(next: { try replayed.nextSnapshot().map(layout.plan) }) { done, elapsed in
            if elapsed >= nextNotice {
                env.output.writeMessage("\(done - 1)/\(total) snapshots replayed in \(PyFormat.fixed(elapsed, 3)) seconds\n")
                nextNotice += interval
            }
        }
        env.output.writeMessage("all snapshots are replayed\n")
    }

    func number(_ text: String, _ option: String, _ parse: (String) throws -> PyNum) throws -> Double {
        do { return try parse(text).double } catch { throw DamoError("\(option): \(error)") }
    }

    func makeReplayer(size: Int, _ mode: Replayer.Access, _ threads: Int) throws -> Replayer {
        do { return try Replayer(size: size, access: mode, threads: threads) } catch { throw DamoError(error.description) }
    }

    /// Replaying more than the system can hold would end in the OOM killer.
    func checkMemory(_ bytes: Int, _ what: String) throws {
        if let available = Replayer.availableMemory(), bytes > available {
            throw DamoError("\(what): replaying needs \(UnitFormat.size(bytes)) of memory; only \(UnitFormat.size(available)) is available")
        }
    }
}
