import DamonKernel
import DamonModel

/// How often `start --include_child_tasks` looks for new child tasks (as
/// damo does).
let childTasksPollSeconds = 3.0

extension StartCommand {
    /// damo's `start --include_child_tasks`: until SIGINT or SIGTERM, the
    /// child tasks of the vaddr targets become targets (committed) every
    /// few seconds.  DAMON keeps running when this ends, as `start` leaves
    /// it; it also ends when the kernel stopped the kdamonds (their target
    /// processes all exited), where damo would wait on for nothing.
    func followChildTasks(_ started: [Kdamond], control: DamonControl, in env: DamoEnvironment) {
        var kdamonds = started
        env.clock.takeStopSignals()
        say("Continue monitoring child tasks and updating DAMON targets", env)
        say("Press Ctrl+C to stop", env)
        while true {
            if let signal = env.clock.stopSignal() {
                say("\nsignal \(signal) received", env)
                return
            }
            let running = (try? control.runningKdamonds()) ?? []
            guard kdamonds.indices.contains(where: running.contains) else {
                say("DAMON stopped (its target processes ended)", env)
                return
            }
            _ = control.addChildTargets(&kdamonds)
            env.clock.sleep(childTasksPollSeconds)
        }
    }

    /// A line shown at once (scripts wait for them).
    private func say(_ line: String, _ env: DamoEnvironment) {
        env.output.printLine(line)
        env.output.flushLines()
    }
}
