import DamoReports
import DamonKernel

/// What `read` shows besides the parameters themselves.
let idleTimeKeywords = ["idle_time_mem_sz", "idle_time_percentiles"]

/// `damo module stat read`: DAMON_STAT's parameters, and its idle time
/// percentiles shown as damo shows them.
public protocol ModuleStatReadCommand {
    associatedtype Root: ModuleRootOptions
    var toRead: [String] { get }
    var memSzLines: Int { get }
    var percentilesRange: [String] { get }
    var inputPercentiles: [String] { get }
    var rawNumber: Bool { get }
    var root: Root { get }
}

extension ModuleStatReadCommand {
    public func run(in env: DamoEnvironment) throws {
        var rest: [String] = []
        let range = try fixedInts(percentilesRange, 3, "--idle_time_percentiles_range", rest: &rest) ?? [0, 101, 10]
        let names = toRead + rest
        let params = DamonModuleParams(fs: root.fs(in: env), module: "damon_stat")
        var given: [Double]?
        if !inputPercentiles.isEmpty { given = try IdleTimeReport.fromPairs(try inputWords()) }
        func percentiles() throws -> [Double] {
            if let given { return given }
            try requirePresent(params)
            return try IdleTimeReport.fromKernel(try params.read("memory_idle_ms_percentiles"))
        }
        var out: [String] = []
        if names.isEmpty {
            try requirePresent(params)
            out = try params.names().map { "\($0): \(try params.read($0))" }
        }
        for name in names {
            switch name {
            case "idle_time_mem_sz":
                out.append(try IdleTimeReport.memorySize(try percentiles(), lines: memSzLines, raw: rawNumber))
            case "idle_time_percentiles":
                out.append(try IdleTimeReport.percentiles(try percentiles(), start: range[0], end: range[1],
                                                          step: range[2], raw: rawNumber))
            default:
                try requirePresent(params)
                guard params.exists(name) else {
                    throw DamoError("wrong parameter (\(name)); use one of: "
                                   + (try params.names() + idleTimeKeywords).joined(separator: ", "))
                }
                out.append(try params.read(name))
            }
        }
        try env.show(out.joined(separator: "\n"))
    }

    /// A single file of words, or the words themselves.
    func inputWords() throws -> [String] {
        if inputPercentiles.count == 1, ProcFS.isRegularFile(inputPercentiles[0]) {
            guard let text = ProcFS.read(inputPercentiles[0]) else { throw DamoError("cannot read \(inputPercentiles[0])") }
            return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        }
        return inputPercentiles
    }
}

func requirePresent(_ params: DamonModuleParams) throws {
    guard params.present else {
        throw DamoError("\(params.module.uppercased()) is not available: /sys/\(params.dir) not found")
    }
}

/// `write NAME VALUE ...` for any module's parameters; a refused value
/// puts back those already written.
public protocol ModuleStatWriteCommand {
    associatedtype Root: ModuleRootOptions
    var parameterValue: [String] { get }
    var root: Root { get }
}

extension ModuleStatWriteCommand {
    public func run(in env: DamoEnvironment) throws {
        try writeModuleParams(DamonModuleParams(fs: root.fs(in: env), module: "damon_stat"), parameterValue)
    }
}

func writeModuleParams(_ params: DamonModuleParams, _ words: [String]) throws {
    guard words.count % 2 == 0 else {
        throw DamoError("wrong parameter_value: <parameter name> <value> pairs expected (\(words.count) words given)")
    }
    try requirePresent(params)
    var written: [(String, String)] = []
    do {
        for i in stride(from: 0, to: words.count, by: 2) {
            guard params.exists(words[i]) else { throw DamoError("\(params.module) has no parameter '\(words[i])'") }
            let old = try params.read(words[i])
            try params.write(words[i], words[i + 1])
            written.append((words[i], old))
        }
    } catch {
        for (name, old) in written.reversed() { try? params.write(name, old) }
        throw error
    }
}
