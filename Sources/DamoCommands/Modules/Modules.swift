import ArgumentParser
import DamonKernel

/// `damo reclaim` and `damo module reclaim`: DAMON_RECLAIM's parameters,
/// status, enable, disable, commit.
struct ReclaimOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("read status, enable, or disable DAMON_RECLAIM",
                                 valueName: "{status,enable,disable,commit}"))
    var action: [String] = []
    @Option(name: .customLong("min_age"),
            help: ArgumentHelp("time threshold for cold memory regions identification (us)", valueName: "microseconds"))
    var minAge: String?
    @Option(name: .customLong("quota"), parsing: .upToNextOption,
            help: ArgumentHelp("quotas for time and size, and reset interval", valueName: "ms> <bytes> <ms"))
    var quota: [String] = []
    @OptionGroup var common: ModuleCommonOptions
    @Flag(name: .customLong("skip_anon"), help: "skip reclaiming anonymous pages")
    var skipAnon = false
    @OptionGroup var root: ModuleRootOption

    func run() throws {
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
        try runModule(.reclaim, fs: root.fs, action: action, settings: settings)
    }
}

/// `damo lru_sort` and `damo module lru_sort`.
struct LruSortOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("read status, enable, or disable DAMON_RECLAIM", valueName: "{status,enable,disable}"))
    var action: [String] = []
    @Option(name: .customLong("hot_thres_access_freq"),
            help: ArgumentHelp("hot memory region access frequency threshold (permil)", valueName: "permil"))
    var hotThresAccessFreq: String?
    @Option(name: .customLong("cold_min_age"),
            help: ArgumentHelp("time threshold for cold memory regions identification (us)", valueName: "microseconds"))
    var coldMinAge: String?
    @Option(name: .customLong("quota"), parsing: .upToNextOption,
            help: ArgumentHelp("time quota and quota reset interval in ms", valueName: "ms> <ms"))
    var quota: [String] = []
    @OptionGroup var common: ModuleCommonOptions
    @OptionGroup var root: ModuleRootOption

    func run() throws {
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
        try runModule(.lruSort, fs: root.fs, action: action, settings: settings)
    }
}

struct Reclaim: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "control DAMON_RECLAIM")
    @OptionGroup var options: ReclaimOptions
    func run() throws { try options.run() }
}

struct LruSort: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lru_sort", abstract: "control DAMON_LRU_SORT")
    @OptionGroup var options: LruSortOptions
    func run() throws { try options.run() }
}

/// `damo module <name> ...`: the DAMON modules by name.
struct Module: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "control DAMON kernel modules",
        subcommands: [ModuleReclaim.self, ModuleLruSort.self, ModuleStat.self])
}

struct ModuleReclaim: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reclaim", abstract: "DAMON_RECLAIM")
    @OptionGroup var options: ReclaimOptions
    func run() throws { try options.run() }
}

struct ModuleLruSort: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lru_sort", abstract: "DAMON_LRU_SORT")
    @OptionGroup var options: LruSortOptions
    func run() throws { try options.run() }
}
