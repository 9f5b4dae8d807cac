import ArgumentParser
import DamoCommands
import DamonKernel

/// DAMON's interface root and choice, and --debug_damon.
struct InterfaceRootOption: ParsableArguments, InterfaceOptions {
    @Option(name: .customLong("interface_root"), help: .hidden)
    var interfaceRoot: String?
    @Option(name: .customLong("damon_interface_DEPRECATED"), help: .hidden)
    var damonInterface: DamonInterfaceChoice = .auto
    @Flag(name: .customLong("debug_damon"), help: "Print debugging log")
    var debugDamon = false
}

extension DamonInterfaceChoice: ExpressibleByArgument {}

/// The system commands' options: the interface, and the kernel release
/// tests give for an emulated kernel.
struct SystemArgs: ParsableArguments, SystemOptions {
    @OptionGroup var interface: InterfaceRootOption

    @Option(name: .customLong("kernel_release"), help: .hidden)
    var kernelRelease: String?
}

/// Where the module parameters are.
struct ModuleRootOption: ParsableArguments, ModuleRootOptions {
    @Option(name: .customLong("interface_root"), help: .hidden)
    var interfaceRoot: String?
}
