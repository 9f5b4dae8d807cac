import ArgumentParser
import DamoCommands

struct ReclaimOptions: ParsableArguments, ReclaimCommand {
    @Argument(help: ArgumentHelp("read status, enable, or disable DAMON_RECLAIM",
                                 valueName: "{status,enable,disable,commit}"))
    var action: [String] = []
    @Option(name: .customLong("min_age"),
            help: ArgumentHelp("time threshold for cold memory regions identification (us)", valueName: "microseconds"))
    var minAge: String?
    @Option(name: .customLong("quota"), parsing: .upToNextOption,
            help: ArgumentHelp("quotas for time and size, and reset interval", valueName: "ms> <bytes> <ms"))
    var quota: [String] = []
    @OptionGroup var common: ModuleCommonArgs
    @Flag(name: .customLong("skip_anon"), help: "skip reclaiming anonymous pages")
    var skipAnon = false
    @OptionGroup var root: ModuleRootOption
}

struct LruSortOptions: ParsableArguments, LruSortCommand {
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
    @OptionGroup var common: ModuleCommonArgs
    @OptionGroup var root: ModuleRootOption
}

/// Options both modules have, in damo's order of writing them.
struct ModuleCommonArgs: ParsableArguments, ModuleCommonOptions {
    @Option(name: .customLong("wmarks"), parsing: .upToNextOption,
            help: ArgumentHelp("watermarks check interval and three watermarks",
                               valueName: "us> <per-thousand> <per-thousand> <per-thousand"))
    var wmarks: [String] = []
    @Option(name: .customLong("monitor_intervals"), parsing: .upToNextOption,
            help: ArgumentHelp("intervals for sampling and aggregation of DAMON", valueName: "microseconds"))
    var monitorIntervals: [String] = []
    @Option(name: .customLong("nr_regions"), parsing: .upToNextOption,
            help: ArgumentHelp("minimum and maximum number of DAMON memory regions", valueName: "number"))
    var nrRegions: [String] = []
    @Option(name: .customLong("monitor_region"), parsing: .upToNextOption,
            help: ArgumentHelp("start and end addresses of the target memory region", valueName: "phy addr"))
    var monitorRegion: [String] = []
}

struct Reclaim: DamoCLICommand {
    static let configuration = CommandConfiguration(abstract: "control DAMON_RECLAIM", discussion: LiveDamon.module)
    @OptionGroup var options: ReclaimOptions
    func run(in env: DamoEnvironment) throws { try options.run(in: env) }
}

struct LruSort: DamoCLICommand {
    static let configuration = CommandConfiguration(commandName: "lru_sort", abstract: "control DAMON_LRU_SORT", discussion: LiveDamon.module)
    @OptionGroup var options: LruSortOptions
    func run(in env: DamoEnvironment) throws { try options.run(in: env) }
}

/// `damo module <name> ...`: the DAMON modules by name.
struct Module: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "control DAMON kernel modules",
        subcommands: [ModuleReclaim.self, ModuleLruSort.self, ModuleStat.self])
}

struct ModuleReclaim: DamoCLICommand {
    static let configuration = CommandConfiguration(commandName: "reclaim", abstract: "DAMON_RECLAIM", discussion: LiveDamon.module)
    @OptionGroup var options: ReclaimOptions
    func run(in env: DamoEnvironment) throws { try options.run(in: env) }
}

struct ModuleLruSort: DamoCLICommand {
    static let configuration = CommandConfiguration(commandName: "lru_sort", abstract: "DAMON_LRU_SORT", discussion: LiveDamon.module)
    @OptionGroup var options: LruSortOptions
    func run(in env: DamoEnvironment) throws { try options.run(in: env) }
}
