import DamonKernel

/// `damo reclaim` and `damo module reclaim`: DAMON_RECLAIM's parameters,
/// status, enable, disable, commit.
public protocol ReclaimCommand {
    associatedtype Common: ModuleCommonOptions
    associatedtype Root: ModuleRootOptions
    var action: [String] { get }
    var minAge: String? { get }
    var quota: [String] { get }
    var common: Common { get }
    var skipAnon: Bool { get }
    var root: Root { get }
}

extension ReclaimCommand {
    public func run(in env: DamoEnvironment) throws {
        var rest: [String] = []
        var settings: [DamonModuleSetting] = []
        if let minAge { settings.append(DamonModuleSetting("min_age", String(try int(minAge, "--min_age")))) }
        if let q = try fixedInts(quota, 3, "--quota", rest: &rest) {
            settings += zip(["quota_ms", "quota_sz", "quota_reset_interval_ms"], q).map { DamonModuleSetting($0, String($1)) }
        }
        settings += try common.settings(rest: &rest)
        // damo writes skip_anon every time; kernels before 6.3 lack it,
        // which matters only when it is asked for.
        settings.append(DamonModuleSetting("skip_anon", skipAnon ? "Y" : "N", requested: skipAnon))
        let action = try moduleAction(action + rest, choices: ["status", "enable", "disable", "commit"])
        try runModule(.reclaim, fs: root.fs(in: env), action: action, settings: settings, in: env)
    }
}

/// `damo lru_sort` and `damo module lru_sort`.
public protocol LruSortCommand {
    associatedtype Common: ModuleCommonOptions
    associatedtype Root: ModuleRootOptions
    var action: [String] { get }
    var hotThresAccessFreq: String? { get }
    var coldMinAge: String? { get }
    var quota: [String] { get }
    var common: Common { get }
    var root: Root { get }
}

extension LruSortCommand {
    public func run(in env: DamoEnvironment) throws {
        var rest: [String] = []
        var settings: [DamonModuleSetting] = []
        if let v = hotThresAccessFreq {
            settings.append(DamonModuleSetting("hot_thres_access_freq", String(try int(v, "--hot_thres_access_freq"))))
        }
        if let v = coldMinAge { settings.append(DamonModuleSetting("cold_min_age", String(try int(v, "--cold_min_age")))) }
        if let q = try fixedInts(quota, 2, "--quota", rest: &rest) {
            settings += zip(["quota_ms", "quota_reset_interval_ms"], q).map { DamonModuleSetting($0, String($1)) }
        }
        settings += try common.settings(rest: &rest)
        let action = try moduleAction(action + rest, choices: ["status", "enable", "disable"])
        try runModule(.lruSort, fs: root.fs(in: env), action: action, settings: settings, in: env)
    }
}
