import DamonModel

/// damo's terminal color themes: background and foreground 256-color
/// codes for heat levels 0-9.
public enum AsciiColorset: String, CaseIterable, Sendable {
    case gray, flame, emotion

    var colors: (bg: [Int], fg: [Int]) {
        switch self {
        case .gray: return (Array(repeating: 232, count: 10), [237, 239, 241, 243, 245, 247, 249, 251, 253, 255])
        case .flame: return ([232, 1, 1, 2, 3, 3, 20, 21, 26, 27, 27], [239, 235, 237, 239, 243, 245, 247, 249, 251, 255])
        case .emotion: return ([232, 234, 20, 21, 26, 2, 3, 1, 1, 1], [239, 235, 237, 239, 243, 245, 247, 249, 251, 255])
        }
    }

    public static let maxLevel = 9

    public func start(_ level: Int) -> String {
        let c = colors
        return "\u{1b}[48;5;\(c.bg[level])m\u{1b}[38;5;\(c.fg[level])m"
    }

    public static let end = "\u{1b}[0m"

    /// Each level's digit in its colors and back, as one-line heatmaps
    /// print a column (one per column of every snapshot: built once).
    var cells: [String] {
        switch self {
        case .gray: AsciiColorset.grayCells
        case .flame: AsciiColorset.flameCells
        case .emotion: AsciiColorset.emotionCells
        }
    }

    static let grayCells = AsciiColorset.gray.makeCells()
    static let flameCells = AsciiColorset.flame.makeCells()
    static let emotionCells = AsciiColorset.emotion.makeCells()

    func makeCells() -> [String] { (0...AsciiColorset.maxLevel).map { start($0) + String($0) + AsciiColorset.end } }

    /// Every level's color with its number, as an example line.
    public var samples: String {
        (0...AsciiColorset.maxLevel).map { start($0) + String($0) }.joined() + AsciiColorset.end
    }
}

extension Heatmap {
    /// The map as colored digits, one line per time row, then comment
    /// lines explaining the axes.
    public func asciiText(colorset: AsciiColorset, showColorset: Bool) -> String {
        var lines: [String] = []
        guard let (highest, lowest) = highestLowest else {
            return "# no access information in the given time and address ranges"
        }
        let unit = (highest + .int(1) - lowest).double / 9
        for row in heats {
            var line = ""
            for heat in row {
                guard let heat else {
                    line += colorset.start(4) + " "
                    continue
                }
                let level = max(0, min(PyNum.float((PyNum.float(heat) - lowest).double / unit).int, AsciiColorset.maxLevel))
                line += colorset.start(level) + String(level)
            }
            lines.append(line + AsciiColorset.end)
        }
        if showColorset {
            let range = PyFormat.fixed(lowest.double, 3) + "-" + PyFormat.fixed(highest.double, 3) + " " + heatUnit
            lines.append("# access_frequency: \(colorset.samples) (\(range))")
        }
        let addrLen = addrUnit * PyNum(addrResolution)
        lines.append("# x-axis: space [\(UnitFormat.sizeAccurate(addrStart)), \(UnitFormat.sizeAccurate(addrStart + addrLen))) (\(UnitFormat.size(addrLen)))")
        let timeLen = timeUnit * PyNum(timeResolution)
        lines.append("# y-axis: time [\(UnitFormat.timeNs(timeStart)), \(UnitFormat.timeNs(timeStart + timeLen))) (\(UnitFormat.timeNs(timeLen)))")
        lines.append("# resolution: \(addrResolution)x\(timeResolution) (\(UnitFormat.size(addrLen.double / Double(addrResolution))) and \(UnitFormat.timeNs(.float(timeLen.double / Double(timeResolution)))) for each character)")
        return lines.joined(separator: "\n")
    }

    /// `<time>\t<address>\t<heat>` per pixel, relative to the map's start
    /// unless absolute values are asked for; NaN where nothing was seen.
    public func rawText(absoluteTime: Bool, absoluteAddr: Bool, to sink: TextSink) {
        var out = LineJoiner(sink)
        for (i, row) in heats.enumerated() {
            var time = rowTime(i)
            if !absoluteTime { time = time - timeStart }
            let timeText = time.description
            for (j, heat) in row.enumerated() {
                var addr = columnAddr(j)
                if !absoluteAddr { addr = addr - addrStart }
                out.line(timeText + "\t" + addr.description + "\t" + (heat.map { PyFormat.repr($0) } ?? "NaN"))
            }
        }
    }
}
