import DamonKernel
import DamonModel

/// `damo schemes`: applies DAMON-based operation schemes while it runs.
/// DAMON is started with the given parameters (the --damos_* options, a
/// JSON/YAML scheme list or early damo's one-line scheme file with
/// -c/--schemes), and when the command ends — its workload exited, the
/// kernel stopped the kdamonds, or Ctrl+C/SIGTERM — the kdamonds are turned
/// off and DAMON's files get back what they held before.
public protocol SchemesCommand: KdamondsCommand {}

/// How often the kdamonds and the workload are checked.
let schemesPollSeconds = 0.1

extension SchemesCommand {
    public func run(in env: DamoEnvironment) throws {
        let control = interface.control(in: env)
        // The workload is started before SIGINT and SIGTERM become stop
        // requests, so that it keeps their default handling.
        let (session, workload) = try params.turnOn(in: env) { kdamonds in
            env.clock.takeStopSignals()
            do { return try control.startSession(kdamonds) } catch {
                throw DamoError("could not turn DAMON on (\(error))")
            }
        }
        env.output.writeMessage("Press Ctrl+C to stop\n")
        while true {
            if let signal = env.clock.stopSignal() {
                env.output.writeMessage("\nsignal \(signal) received\n")
                break
            }
            // The target is gone; nothing is left to apply schemes to.
            if let pid = workload, env.programs.hasExited(pid) { break }
            if !session.anyRunning() { break }
            env.clock.sleep(schemesPollSeconds)
        }
        // A workload still running (after a signal) is left running, as
        // damo leaves it.
        let failures = session.end()
        if !failures.isEmpty {
            throw DamoError("failed restoring previous kdamonds setup (\(failures.joined(separator: "; ")))")
        }
    }
}
