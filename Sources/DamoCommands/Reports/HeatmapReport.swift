import DamonModel
import DamonRecords
import DamoReports

/// Options `report heatmap` shares with the older `report heats`.
public protocol HeatmapSourceOptions {
    var input: [String] { get }
    var kdamondIdx: Int? { get }
    var contextIdx: Int? { get }
    var schemeIdx: Int? { get }
    var tid: String? { get }
    var resol: [Int] { get }
    var timeRange: [String] { get }
    var drawRange: String { get }
    var addressRange: [String] { get }
    var absTime: Bool { get }
    var absAddr: Bool { get }
    var guide: Bool { get }
    var guideHuman: Bool { get }
    var dfPassed: Bool { get }
    var sortTemperature: Bool { get }
    var temperatureWeights: [Double] { get }
    /// Image axes in bytes and nanoseconds (as damo's gnuplot drew them).
    var rawNumber: Bool { get }
}

extension HeatmapSourceOptions {
    func options(defaultResolution: (Int, Int), in env: DamoEnvironment) throws -> HeatmapOptions {
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
            guard let t = UnitParse.pyInt(tid) else { throw DamoError("--tid takes an integer ('\(tid)' given)") }
            o.targetId = .int(t)
        }
        if !timeRange.isEmpty { o.timeRange = timeRange }
        if !addressRange.isEmpty { o.addressRanges = env.groupedValues(of: "--address_range") }
        guard let d = HeatmapOptions.DrawRange(rawValue: drawRange) else {
            throw DamoError("--draw_range must be 'hottest' or 'all' ('\(drawRange)' given)")
        }
        o.drawRange = d
        o.dfPassed = dfPassed
        o.sortTemperature = sortTemperature
        let w = try expectCount(temperatureWeights, 2, "--temperature_weights", "<frequency> <age>")
        o.temperatureWeights = (w[0], w[1])
        return o
    }

    /// Prints the guide when asked; true if it did.
    func showGuideIfAsked(_ records: RecordPass, in env: DamoEnvironment) throws -> Bool {
        guard guide || guideHuman else { return false }
        for g in try RecordGuide.of(passes: records) {
            try env.show(g.text(raw: !guideHuman))
        }
        return true
    }

    /// The heatmaps of the records: on the terminal (`stdout`), as raw
    /// pixels (`raw`), or drawn into image files.  With `editAnswers`
    /// (the user's lines, nil at their end), drawn again after each change
    /// the user asks for (HeatmapEdit).
    func showHeatmaps(output: String, colorset colorsetName: String, skipColorsetExample: Bool,
                      editAnswers: (() -> String?)? = nil, in env: DamoEnvironment) throws {
        guard let colorset = AsciiColorset(rawValue: colorsetName) else {
            throw DamoError("--stdout_colorset must be gray, flame or emotion ('\(colorsetName)' given)")
        }
        let image = output == "stdout" || output == "raw" ? nil : try ImageTarget(path: output, env: env)
        var options = try options(defaultResolution: output == "stdout" ? (40, 80) : (500, 500), in: env)
        // Read in passes (bounds, then the map), never held whole.
        let records = env.recordPasses(input)
        if try showGuideIfAsked(records, in: env) { return }
        while true {
            let maps = try HeatmapReport.maps(passes: records, options)
            for (idx, map) in maps.enumerated() {
                if let image {
                    try image.write(map, index: idx, absTime: absTime, absAddr: absAddr,
                                    sizes: options.sortTemperature, rawNumber: rawNumber)
                } else if output == "raw" {
                    let out = env.report(ending: .print)
                    map.heatmap.rawText(absoluteTime: absTime, absoluteAddr: absAddr, to: out)
                    try out.finish()
                } else {
                    try env.show(map.heatmap.asciiText(colorset: colorset, showColorset: !skipColorsetExample))
                }
            }
            guard let editAnswers, let timeRange = maps.first?.timeRange else { return }
            let current = HeatmapEdit(maps, timeRange: timeRange)
            guard let next = current.ask(onTerminal: output == "stdout", prompt: { text in
                env.output.writeMessage(text)
                let answer = editAnswers()
                // Ending the input (Ctrl+D) leaves the prompt's line open.
                if answer == nil { env.output.writeMessage("\n") }
                return answer
            }, say: env.say) else { return }
            options.timeRangeNs = next.timeRange
            options.timeRange = nil
            options.addressRangesBytes = next.addressRanges
        }
    }
}

/// `report heatmap`: when which address ranges were how frequently accessed.
public protocol ReportHeatmapCommand {
    associatedtype Source: HeatmapSourceOptions
    var output: String { get }
    var source: Source { get }
    var stdoutColorset: String { get }
    var skipColorsetExample: Bool { get }
    var interactiveEdit: Bool { get }
}

extension ReportHeatmapCommand {
    public func run(in env: DamoEnvironment) throws {
        try source.showHeatmaps(output: output, colorset: stdoutColorset, skipColorsetExample: skipColorsetExample,
                                editAnswers: interactiveEdit ? { readLine(strippingNewline: true) } : nil, in: env)
    }
}

/// `report heats`: the heatmap command of older damo releases, printing
/// the raw pixels unless `--heatmap` names an image file (or `stdout`).
public protocol ReportHeatsCommand {
    associatedtype Source: HeatmapSourceOptions
    var heatmap: String? { get }
    var stdoutHeatmap: Bool { get }
    var color: String { get }
    var source: Source { get }
}

extension ReportHeatsCommand {
    public func run(in env: DamoEnvironment) throws {
        env.warnDeprecated(.reportHeats)
        let output = stdoutHeatmap || heatmap == "stdout" ? "stdout" : heatmap ?? "raw"
        try source.showHeatmaps(output: output, colorset: color, skipColorsetExample: false, in: env)
    }
}
