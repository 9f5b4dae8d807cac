#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

/// Options `report heatmap` shares with the older `report heats`.
struct HeatmapSourceOptions: ParsableArguments {
    @Option(name: [.customLong("input"), .customShort("i")], parsing: .upToNextOption, help: "input file name")
    var input: [String] = ["damon.data"]

    @Option(name: .customLong("kdamond_idx"), help: "kdamond idx of record to print heatmap for")
    var kdamondIdx: Int?
    @Option(name: .customLong("context_idx"), help: "context idx of record to print heatmap for")
    var contextIdx: Int?
    @Option(name: .customLong("scheme_idx"), help: "scheme idx of record to print heatmap for")
    var schemeIdx: Int?
    @Option(name: .customLong("tid"), help: "target id of record to print heatmap for")
    var tid: String?

    @Option(name: .customLong("resol"), parsing: .upToNextOption,
            help: ArgumentHelp("resolutions for time and address axes", valueName: "time> <address"))
    var resol: [Int] = []

    @Option(name: .customLong("time_range"), parsing: .upToNextOption,
            help: ArgumentHelp("<start> <end> [base] of the time range; base can be 'guided' or 'guided_end'",
                               valueName: "nanoseconds"))
    var timeRange: [String] = []

    @Option(name: .customLong("draw_range"), help: "which ranges to draw heatmap for (hottest, all)")
    var drawRange = "hottest"

    @Option(name: .customLong("address_range"), parsing: .upToNextOption,
            help: ArgumentHelp("<start> <end> [base] of an address range (repeatable); base can be 'guided'",
                               valueName: "address"))
    var addressRange: [String] = []

    @Flag(name: .customLong("abs_time"), help: "display absolute time in output")
    var absTime = false
    @Flag(name: .customLong("abs_addr"), help: "display absolute address in output")
    var absAddr = false
    @Flag(name: .customLong("guide"), help: "print a guidance for the ranges and resolution settings")
    var guide = false
    @Flag(name: .customLong("guide_human"), help: "print the guidance in human-friendly format")
    var guideHuman = false

    @Flag(name: .customLong("df_passed"), help: "show heatmap for only DAMOS filter-passed parts")
    var dfPassed = false
    @Flag(name: .customLong("sort_temperature"), help: "sort regions by temperature on space")
    var sortTemperature = false
    @Option(name: .customLong("temperature_weights"), parsing: .upToNextOption,
            help: ArgumentHelp("temperature calculation weights", valueName: "frequency> <age"))
    var temperatureWeights: [Double] = [1.0, 1.0]

    func options(defaultResolution: (Int, Int)) throws -> HeatmapOptions {
        var resolution = defaultResolution
        if !resol.isEmpty {
            let r = try expectCount(resol, 2, "--resol", "<time> <address>")
            resolution = (r[0], r[1])
        }
        var o = HeatmapOptions(resolution: (time: resolution.0, addr: resolution.1))
        o.kdamondIdx = kdamondIdx
        o.contextIdx = contextIdx
        o.schemeIdx = schemeIdx
        if let tid {
            guard let t = UnitParse.pyInt(tid) else { throw CLIError("--tid takes an integer ('\(tid)' given)") }
            o.targetId = .int(t)
        }
        if !timeRange.isEmpty { o.timeRange = timeRange }
        if !addressRange.isEmpty { o.addressRanges = groupedValues(of: "--address_range") }
        guard let d = HeatmapOptions.DrawRange(rawValue: drawRange) else {
            throw CLIError("--draw_range must be 'hottest' or 'all' ('\(drawRange)' given)")
        }
        o.drawRange = d
        o.dfPassed = dfPassed
        o.sortTemperature = sortTemperature
        let w = try expectCount(temperatureWeights, 2, "--temperature_weights", "<frequency> <age>")
        o.temperatureWeights = (w[0], w[1])
        return o
    }

    /// Prints the guide when asked; true if it did.
    func showGuideIfAsked(_ records: [Record]) throws -> Bool {
        guard guide || guideHuman else { return false }
        for g in RecordGuide.of(records) {
            try ReportOutput.show(g.text(raw: !guideHuman))
        }
        return true
    }
}

