#if canImport(Glibc)
import Glibc
#endif
import DamoTestSupport
import DamonEmulator
import DamonKernel
import Foundation
import Testing

/// `damo start --include_child_tasks` on the emulated kernel, in this
/// process, with a real process tree as the target: the children become
/// targets, a stop request ends the command, and DAMON keeps running.
@Suite struct StartChildTasksTests {
    static let targets = EmulatedKernel.kd + "/0/contexts/0/targets"

    /// A shell with two sleeping children, once both have started.
    final class ProcessTree {
        let shell = Process()
        var children: [Int] { ProcFS.descendants(of: [pid]) }
        var pid: Int { Int(shell.processIdentifier) }

        init() throws {
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", "sleep 20 & sleep 20 & wait"]
            try shell.run()
            for _ in 0..<200 where children.count < 2 { usleep(10_000) }
        }

        deinit {
            // SIGKILL: the test runner's threads block the other signals,
            // and its children inherit that.
            for child in children { kill(pid_t(child), SIGKILL) }
            kill(shell.processIdentifier, SIGKILL)
            shell.waitUntilExit()
        }
    }

    func start(_ kernel: EmulatedKernel, _ tree: ProcessTree, _ more: [String], stop: TestStop) -> DamoRun {
        kernel.run(["start", "--ops", "vaddr", "--target_pid", String(tree.pid)] + more, stop: stop)
    }

    func targetPids(_ kernel: EmulatedKernel) -> [Int] {
        kernel.with { fs in
            let n = Int((try? fs.read(Self.targets + "/nr_targets")) ?? "") ?? 0
            return (0..<n).compactMap { Int((try? fs.read(Self.targets + "/\($0)/pid_target")) ?? "") }
        }
    }

    @Test func childTasksBecomeTargetsUntilStopped() throws {
        let tree = try ProcessTree()
        #expect(tree.children.count == 2)
        for signal in [SIGINT, SIGTERM] {
            let kernel = try EmulatedKernel()
            let run = start(kernel, tree, ["--include_child_tasks"], stop: TestStop(after: 1, signal: signal))
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.text == "Continue monitoring child tasks and updating DAMON targets\nPress Ctrl+C to stop\n"
                        + "\nsignal \(signal) received\n", "\(run.text)")
            #expect(targetPids(kernel) == [tree.pid] + tree.children.sorted())
            let commits = kernel.with { $0.successfulWrites.filter { $0.value == "commit" } }
            #expect(commits.count == 1)
            // start leaves DAMON running.
            #expect(kernel.isRunning())
        }
    }

    @Test func withoutTheOptionStartReturnsAtOnce() throws {
        let tree = try ProcessTree()
        let kernel = try EmulatedKernel()
        let run = start(kernel, tree, [], stop: TestStop(after: 1))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.isEmpty)
        #expect(targetPids(kernel) == [tree.pid])
        #expect(kernel.isRunning())
    }

    /// When the targets all exited, the kernel stops the kdamond: there is
    /// nothing left to follow.
    @Test func endsWhenTheKernelStoppedDamon() throws {
        let kernel = try EmulatedKernel()
        let run = kernel.run(["start", "sleep 0.3", "--include_child_tasks"], stop: TestStop(after: 4))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.hasSuffix("Press Ctrl+C to stop\nDAMON stopped (its target processes ended)\n"), "\(run.text)")
        #expect(!kernel.isRunning())
    }

    @Test func argumentErrorsAreOneLineAndWriteNothing() throws {
        let tree = try ProcessTree()
        let kernel = try EmulatedKernel()
        for more in [["--include_child_tasks", "--ops", "nosuchops"], ["--include_child_tasks", "--damos_action", "nosuch"],
                     ["--include_child_tasks=yes"]] {
            let run = start(kernel, tree, more, stop: TestStop(after: 1))
            #expect(run.status != 0, "\(more) was accepted")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
        #expect(kernel.with { $0.successfulWrites.isEmpty })
    }

    /// Through debugfs, targets cannot be added while DAMON runs: refused
    /// before anything is written.
    @Test func debugfsIsRefusedBeforeStarting() throws {
        let root = TemporaryDirectory.scratchPath("damo-debugfs-child")
        let dir = root + "/kernel/debug/damon"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in ["attrs", "target_ids", "init_regions", "schemes", "kdamond_pid", "monitor_on"] {
            _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data((name == "monitor_on" ? "off\n" : "\n").utf8))
        }
        let run = DamoInProcess.run(["start", "--interface_root", root, "--target_pid", String(getpid()),
                                     "--include_child_tasks"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("--include_child_tasks needs DAMON's sysfs interface"), "\(run.stderr)")
        #expect((try? String(contentsOfFile: dir + "/monitor_on", encoding: .utf8)) == "off\n")
    }
}
