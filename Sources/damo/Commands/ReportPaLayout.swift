import ArgumentParser
import DamoCommands

struct ReportPaLayout: DamoCLICommand, ReportPaLayoutCommand {
    static let configuration = CommandConfiguration(
        commandName: "pa_layout", abstract: "physical address layout",
        discussion: "Show physical address space layout")

    @Option(name: .customLong("numa_node"), help: ArgumentHelp("print ranges of this numa node only", valueName: "node id"))
    var numaNode: Int?

    @Option(name: .customLong("numa_addr"), help: ArgumentHelp("show only address ranges of the numa node", valueName: "node id"))
    var numaAddr: Int?

    @Flag(name: .customLong("raw_number"), help: "use machine-friendly raw numbers")
    var rawNumber = false

    @Option(name: .customLong("machine_root"), help: .hidden)
    var machineRoot: String?
}
