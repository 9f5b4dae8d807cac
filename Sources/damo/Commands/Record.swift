import ArgumentParser
import DamoCommands

/// `damo record` (named so beside the model's Record).
struct RecordCommand: DamoCLICommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record data accesses and additional information.",
        discussion: LiveDamon.record + "\nDAMON parameters options are also supported. Do 'damo help damon_param_options -h' for the options.")

    @OptionGroup var params: DamonParamsOptionGroup

    @Option(name: [.customShort("o"), .customLong("out")], help: ArgumentHelp("output file path", valueName: "file path"))
    var out = "damon.data"

    @OptionGroup var outputOptions: RecordOutputArgs<RecordOutputTypes>

    @Option(name: .customLong("output_flush_sec"), help: "intermediate output files flush duration in seconds")
    var outputFlushSec = "3600"

    @Option(name: .customLong("perf_path"), help: "path of perf tool")
    var perfPath: String?

    // Read from the command line: the later of the two wins.
    @Flag(name: .customLong("exclude_child_tasks"), help: "do not record access of child processes")
    var excludeChildTasks = false

    @Flag(name: .customLong("include_child_tasks"), help: "record accesses of child processes")
    var includeChildTasks = false

    @Flag(name: .customLong("schemes_target_regions"), help: "record schemes tried to be applied regions")
    var schemesTargetRegions = false

    @Option(name: .customLong("snapshot"), parsing: .upToNextOption,
            help: ArgumentHelp("record accesses as snapshots", valueName: "delay> <count"))
    var snapshot: [String] = []

    @Option(name: .customLong("timeout"), help: ArgumentHelp("stop recording after the given seconds", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .customLong("do_record"), parsing: .upToNextOption,
            help: ArgumentHelp("what to do record (access, cpu_profile, mem_footprint, vmas, proc_stats, damon_trace_events)"))
    var doRecord: [String] = ["access", "cpu_profile", "mem_footprint", "vmas", "proc_stats"]

    @Option(name: .customLong("damon_tracer"), help: .hidden)
    var damonTracer: String?

    @Option(name: .customLong("snapshot_damos_filter"), parsing: .upToNextOption,
            help: ArgumentHelp("Region-internal DAMOS filters for the snapshot. Format is same to --damos_filter.",
                               valueName: "damos filter argument"))
    var snapshotDamosFilter: [String] = []

    @OptionGroup var filters: RecordFilterArgs
    @OptionGroup var interface: InterfaceRootOption
}

/// The types `damo record` writes.
enum RecordOutputTypes: RecordOutputTexts {
    static let outputTypeHelp = ArgumentHelp("output file's type", valueName: "json_compressed|json|perf_script|perf_data")
}
