import DamoPlatform
import ArgumentParser
import DamonKernel
import DamonModel

/// `monitor`: starts DAMON for a target (unless `ongoing`), then records
/// `--delay` seconds and reports, again and again, as damo does: by
/// running damo's own record and report commands.
struct Monitor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Repeat the recording and the reporting of data accesses.")

    @Argument(help: ArgumentHelp("monitoring target (command, pid, 'paddr' or 'ongoing')", valueName: "target"))
    var target: String

    @Option(name: .customLong("report_type"), help: "report type (heats, wss, holistic)")
    var reportType = "heats"

    @Option(name: .customLong("delay"), help: ArgumentHelp("deplay between updates in seconds.", valueName: "seconds"))
    var delay = 3.0

    @Option(name: .customLong("count"), help: ArgumentHelp("number of updates.", valueName: "count"))
    var count = 0

    @OptionGroup var interface: InterfaceRootOption

    func run() throws {
        guard ["heats", "wss", "holistic"].contains(reportType) else {
            throw CLIError("--report_type must be heats, wss or holistic ('\(reportType)' given)")
        }
        guard delay > 0 else { throw CLIError("--delay must be positive") }
        let damo = (try? readLink("/proc/self/exe")) ?? CommandLine.arguments[0]
        let root = interface.interfaceRoot.map { ["--interface_root", $0] } ?? []
        StopSignals.install()

        var command: Int32? = nil
        if target != "ongoing" {
            var startTarget = target
            if target == "paddr" || (UnitParse.pyInt(target) != nil) {
                // damo start checks the pid.
            } else if CommandTarget.isCommand(target) {
                command = try Processes.spawnQuiet(target)
                startTarget = String(command!)
            } else {
                throw CLIError("invalid target '\(target)'")
            }
            let start = try Processes.runToTemporaryFile(damo, ["start", startTarget] + root)
            unlink(start.path)
            if start.status != 0 {
                if let command { Processes.killWorkload(command) }
                throw CLIError("starting DAMON fail (\(start.stderr.split(separator: "\n").first ?? ""))")
            }
        }
        defer { cleanup(damo, root, command) }

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
            if StopSignals.received != nil { break }
            if let command, !ProcFS.processRuns(Int(command)) { break }
            let recorded = try Processes.runToTemporaryFile(damo, record)
            unlink(recorded.path)
            if StopSignals.received != nil { break }
            if recorded.status != 0 {
                print("Recording fail (\(recorded.stderr.split(separator: "\n").first ?? "exit status \(recorded.status)"))")
                if target == "ongoing" { print("Maybe you stopped DAMON?") }
                break
            }
            let reported = try Processes.runToTemporaryFile(damo, report)
            let text = ProcFS.read(reported.path) ?? ""
            unlink(reported.path)
            if reported.status != 0 {
                print("Report generating fail (\(reported.stderr.split(separator: "\n").first ?? "exit status \(reported.status)"))")
                if target == "ongoing" { print("Maybe you stopped DAMON?") }
                break
            }
            if reportType == "heats" {
                for line in text.split(separator: "\n") where !line.hasPrefix("#") { print(line) }
            } else {
                print(text)
            }
            fflush(nil)
            reports += 1
        }
        if let signal = StopSignals.received { print("\nsignal \(signal) received") }
    }

    /// The command damo started ends; DAMON it started stops.
    func cleanup(_ damo: String, _ root: [String], _ command: Int32?) {
        if let command { Processes.killWorkload(command) }
        if target != "ongoing" {
            if let stop = try? Processes.runToTemporaryFile(damo, ["stop"] + root) { unlink(stop.path) }
        }
    }

    func readLink(_ path: String) throws -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buf, buf.count - 1)
        guard n > 0 else { throw CLIError("cannot read \(path)") }
        return stringFromCChars(Array(buf[0..<n]) + [0])
    }
}
