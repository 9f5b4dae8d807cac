import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords

/// `damo replay`: makes memory accessed as a record says its regions were,
/// in real time, natively and with several threads (see Replayer).
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "replay the recorded data accesses",
        discussion: """
            The record's regions are laid out in one memory area in address order, without the gaps between \
            them; each snapshot is replayed for as long as it was recorded, in slices of the sampling interval, \
            touching a region in as many slices as it had accesses.  A page is touched by writing one byte \
            (--access page, what DAMON sees), or every byte of it (--access full).
            """)

    @Argument(help: ArgumentHelp("record file to replay", valueName: "file"))
    var input = "damon.data"

    @Option(name: .customLong("progress_notice_interval"),
            help: ArgumentHelp("time interval between replay progress notice", valueName: "seconds"))
    var progressNoticeInterval: String?

    @Flag(name: .customLong("test_perf"), help: "measure performance of replayer")
    var testPerf = false

    @Option(name: .customLong("test_perf_sz_mem"), help: ArgumentHelp("size of memory to use for --test_perf", valueName: "bytes"))
    var testPerfSzMem = "1 GiB"

    @Option(name: .customLong("test_perf_runtime"), help: ArgumentHelp("runtime of --test_perf", valueName: "seconds"))
    var testPerfRuntime = "1 m"

    @Option(name: .customLong("access"), help: ArgumentHelp("how a page is accessed: page (one byte) or full (every byte)",
                                                            valueName: "page|full"))
    var access = "page"

    @Option(name: .customLong("nr_threads"), help: ArgumentHelp("threads that touch the memory (default: online CPUs)",
                                                                valueName: "number"))
    var nrThreads: Int?

    func run() throws {
        guard let mode = Replayer.Access(rawValue: access) else {
            throw CLIError("--access must be page or full ('\(access)' given)")
        }
        if let nrThreads, nrThreads < 1 { throw CLIError("--nr_threads must be 1 or more (\(nrThreads) given)") }
        let threads = nrThreads ?? Replayer.onlineCPUs
        if testPerf {
            let size = try number(testPerfSzMem, "--test_perf_sz_mem", UnitParse.bytes)
            let seconds = try number(testPerfRuntime, "--test_perf_runtime", UnitParse.sec)
            guard size >= Double(ReplayPlan.pageSize) else { throw CLIError("--test_perf_sz_mem must be a page (4 KiB) or more") }
            try checkMemory(Int(size), "--test_perf_sz_mem")
            let replayer = try makeReplayer(size: Int(size), mode, threads)
            replayer.measure(size: Int(size), seconds: seconds) { rate in
                writeStdout("replayer can access \(UnitFormat.size(rate)) memory per second\n")
            }
            return
        }
        let interval = try progressNoticeInterval.map { try number($0, "--progress_notice_interval", UnitParse.sec) } ?? 3
        let records = try loadRecords([input])
        if records.count != 1 { writeStdout("supporting only single record for now\n") }
        let plan = ReplayPlan(record: records[0])
        try checkMemory(plan.touchedBytes, input)
        let replayer = try makeReplayer(size: plan.areaSize, mode, threads)
        var nextNotice = interval
        let total = plan.snapshots.count
        replayer.replay(plan) { done, elapsed in
            if elapsed >= nextNotice {
                writeStdout("\(done - 1)/\(total) snapshots replayed in \(PyFormat.fixed(elapsed, 3)) seconds\n")
                nextNotice += interval
            }
        }
        writeStdout("all snapshots are replayed\n")
    }

    func number(_ text: String, _ option: String, _ parse: (String) throws -> PyNum) throws -> Double {
        do { return try parse(text).double } catch { throw CLIError("\(option): \(error)") }
    }

    func makeReplayer(size: Int, _ mode: Replayer.Access, _ threads: Int) throws -> Replayer {
        do { return try Replayer(size: size, access: mode, threads: threads) } catch { throw CLIError(error.description) }
    }

    /// Replaying more than the system can hold would end in the OOM killer.
    func checkMemory(_ bytes: Int, _ what: String) throws {
        if let available = Replayer.availableMemory(), bytes > available {
            throw CLIError("\(what): replaying needs \(UnitFormat.size(bytes)) of memory; only \(UnitFormat.size(available)) is available")
        }
    }
}
