import DamonKernel
import DamonModel

/// `monitor`: starts DAMON for a target (unless `ongoing`), then records
/// `--delay` seconds and reports, again and again, as damo does: by
/// running damo's own record and report commands.
public protocol MonitorCommand {
    associatedtype Interface: InterfaceOptions
    var target: String { get }
    var reportType: String { get }
    var delay: Double { get }
    var count: Int { get }
    var interface: Interface { get }
}

extension MonitorCommand {
    public func run(in env: DamoEnvironment) throws {
        guard ["heats", "wss", "holistic"].contains(reportType) else {
            throw DamoError("--report_type must be heats, wss or holistic ('\(reportType)' given)")
        }
        guard delay > 0 else { throw DamoError("--delay must be positive") }
        let damo = env.damoExecutable
        let root = interface.interfaceRoot.map { ["--interface_root", $0] } ?? []
        let programs = env.programs
        env.clock.takeStopSignals()

        var command: Int32? = nil
        if target != "ongoing" {
            var startTarget = target
            if target == "paddr" || (UnitParse.pyInt(target) != nil) {
                // damo start checks the pid.
            } else if env.host.isCommand(target) {
                command = try programs.spawnQuiet(target)
                startTarget = String(command!)
            } else {
                throw DamoError("invalid target '\(target)'")
            }
            let start = try programs.runToTemporaryFile(damo, ["start", startTarget] + root)
            Files.remove(start.path)
            if start.status != 0 {
                if let command { programs.killWorkload(command) }
                throw DamoError("starting DAMON fail (\(start.stderr.split(separator: "\n").first ?? ""))")
            }
        }
        defer { cleanup(damo, root, command, programs) }

        let record = ["record", "--timeout", PyFormat.fixed(delay, 6), "ongoing"] + root
        var report = ["report"]
        switch reportType {
        case "heats":
            report += ["heatmap", "--resol", "10", "80", "--time_range",
                       PyFormat.fixed(-delay, 6) + " s", "0 s", "guided_end"]
        case "holistic":
            report += ["holistic", "--heatmap_time_last_n_sec", PyFormat.fixed(delay, 6)]
        default:
            report.append(reportType)
        }
        var reports = 0
        while count == 0 || reports < count {
            if env.clock.stopSignal() != nil { break }
            if let command, !ProcFS.processRuns(Int(command)) { break }
            let recorded = try programs.runToTemporaryFile(damo, record)
            Files.remove(recorded.path)
            if env.clock.stopSignal() != nil { break }
            if recorded.status != 0 {
                env.output.printLine("Recording fail (\(recorded.stderr.split(separator: "\n").first ?? "exit status \(recorded.status)"))")
                if target == "ongoing" { env.output.printLine("Maybe you stopped DAMON?") }
                break
            }
            let reported = try programs.runToTemporaryFile(damo, report)
            let text = ProcFS.read(reported.path) ?? ""
            Files.remove(reported.path)
            if reported.status != 0 {
                env.output.printLine("Report generating fail (\(reported.stderr.split(separator: "\n").first ?? "exit status \(reported.status)"))")
                if target == "ongoing" { env.output.printLine("Maybe you stopped DAMON?") }
                break
            }
            if reportType == "heats" {
                for line in text.split(separator: "\n") where !line.hasPrefix("#") { env.output.printLine(String(line)) }
            } else {
                env.output.printLine(text)
            }
            env.output.flushLines()
            reports += 1
        }
        if let signal = env.clock.stopSignal() { env.output.printLine("\nsignal \(signal) received") }
    }

    /// The command damo started ends; DAMON it started stops.
    func cleanup(_ damo: String, _ root: [String], _ command: Int32?, _ programs: Programs) {
        if let command { programs.killWorkload(command) }
        if target != "ongoing" {
            if let stop = try? programs.runToTemporaryFile(damo, ["stop"] + root) { Files.remove(stop.path) }
        }
    }
}
