import DamoCommands
import DamonKernel
import Foundation
import damo

/// Standard output and error kept in memory, for commands run in this
/// process.
final class CapturedOutput: DamoOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var out: [UInt8] = []
    private var err: [UInt8] = []
    let columns: Int?
    var terminalRows: Int? { nil }

    init(columns: Int? = nil) { self.columns = columns }

    var stdout: Data { lock.withLock { Data(out) } }
    var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    func writeReport(_ bytes: UnsafeRawBufferPointer) { lock.withLock { out += bytes } }
    func writeMessage(_ text: String) { lock.withLock { out += Array(text.utf8) } }
    func printLine(_ text: String) { writeMessage(text + "\n") }
    func flushLines() {}
    func writeError(_ text: String) { lock.withLock { err += Array(text.utf8) } }
    func pager() -> ReportPager? { nil }
}

/// A stop request (SIGINT or SIGTERM) as a test makes it: after the given
/// number of the command's sleeps, or never.
final class TestStop: @unchecked Sendable {
    private let lock = NSLock()
    private var sleepsLeft: Int?
    private let signal: Int32

    init(after sleeps: Int? = nil, signal: Int32 = SIGINT) {
        sleepsLeft = sleeps
        self.signal = signal
    }

    func slept() { lock.withLock { if let n = sleepsLeft, n > 0 { sleepsLeft = n - 1 } } }
    var received: Int32? { lock.withLock { sleepsLeft == 0 ? signal : nil } }

    /// The machine's clock, with sleeps counted and this stop request
    /// instead of the process's signals.
    var clock: DamoClock {
        DamoClock(now: DamoClock.system.now, monotonicNs: DamoClock.system.monotonicNs,
                  sleep: { seconds in
                      self.slept()
                      if self.received == nil { DamoClock.system.sleep(seconds) }
                  },
                  stopSignal: { self.received }, takeStopSignals: {})
    }
}

/// damo run in this process, on DAMON files the test gives (an emulator)
/// and with its output captured: the command line goes through the same
/// parsing and failure handling as the program's.
enum DamoInProcess {
    /// An interface root with no DAMON in it.
    static let noDamonRoot = NSTemporaryDirectory() + "damo-no-damon-root"

    static func environment(_ arguments: [String], fs: DamonFS?, output: CapturedOutput,
                            stop: TestStop = TestStop()) -> DamoEnvironment {
        var env = DamoEnvironment.process(arguments: arguments)
        env.output = output
        env.damonFiles = DamonFiles(open: { fs ?? RealDamonFS(root: $0) }, environmentRoot: noDamonRoot,
                                    debugfsMount: { nil })
        env.clock = stop.clock
        env.damoExecutable = Damo.emulatedBinary
        return env
    }

    /// Runs `arguments` against `fs` (by default an empty interface root).
    static func run(_ arguments: [String], fs: DamonFS? = nil, columns: Int? = nil,
                    stop: TestStop = TestStop()) -> DamoRun {
        let output = CapturedOutput(columns: columns)
        let status = DamoMain.run(arguments, in: environment(arguments, fs: fs, output: output, stop: stop))
        return DamoRun(status: status, stdout: output.stdout, stderr: output.stderr)
    }
}
