import DamonModel
import DamoReports

/// `report heatmap --interactive_edit`: after each drawing, damo's prompts
/// ask how to zoom or scroll the maps, and the maps are drawn again until
/// the user quits (or standard input ends).
struct HeatmapEdit {
    enum Action { case zoom, scroll }
    /// Which axes an edit moves.
    struct Axes: OptionSet {
        let rawValue: Int
        static let time = Axes(rawValue: 1)
        static let space = Axes(rawValue: 2)
    }

    var timeRange: (PyNum, PyNum)
    var addressRanges: [(PyNum, PyNum)]

    init(_ maps: [HeatmapReport.Map], timeRange: (PyNum, PyNum)) {
        self.timeRange = timeRange
        addressRanges = maps.map(\.addrRange)
    }

    /// The same range `ratio` times as wide around its middle (damo keeps
    /// the middle's integer part).
    static func zoomed(_ r: (PyNum, PyNum), _ ratio: Double) -> (PyNum, PyNum) {
        let size = r.1 - r.0
        let newHalf = size * .float(ratio) / .int(2)
        let mid = PyNum.int((r.0 + size / .int(2)).truncated)
        return (mid - newHalf, mid + newHalf)
    }

    /// The range moved by `ratio` of its size.
    static func scrolled(_ r: (PyNum, PyNum), _ ratio: Double) -> (PyNum, PyNum) {
        let diff = (r.1 - r.0) * .float(ratio)
        return (r.0 + diff, r.1 + diff)
    }

    /// The ranges after the edit, or nil when they would leave the numbers
    /// a map can be drawn for.
    func edited(_ action: Action, _ axes: Axes, _ ratio: Double) -> HeatmapEdit? {
        let change = action == .zoom ? Self.zoomed : Self.scrolled
        var e = self
        if axes.contains(.time) { e.timeRange = change(timeRange, ratio) }
        if axes.contains(.space) { e.addressRanges = addressRanges.map { change($0, ratio) } }
        let limit = Double(1 << 62)
        let values = [e.timeRange.0, e.timeRange.1] + e.addressRanges.flatMap { [$0.0, $0.1] }
        guard values.allSatisfy({ $0.double.isFinite && abs($0.double) < limit }) else { return nil }
        return e
    }

    static let help = """
        Zoom or scroll using the prompt menu.

        Below inputs are supported.
        0,q,quit: Quit this mode.
        1,zoom: Continue prompts for zooming in/out the map.
        2,scroll: Continue prompts for scorrling the map.
        3,help: Print this help message.
        h: Scroll the map left, 10%.
        j: Scroll the map down, 10%.
        k: Scroll the map up, 10%.
        l: Scroll the map right, 10%.
        +: Zoom the map in, 10%.
        -: Zomm the map out, 10%.

        """

    /// One-key edits.  On the terminal time runs down the rows and space
    /// along them; in images, time is the x axis and space grows upwards.
    static func shortcut(_ answer: String, onTerminal: Bool) -> (Action, Axes, Double)? {
        let (x, y): (Axes, Axes) = onTerminal ? (.space, .time) : (.time, .space)
        let down = onTerminal ? -0.1 : 0.1
        switch answer {
        case "+": return (.zoom, [.time, .space], 0.9)
        case "-": return (.zoom, [.time, .space], 1.1)
        case "h": return (.scroll, x, 0.1)
        case "l": return (.scroll, x, -0.1)
        case "j": return (.scroll, y, down)
        case "k": return (.scroll, y, -down)
        default: return nil
        }
    }

    /// Asks for the next edit with damo's prompts and applies it; nil when
    /// the user quits or the input ends.  Answers that are not among the
    /// choices are told and asked again.
    func ask(onTerminal: Bool, prompt: (String) -> String?, say: (String) -> Void) -> HeatmapEdit? {
        while true {
            guard let (action, axes, ratio) = askEdit(onTerminal: onTerminal, prompt: prompt, say: say) else {
                return nil
            }
            if let e = edited(action, axes, ratio) { return e }
            say("The map cannot be moved or zoomed that far.")
        }
    }

    func askEdit(onTerminal: Bool, prompt: (String) -> String?, say: (String) -> Void) -> (Action, Axes, Double)? {
        var action: Action? = nil
        while action == nil {
            guard let answer = prompt("Enter (zoom, scroll, quit, help): ") else { return nil }
            if let edit = Self.shortcut(answer, onTerminal: onTerminal) { return edit }
            switch answer {
            case "0", "q", "quit": return nil
            case "3", "help": say(Self.help)
            case "1", "zoom": action = .zoom
            case "2", "scroll": action = .scroll
            default: say("Wrong input.")
            }
        }
        var axes: Axes? = nil
        while axes == nil {
            guard let answer = prompt("Enter (1. Time, 2. Space, 3. Time and Space): ") else { return nil }
            switch answer {
            case "1": axes = .time
            case "2": axes = .space
            case "3": axes = [.time, .space]
            default: say("Wrong input.")
            }
        }
        while true {
            guard let answer = prompt("Enter percentage: ") else { return nil }
            // A zoom of zero or less would turn the map inside out.
            if let p = UnitParse.pyFloat(answer), p.isFinite, action == .scroll || p > 0 {
                return (action!, axes!, p / 100)
            }
            say("Wrong input.")
        }
    }
}
