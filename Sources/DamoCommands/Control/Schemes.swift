import ArgumentParser
import DamonKernel
import DamonModel

import DamoPlatform

/// `damo schemes`: applies DAMON-based operation schemes while it runs.
/// DAMON is started with the given parameters (the --damos_* options, a
/// JSON/YAML scheme list or early damo's one-line scheme file with
/// -c/--schemes), and when the command ends — its workload exited, the
/// kernel stopped the kdamonds, or Ctrl+C/SIGTERM — the kdamonds are turned
/// off and DAMON's files get back what they held before.
struct Schemes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "apply operation schemes",
        discussion: """
            DAMON parameters options are also supported. Do 'damo help damon_param_options -h' for the options.
            -c/--schemes <file or text> takes a JSON or YAML list of schemes, or (deprecated) early damo's \
            one-line schemes: <min-size> <max-size> <min-acc> <max-acc> <min-age> <max-age> <action> per line.
            """)

    @OptionGroup var params: DamonParamOptions
    @OptionGroup var interface: InterfaceRootOption

    /// How often the kdamonds and the workload are checked.
    static let pollMilliseconds = 100

    func run() throws {
        let control = interface.control
        // Signals are taken synchronously, from this thread's loop; the
        // workload is started before blocking them so that it keeps the
        // default handling.
        var workload: Int32? = nil
        let kdamonds = try kdamondsFromOptions(params, startedWorkload: &workload)
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        let session: DamonControlSession
        do {
            session = try control.startSession(kdamonds)
        } catch {
            if let workload { Processes.killWorkload(workload) }
            throw CLIError("could not turn DAMON on (\(error))")
        }
        writeStdout("Press Ctrl+C to stop\n")
        var timeout = timespec(tv_sec: 0, tv_nsec: Self.pollMilliseconds * 1_000_000)
        while true {
            let signal = sigtimedwait(&signals, nil, &timeout)
            if signal > 0 {
                writeStdout("\nsignal \(signal) received\n")
                break
            }
            if let pid = workload {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    // The target is gone; nothing is left to apply schemes to.
                    workload = nil
                    break
                }
            }
            if !session.anyRunning() { break }
        }
        // A workload still running (after a signal) is left running, as
        // damo leaves it.
        let failures = session.end()
        if !failures.isEmpty {
            throw CLIError("failed restoring previous kdamonds setup (\(failures.map(\.description).joined(separator: "; ")))")
        }
    }
}
