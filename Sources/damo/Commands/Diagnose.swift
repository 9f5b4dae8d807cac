import ArgumentParser
import DamoCommands

/// `damo diagnose`: whether DAMON looks healthy, from what the kernel
/// shows; nothing is written (statistics are shown as of their last
/// update, since asking the kernel for new ones is a write).
struct Diagnose: DamoCLICommand, DiagnoseCommand {
    static let configuration = CommandConfiguration(
        abstract: "generate a report on if DAMON is malfunctioning",
        discussion: "Reads DAMON's interfaces, kdamonds, modules and kernel messages; changes nothing.")

    @Flag(name: .customLong("verbose"), help: "make the output verbose")
    var verbose = false

    @OptionGroup var system: SystemArgs

    @Option(name: .customLong("kernel_log"), help: .hidden)
    var kernelLog = "/dev/kmsg"
}
