import ArgumentParser
import DamoCommands

struct ReportTrace: DamoCLICommand, ReportTraceCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace", abstract: "trace events",
        discussion: "trace events")

    @Option(name: .customLong("event"), parsing: .upToNextOption,
            help: ArgumentHelp("events to trace", valueName: "{damon:damon_aggregated,...,all}"))
    var event: [String] = ["all"]

    @Option(name: .customLong("no_event"), parsing: .upToNextOption,
            help: ArgumentHelp("events to skip tracing", valueName: "{damon:damon_aggregated,...}"))
    var noEvent: [String] = []

    @Option(name: .customLong("tracer"), help: ArgumentHelp("tracer command to use (without it, damo reads tracefs itself)", valueName: "{perf,trace-cmd}"))
    var tracer: String?

    @Option(name: [.customLong("input"), .customShort("i")], help: ArgumentHelp("trace record file", valueName: "<file>"))
    var input: String?

    @Option(name: [.customLong("output"), .customShort("o")], help: ArgumentHelp("save output to a file", valueName: "<file>"))
    var output: String?

    @Flag(name: .customLong("raw"), help: "show raw trace output")
    var raw = false

    @Option(name: .customLong("max_cols"), help: "max columns per line")
    var maxCols: Int = 100

    @Option(name: .customLong("interface_root"), help: .hidden)
    var interfaceRoot: String?
}
