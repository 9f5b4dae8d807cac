import ArgumentParser
import DamoCommands

/// `damo replay`: makes memory accessed as a record says its regions were,
/// in real time, natively and with several threads (see Replayer).
struct Replay: DamoCLICommand, ReplayCommand {
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
}
