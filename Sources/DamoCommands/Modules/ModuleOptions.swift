import DamonKernel

/// argparse's fixed `nargs`: an option taking exactly `count` integers.
/// Options here collect up to the next option, so what follows the
/// `count` values is the command's positional argument (`--quota 1 2 3
/// enable`), handed back in `rest`.
func fixedInts(_ values: [String], _ count: Int, _ option: String, rest: inout [String]) throws -> [Int]? {
    if values.isEmpty { return nil }
    guard values.count >= count else {
        throw DamoError.usage("argument \(option): expected \(count) arguments")
    }
    rest += values.dropFirst(count)
    return try values.prefix(count).map { try int($0, option) }
}

func int(_ text: String, _ option: String) throws -> Int {
    guard let n = Int(text.filter { $0 != "_" }) else {
        throw DamoError.usage("argument \(option): invalid int value: '\(text)'")
    }
    return n
}

/// The one positional action of `reclaim` / `lru_sort`: status by default.
func moduleAction(_ positionals: [String], choices: [String]) throws -> String {
    guard positionals.count <= 1 else {
        throw DamoError.usage("unrecognized arguments: \(positionals.dropFirst().joined(separator: " "))")
    }
    let action = positionals.first ?? "status"
    guard choices.contains(action) else {
        throw DamoError.usage("argument action: invalid choice: '\(action)' (choose from "
                              + choices.map { "'\($0)'" }.joined(separator: ", ") + ")")
    }
    return action
}

/// Options both modules have, in damo's order of writing them.
public protocol ModuleCommonOptions {
    var wmarks: [String] { get }
    var monitorIntervals: [String] { get }
    var nrRegions: [String] { get }
    var monitorRegion: [String] { get }
}

extension ModuleCommonOptions {
    func settings(rest: inout [String]) throws -> [DamonModuleSetting] {
        var result: [DamonModuleSetting] = []
        func add(_ names: [String], _ values: [Int]?) {
            guard let values else { return }
            result += zip(names, values).map { DamonModuleSetting($0, String($1)) }
        }
        add(["wmarks_interval", "wmarks_high", "wmarks_mid", "wmarks_low"], try fixedInts(wmarks, 4, "--wmarks", rest: &rest))
        add(["sample_interval", "aggr_interval"], try fixedInts(monitorIntervals, 2, "--monitor_intervals", rest: &rest))
        add(["min_nr_regions", "max_nr_regions"], try fixedInts(nrRegions, 2, "--nr_regions", rest: &rest))
        add(["monitor_region_start", "monitor_region_end"], try fixedInts(monitorRegion, 2, "--monitor_region", rest: &rest))
        return result
    }
}

/// Runs a module command: prints its status, or applies the settings.
func runModule(_ spec: DamonModuleSpec, fs: DamonFS, action: String, settings: [DamonModuleSetting],
               in env: DamoEnvironment) throws {
    let control = DamonModuleControl(fs: fs, spec: spec)
    if action == "status" {
        let lines = try control.status().map { "\($0.name): \($0.value)" }
        try env.show(lines.joined(separator: "\n"))
        return
    }
    try control.apply(settings, DamonModuleAction(rawValue: action)!)
}
