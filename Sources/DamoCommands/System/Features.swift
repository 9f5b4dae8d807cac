import DamonKernel
import DamonModel
import DamonRecords

/// `damo features`: which DAMON features the running kernel has, read from
/// the files it shows (see FeatureProbe); nothing is written.
public enum FeatureListType: String, CaseIterable, Sendable { case supported, unsupported, all, json }

public protocol FeaturesCommand {
    associatedtype System: SystemOptions
    var type: FeatureListType { get }
    var inferVersion: Bool { get }
    var system: System { get }
}

extension FeaturesCommand {
    public func run(in env: DamoEnvironment) throws {
        env.warnDeprecated(.features)
        let findings = system.probe(in: env).probe()
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
            let (version, error) = DamonVersion.infer(findings.filter(\.supported).map(\.feature))
            if let error { lines.append("Version inference fail (\(error))") }
            lines.append("Seems the version of DAMON is \(version ?? "None")")
        }
        if !lines.isEmpty { env.output.writeMessage(lines.joined(separator: "\n") + "\n") }
    }
}

enum DamonVersion {
    /// damo's inference: the newest mainline release among the features,
    /// with `+` when a feature beyond the mainline is there too; `<5.15`
    /// for none; an error when only features beyond the mainline are.
    static func infer(_ available: [DamonFeature]) -> (version: String?, error: String?) {
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
