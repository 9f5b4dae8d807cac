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
