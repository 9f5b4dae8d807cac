import ArgumentParser
import DamoReports
import DamonKernel

/// `damo module stat`: DAMON_STAT's parameters, and its idle time
/// percentiles shown as damo shows them.
struct ModuleStat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stat", abstract: "Control DAMON_STAT", subcommands: [ModuleStatRead.self, ModuleStatWrite.self])
}

/// What `read` shows besides the parameters themselves.
let idleTimeKeywords = ["idle_time_mem_sz", "idle_time_percentiles"]

struct ModuleStatRead: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "read parameters")

    @Argument(help: ArgumentHelp("what to read.", valueName: "parameter name or display keywords"))
    var toRead: [String] = []
    @Option(name: .customLong("idle_time_mem_sz_lines"),
            help: ArgumentHelp("number of lines for idle time to memory size output", valueName: "int"))
    var memSzLines = 10
    @Option(name: .customLong("idle_time_percentiles_range"), parsing: .upToNextOption,
            help: ArgumentHelp("idle time percentiles print range (start, end, interval)", valueName: "int"))
    var percentilesRange: [String] = []
    @Option(name: .customLong("input_idle_time_percentiles"), parsing: .upToNextOption,
            help: ArgumentHelp("idle time percentiles to visualize", valueName: "percentile> <value"))
    var inputPercentiles: [String] = []
    @Flag(name: .customLong("raw_number"), help: "print number in raw form")
    var rawNumber = false
    @OptionGroup var root: ModuleRootOption

    func run() throws {
        var rest: [String] = []
        let range = try fixedInts(percentilesRange, 3, "--idle_time_percentiles_range", rest: &rest) ?? [0, 101, 10]
        let names = toRead + rest
        let params = DamonModuleParams(fs: root.fs, module: "damon_stat")
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
                    throw CLIError("wrong parameter (\(name)); use one of: "
                                   + (try params.names() + idleTimeKeywords).joined(separator: ", "))
                }
                out.append(try params.read(name))
            }
        }
        try ReportOutput.show(out.joined(separator: "\n"))
    }

    /// A single file of words, or the words themselves.
    func inputWords() throws -> [String] {
        if inputPercentiles.count == 1, ProcFS.isRegularFile(inputPercentiles[0]) {
            guard let text = ProcFS.read(inputPercentiles[0]) else { throw CLIError("cannot read \(inputPercentiles[0])") }
            return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        }
        return inputPercentiles
    }
}

func requirePresent(_ params: DamonModuleParams) throws {
    guard params.present else {
        throw CLIError("\(params.module.uppercased()) is not available: /sys/\(params.dir) not found")
    }
}

/// `write NAME VALUE ...` for any module's parameters; a refused value
/// puts back those already written.
struct ModuleStatWrite: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "write", abstract: "write parameters")

    @Argument(help: ArgumentHelp("name of the parameter and the value to write", valueName: "parameter name> <value"))
    var parameterValue: [String]
    @OptionGroup var root: ModuleRootOption

    func run() throws {
        try writeModuleParams(DamonModuleParams(fs: root.fs, module: "damon_stat"), parameterValue)
    }
}

func writeModuleParams(_ params: DamonModuleParams, _ words: [String]) throws {
    guard words.count % 2 == 0 else {
        throw CLIError("wrong parameter_value: <parameter name> <value> pairs expected (\(words.count) words given)")
    }
    try requirePresent(params)
    var written: [(String, String)] = []
    do {
        for i in stride(from: 0, to: words.count, by: 2) {
            guard params.exists(words[i]) else { throw CLIError("\(params.module) has no parameter '\(words[i])'") }
            let old = try params.read(words[i])
            try params.write(words[i], words[i + 1])
            written.append((words[i], old))
        }
    } catch {
        for (name, old) in written.reversed() { try? params.write(name, old) }
        throw error
    }
}
