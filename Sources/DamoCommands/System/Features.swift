import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords

/// Where the system's files are, for the read-only system commands:
/// DAMON's files under the interface root, and the kernel release, which
/// tests give for the emulated kernel.
struct SystemOptions: ParsableArguments {
    @OptionGroup var interface: InterfaceRootOption

    @Option(name: .customLong("kernel_release"), help: .hidden)
    var kernelRelease: String?

    var fs: DamonFS { interface.control.fs }
    var release: String? { kernelRelease ?? KernelRelease.current() }
    var probe: FeatureProbe { FeatureProbe(fs: fs, release: release) }
}

/// `damo features`: which DAMON features the running kernel has, read from
/// the files it shows (see FeatureProbe); nothing is written.
struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "list supported DAMON features in the kernel",
        discussion: """
            Features are read from the files the kernel shows (interfaces, module parameters, tracepoints, \
            existing kdamond directories); what no file shows is told by the kernel release.  DAMON is never \
            started to find out.
            """)

    enum ListType: String, ExpressibleByArgument, CaseIterable { case supported, unsupported, all, json }

    @Argument(help: "type of features to listed")
    var type: ListType = .all

    @Flag(name: .customLong("infer_version"), help: "infer version of DAMON")
    var inferVersion = false

    @Flag(name: .customLong("invalidate_cache"), help: "check features again, from the scratch (nothing is cached)")
    var invalidateCache = false

    @OptionGroup var system: SystemOptions

    func run() throws {
        Deprecation.features()
        let findings = system.probe.probe()
        let sorted = findings.sorted { $0.feature.name < $1.feature.name }
        var lines: [String] = []
        switch type {
        case .all: lines = sorted.map { "\($0.feature.name): \($0.supported ? "Supported" : "Unsupported")" }
        case .supported: lines = sorted.filter(\.supported).map(\.feature.name)
        case .unsupported: lines = sorted.filter { !$0.supported }.map(\.feature.name)
        case .json:
            var map = KVDict()
            for f in sorted { map[f.feature.name] = .bool(f.supported) }
            lines = [KVJSON.text(.dict(map))]
        }
        if inferVersion {
            let (version, error) = Self.inferVersion(findings.filter(\.supported).map(\.feature))
            if let error { lines.append("Version inference fail (\(error))") }
            lines.append("Seems the version of DAMON is \(version ?? "None")")
        }
        if !lines.isEmpty { writeStdout(lines.joined(separator: "\n") + "\n") }
    }

    /// damo's inference: the newest mainline release among the features,
    /// with `+` when a feature beyond the mainline is there too; `<5.15`
    /// for none; an error when only features beyond the mainline are.
    static func inferVersion(_ available: [DamonFeature]) -> (version: String?, error: String?) {
        if available.isEmpty { return ("<5.15", nil) }
        var plus = false
        for feature in DamonFeature.all.reversed() where available.contains(feature) {
            if feature.upstreamedRelease == nil {
                plus = true
                continue
            }
            return (feature.upstreamedVersion + (plus ? "+" : ""), nil)
        }
        return (nil, "only non-upstreamed features")
    }
}
