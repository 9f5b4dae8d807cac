import DamonKernel

/// Where DAMON's files are (the hidden --interface_root, else
/// DAMO_INTERFACE_ROOT, else /sys), which of its interfaces to use (damo's
/// hidden --damon_interface_DEPRECATED), and whether to print every file
/// access (--debug_damon).
public protocol InterfaceOptions {
    var interfaceRoot: String? { get }
    var damonInterface: DamonInterfaceChoice { get }
    var debugDamon: Bool { get }
}

extension InterfaceOptions {
    public func control(in env: DamoEnvironment) -> DamonControl {
        env.damonFiles.control(root: interfaceRoot, choice: damonInterface, debug: debugDamon,
                               log: { env.output.printLine($0) })
    }
}

/// The read-only system commands' view: DAMON's files under the interface
/// root, and the kernel release, which tests give for the emulated kernel.
public protocol SystemOptions {
    associatedtype Interface: InterfaceOptions
    var interface: Interface { get }
    var kernelRelease: String? { get }
}

extension SystemOptions {
    func fs(in env: DamoEnvironment) -> DamonFS { interface.control(in: env).fs }
    var release: String? { kernelRelease ?? KernelRelease.current() }
    func probe(in env: DamoEnvironment) -> FeatureProbe { FeatureProbe(fs: fs(in: env), release: release) }
}

/// Where the module parameters are: /sys, or the hidden interface root.
public protocol ModuleRootOptions {
    var interfaceRoot: String? { get }
}

extension ModuleRootOptions {
    func fs(in env: DamoEnvironment) -> DamonFS { env.damonFiles.fs(root: interfaceRoot) }
}
