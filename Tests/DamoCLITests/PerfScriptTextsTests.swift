import DamoCommands
import DamonKernel
import DamonRecords
import DamoTestSupport
import damo
import Foundation
import Testing

/// A perf.data record is converted by `perf script` once per run, however
/// many passes its report makes over it (the heatmap three, the raw form
/// two).
@Suite struct PerfScriptTextsTests {
    let tmp = TemporaryDirectory("damo-perf-texts")

    /// A stand-in for perf that counts its calls and prints `text`.
    func countingPerf(text: String) throws -> (perf: String, calls: String) {
        let calls = tmp.file("calls")
        let perf = tmp.file("perf")
        try "#!/bin/sh\necho \"$*\" >> '\(calls)'\ncat '\(text)'\n".write(toFile: perf, atomically: true, encoding: .utf8)
        chmod(perf, 0o755)
        return (perf, calls)
    }

    /// Runs damo in this process on a thread of its own, as the program
    /// runs on its main thread: running perf waits for a task, which
    /// must not wait for this test's own thread of the task pool.
    func run(_ arguments: [String], perf: String) async -> DamoRun {
        await withCheckedContinuation { done in
            Thread {
                let output = CapturedOutput(columns: nil)
                var env = DamoInProcess.environment(arguments, fs: nil, output: output)
                env.perfScriptTexts = PerfScriptTexts { try Perf.script(input: $0, perf: perf, to: $1) }
                let status = DamoMain.run(arguments, in: env)
                done.resume(returning: DamoRun(status: status, stdout: output.stdout, stderr: output.stderr))
            }.start()
        }
    }

    @Test(arguments: [["report", "heatmap"], ["report", "access", "--raw_form"], ["report", "wss"]])
    func oneConversionPerRun(report: [String]) async throws {
        let text = tmp.file("events.txt")
        let lines = TraceTextStreamingTests.traces[0].lines
        try (lines.joined(separator: "\n") + "\n").write(toFile: text, atomically: true, encoding: .utf8)
        let data = tmp.file("perf.data")
        try "PERFILE2 stands for perf's file here".write(toFile: data, atomically: true, encoding: .utf8)
        let (perf, calls) = try countingPerf(text: text)

        let fromData = await run(report + ["--input", data], perf: perf)
        #expect(fromData.status == 0, "\(fromData.stderr)")
        #expect(try String(contentsOfFile: calls, encoding: .utf8) == "script --force -i \(data)\n")
        let fromText = DamoInProcess.run(report + ["--input", text])
        #expect(fromText.status == 0, "\(fromText.stderr)")
        #expect(fromData.stdout == fromText.stdout)
    }
}
