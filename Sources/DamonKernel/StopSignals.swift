import DamoPlatform

/// The last SIGINT or SIGTERM received, set by the handler (0: none).
nonisolated(unsafe) private var receivedStopSignal: sig_atomic_t = 0

/// SIGINT and SIGTERM as requests to stop, for commands that must end
/// cleanly (record's files, DAMON put back): the handler only notes the
/// signal; the command's loop sees it within one sleep slice.
public enum StopSignals {
    public static func install() {
        // A parent may have left them blocked (threads of test runners and
        // of Dispatch block most signals, and children inherit that).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { receivedStopSignal = $0 }
            sigemptyset(&action.sa_mask)
            // Interrupted system calls are restarted; sleeps are sliced.
            action.sa_flags = SA_RESTART
            sigaction(sig, &action, nil)
        }
    }

    /// Writes past a file size limit fail (EFBIG) instead of SIGXFSZ
    /// ending the process.
    public static func ignoreFileSizeLimit() { signal(SIGXFSZ, SIG_IGN) }

    /// The signal received, or nil.
    public static var received: Int32? {
        let s = receivedStopSignal
        return s == 0 ? nil : s
    }

    /// Sleeps up to `seconds`, in slices, returning early on a signal.
    public static func sleep(_ seconds: Double) {
        var left = seconds
        while left > 0 && received == nil {
            let slice = min(left, 0.05)
            var ts = timespec(tv_sec: Int(slice), tv_nsec: Int((slice - Double(Int(slice))) * 1e9))
            nanosleep(&ts, nil)
            left -= slice
        }
    }
}

/// Time and waiting as damo's long-running commands (record, schemes,
/// monitor) see them: the clock, sleeps that a stop request cuts short,
/// and the stop signal (SIGINT/SIGTERM) received.  Tests give their own.
public struct DamoClock: Sendable {
    /// Seconds of the wall clock (the time of /proc samples).
    public var now: @Sendable () -> Double
    /// Nanoseconds of CLOCK_MONOTONIC, which perf's profiles share.
    public var monotonicNs: @Sendable () -> Int
    /// Sleeps up to the given seconds, less when a stop is requested.
    public var sleep: @Sendable (Double) -> Void
    /// The stop signal received, if any.
    public var stopSignal: @Sendable () -> Int32?
    /// Starts taking SIGINT and SIGTERM as stop requests.
    public var takeStopSignals: @Sendable () -> Void

    public init(now: @escaping @Sendable () -> Double, monotonicNs: @escaping @Sendable () -> Int,
                sleep: @escaping @Sendable (Double) -> Void, stopSignal: @escaping @Sendable () -> Int32?,
                takeStopSignals: @escaping @Sendable () -> Void) {
        self.now = now
        self.monotonicNs = monotonicNs
        self.sleep = sleep
        self.stopSignal = stopSignal
        self.takeStopSignals = takeStopSignals
    }

    /// The machine's clocks and this process's signals.
    public static let system = DamoClock(
        now: { ProcSystem.now() }, monotonicNs: { LiveSnapshots.monotonicNs() },
        sleep: { StopSignals.sleep($0) }, stopSignal: { StopSignals.received },
        takeStopSignals: { StopSignals.install() })
}

/// damo's process: its environment and its end.
public enum ThisProcess {
    /// An environment variable.
    public static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    /// Exits with the status; what print() buffered is written out first.
    public static func exit(_ status: Int32) -> Never { DamoPlatform.exit(status) }
}
