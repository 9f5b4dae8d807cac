import DamonKernel
import DamonModel
import DamoReports

/// `report access --repeat [DELAY COUNT]`: the report made again and again,
/// a new snapshot (or a new read of the record files) each time.  No
/// value repeats every second until SIGINT; one value is an error, as in
/// damo.
struct AccessRepetition: Equatable {
    /// Seconds between two reports.
    var delay: Double
    /// Reports to make; nil: until a stop signal.
    var count: Int?

    /// A single report, as without --repeat.
    static let once = AccessRepetition(delay: 0, count: 1)

    /// The repetition of the command line: the words the parser left over
    /// must be those following `--repeat`, whose last occurrence counts
    /// (as argparse keeps it).
    static func parse(given: Bool, operands: [String], in env: DamoEnvironment) throws -> AccessRepetition {
        let groups = env.groupedValues(of: "--repeat")
        let following = groups.flatMap { $0 }
        if operands != following {
            var stray = operands
            for word in following {
                if let i = stray.firstIndex(of: word) { stray.remove(at: i) }
            }
            throw DamoError.usage("unrecognized arguments: \((stray.isEmpty ? operands : stray).joined(separator: " "))")
        }
        return try parse(given ? groups.last ?? [] : nil)
    }

    /// The values given after `--repeat`, or nil when it is not given.
    static func parse(_ values: [String]?) throws -> AccessRepetition {
        guard let values else { return .once }
        switch values.count {
        case 0:
            return AccessRepetition(delay: 1, count: nil)
        case 2:
            let delay: Double
            do {
                delay = try UnitParse.sec(values[0]).double
            } catch {
                throw DamoError("--repeat: '\(values[0])' is not a delay (seconds, or a time such as 100ms)")
            }
            guard delay >= 0, delay.isFinite, delay <= 86400 * 365 else {
                throw DamoError("--repeat: the delay must be between 0 and a year ('\(values[0])' given)")
            }
            let count: Int
            if values[1] == "max" {
                count = Int.max
            } else {
                guard let n = UnitParse.pyInt(values[1].filter { $0 != "," }), n >= 0, n <= Int128(Int.max) else {
                    throw DamoError("--repeat: the count must be a non-negative integer ('\(values[1])' given)")
                }
                count = Int(n)
            }
            return AccessRepetition(delay: delay, count: count)
        default:
            throw DamoError("--repeat receives only zero or two arguments (<delay> <count>), \(values.count) given")
        }
    }

    var repeats: Bool { self != .once }

    /// Runs `report` as many times as asked, `delay` apart; a stop signal
    /// (SIGINT, SIGTERM) ends the repetition between two reports, and
    /// `report` itself gets to finish what it started (a live snapshot's
    /// scheme is removed again before it returns).
    func run(in env: DamoEnvironment, _ report: () throws -> Void) throws {
        if !repeats { return try report() }
        env.clock.takeStopSignals()
        var done = 0
        while count.map({ done < $0 }) ?? true {
            if env.clock.stopSignal() != nil { return }
            try report()
            done += 1
            if let count, done >= count { return }
            env.output.flushLines()
            env.clock.sleep(delay)
        }
    }
}
