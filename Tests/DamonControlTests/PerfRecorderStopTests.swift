import Foundation
import Testing
@testable import DamonKernel

/// How a recorder PerfRecorder runs is stopped: SIGINT to its process
/// group, then, when it ends neither nor makes progress, SIGKILL with its
/// output dropped.  Stand-in recorders are small shell scripts.
@Suite struct PerfRecorderStopTests {
    let dir = NSTemporaryDirectory() + "damo-recorder-\(UUID().uuidString)"
    var output: String { dir + "/.out.perf-1" }

    /// A recorder script (its output as $1) and a recorder running it.
    func recorder(_ body: String) throws -> PerfRecorder {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let script = dir + "/recorder"
        try (body + "\n").write(toFile: script, atomically: true, encoding: .utf8)
        // (bash reads the script: executing a file just written fails with
        // ETXTBSY while a child another test spawns holds it open)
        let r = try PerfRecorder(program: "/bin/bash", arguments: [script, output], output: output)
        r.stopGrace = 0.5
        // Until the script got to its loop.
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: dir + "/ready") { usleep(20_000) }
        return r
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: dir) }

    @Test func oneIgnoringSIGINTIsKilledWithItsGroupAndItsOutputDropped() throws {
        defer { cleanUp() }
        let r = try recorder("""
            trap '' INT
            echo partial > "$1"; echo partial > "$1.cpu0"
            sleep 600 & echo $! > "$(dirname "$1")/child"
            touch "$(dirname "$1")/ready"
            exec sleep 600
            """)
        let child = pid_t(try String(contentsOfFile: dir + "/child", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))!
        let start = Date()
        let problem = r.stop()
        #expect(Date().timeIntervalSince(start) < 4)
        #expect(problem == "it did not end after SIGINT (0.5 seconds without progress); it was killed and its output dropped")
        #expect(!r.isRunning)
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(!FileManager.default.fileExists(atPath: output + ".cpu0"))
        // Its child, in its process group, is gone too (reaped by init).
        usleep(100_000)
        #expect(!ProcFS.processRuns(Int(child)))
        #expect(r.problem() == problem)
    }

    /// One that streams (`trace-cmd stream`) writes no file a kill could
    /// spoil: killed, it is no failure, and nothing of the caller's is
    /// removed; why it was killed is still told.
    @Test func oneStreamingIsKilledWithoutAProblem() throws {
        defer { cleanUp() }
        let r = try recorder("""
            trap '' INT
            echo kept > "$1"
            touch "$(dirname "$1")/ready"
            exec sleep 600
            """)
        r.streams = true
        #expect(r.stop() == nil)
        #expect(!r.isRunning)
        #expect(r.killedBecause == "0.5 seconds without progress")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "kept\n")
    }

    @Test func oneEndingOnSIGINTKeepsItsOutput() throws {
        defer { cleanUp() }
        let r = try recorder("""
            trap 'echo complete > "$1"; exit 0' INT
            touch "$(dirname "$1")/ready"
            while true; do sleep 0.05; done
            """)
        #expect(r.stop() == nil)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "complete\n")
    }

    /// Still writing its output after SIGINT, for longer than the grace:
    /// it is waited for.
    @Test func oneMakingProgressIsWaitedFor() throws {
        defer { cleanUp() }
        let r = try recorder("""
            trap 'for i in $(seq 12); do echo $i >> "$1"; sleep 0.15; done; exit 0' INT
            touch "$(dirname "$1")/ready"
            while true; do sleep 0.05; done
            """)
        #expect(r.stop() == nil)
        #expect(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").count == 12)
    }

    /// Progressing for ever after SIGINT: killed at `stopLimit`.
    @Test func oneProgressingForEverIsKilledAtTheLimit() throws {
        defer { cleanUp() }
        let r = try recorder("""
            trap 'while true; do echo more >> "$1"; sleep 0.1; done' INT
            touch "$(dirname "$1")/ready"
            while true; do sleep 0.05; done
            """)
        r.stopLimit = 1.5
        let start = Date()
        #expect(r.stop() == "it did not end after SIGINT (1.5 seconds); it was killed and its output dropped")
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
