import ArgumentParser
import DamoCommands

/// `monitor`: starts DAMON for a target (unless `ongoing`), then records
/// `--delay` seconds and reports, again and again, as damo does: by
/// running damo's own record and report commands.
struct Monitor: DamoCLICommand, MonitorCommand {
    static let configuration = CommandConfiguration(
        abstract: "Repeat the recording and the reporting of data accesses.", discussion: LiveDamon.monitor)

    @Argument(help: ArgumentHelp("monitoring target (command, pid, 'paddr' or 'ongoing')", valueName: "target"))
    var target: String

    @Option(name: .customLong("report_type"), help: "report type (heats, wss, holistic)")
    var reportType = "heats"

    @Option(name: .customLong("delay"), help: ArgumentHelp("deplay between updates in seconds.", valueName: "seconds"))
    var delay = 3.0

    @Option(name: .customLong("count"), help: ArgumentHelp("number of updates.", valueName: "count"))
    var count = 0

    @OptionGroup var interface: InterfaceRootOption
}