struct ReportHeatmap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heatmap", abstract: "Show when which address ranges were how frequently accessed.")

    @Option(name: .customLong("output"),
            help: "'stdout', 'raw', or an image file (.png, .svg, .pdf; .jpeg through ImageMagick)")
    var output = "stdout"

    @OptionGroup var source: HeatmapSourceOptions

    @Option(name: .customLong("stdout_colorset"), help: "color theme for access frequencies (gray, flame, emotion)")
    var stdoutColorset = "gray"

    @Flag(name: .customLong("stdout_skip_colorset_example"), help: "skip printing example colors at the output")
    var skipColorsetExample = false

    func run() throws {
        guard let colorset = AsciiColorset(rawValue: stdoutColorset) else {
            throw CLIError("--stdout_colorset must be gray, flame or emotion ('\(stdoutColorset)' given)")
        }
        let image = output == "stdout" || output == "raw" ? nil : try ImageTarget(path: output)
        let options = try source.options(defaultResolution: output == "stdout" ? (40, 80) : (500, 500))
        let records = try loadRecords(source.input)
        if try source.showGuideIfAsked(records) { return }
        let maps = try HeatmapReport.maps(records, options)
        for (idx, map) in maps.enumerated() {
            if let image {
                try image.write(map, index: idx, absTime: source.absTime, absAddr: source.absAddr,
                                yLabel: options.sortTemperature ? "Size (bytes)" : "Address (bytes)")
            } else if output == "raw" {
                let out = ReportOutput(ending: .print)
                map.heatmap.rawText(absoluteTime: source.absTime, absoluteAddr: source.absAddr, to: out)
                try out.finish()
            } else {
                try ReportOutput.show(map.heatmap.asciiText(colorset: colorset, showColorset: !skipColorsetExample))
            }
        }
    }
}

/// `report heats`: the heatmap command of older damo releases, printing
/// the raw pixels unless `--heatmap` names an image file (or `stdout`).
struct ReportHeats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heats", abstract: "Show the heatmap of a record (older spelling of 'report heatmap').")

    @Option(name: .customLong("heatmap"), help: "image file to draw, or 'stdout' for the terminal")
    var heatmap: String?

    @Flag(name: .customLong("stdout_heatmap"), help: "show the heatmap on the terminal")
    var stdoutHeatmap = false

    @Option(name: .customLong("stdout_heatmap_color"), help: "color theme for the terminal (gray, flame, emotion)")
    var color = "gray"

    @OptionGroup var source: HeatmapSourceOptions

    func run() throws {
        Deprecation.reportHeats()
        var args = ["report", "heatmap"]
        if stdoutHeatmap || heatmap == "stdout" {
            args += ["--output", "stdout", "--stdout_colorset", color]
        } else if let heatmap {
            args += ["--output", heatmap]
        } else {
            args += ["--output", "raw"]
        }
        var command = ReportHeatmap()
        command.output = args[3]
        command.source = source
        command.stdoutColorset = color
        try command.run()
    }
}

/// An image file to draw maps into; several maps get `.1`, `.2`, ...
/// before the extension, as damo names them.
struct ImageTarget {
    let path: String
    let format: PlotImageFormat
    let viaImageMagick: Bool

    init(path: String) throws {
        self.path = path
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if ext == "jpeg" || ext == "jpg" {
            format = .png
            viaImageMagick = true
            return
        }
        guard let f = PlotImageFormat(path: path) else {
            throw CLIError("unsupported image type of '\(path)' (use .png, .svg, .pdf or .jpeg)")
        }
        format = f
        viaImageMagick = false
    }

    func path(index: Int) -> String {
        guard index > 0 else { return path }
        var parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        parts.insert(String(index), at: parts.count - 1)
        return parts.joined(separator: ".")
    }

    func write(_ map: HeatmapReport.Map, index: Int, absTime: Bool, absAddr: Bool, yLabel: String) throws {
        let h = map.heatmap
        let t0 = absTime ? map.timeRange.0.double : 0, a0 = absAddr ? map.addrRange.0.double : 0
        let xRange = t0...(t0 + (map.timeRange.1 - map.timeRange.0).double)
        let yRange = a0...(a0 + (map.addrRange.1 - map.addrRange.0).double)
        let plot = HeatmapPlot(heats: h.heats, xRange: xRange, yRange: yRange,
                               xLabel: "Time (ns)", yLabel: yLabel, colorLabel: "Access frequency (\(h.heatUnit))")
        try writeImage(plot.render(format), to: path(index: index))
    }

    func writeImage(_ bytes: [UInt8], to target: String) throws {
        try writeImageFile(bytes, to: target, viaImageMagick: viaImageMagick)
    }
}

/// Writes an image atomically; JPEG is converted from PNG by ImageMagick.
func writeImageFile(_ bytes: [UInt8], to target: String, viaImageMagick: Bool) throws {
    guard viaImageMagick else {
        try writeFileAtomically(bytes, to: target)
        return
    }
    guard let convert = Processes.find("magick") ?? Processes.find("convert") else {
        throw CLIError("writing '\(target)' needs ImageMagick ('convert' or 'magick') for JPEG; use .png, .svg or .pdf instead")
    }
    let png = Processes.temporaryDirectory() + "/damo-plot-\(getpid()).png"
    try writeFileAtomically(bytes, to: png)
    defer { unlink(png) }
    // Converted next to the target, then renamed: never a partial image.
    let partial = target + ".damo-partial-\(getpid())"
    let (status, stderr) = try Processes.run(convert, [png, "jpeg:" + partial], stdoutTo: 2)
    if status != 0 || rename(partial, target) != 0 {
        unlink(partial)
        throw CLIError("ImageMagick could not write '\(target)': \(stderr.split(separator: "\n").first ?? "exit \(status)")")
    }
}

func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
    try AtomicFileSink.write(bytes, to: path, permission: 0o666 & ~RecordFile.umaskValue)
}
