import DamoPlatform

/// Named temporary files in progress (where the file system has no
/// unnamed ones), removed when a signal ends the process: the default
/// action of SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE, and crashes
/// (a trap is SIGILL or SIGTRAP, then the runtime's own handler prints
/// the backtrace).  Signals that a command handles itself (record's
/// SIGINT) are left to it; it abandons its files.
///
/// The handler only calls unlink() on paths kept in memory allocated
/// beforehand; the table changes with signals blocked.
enum TempFileCleanup {
    static let slots = 32
    static let slotSize = Int(PATH_MAX) + 1
    nonisolated(unsafe) static var table: UnsafeMutablePointer<CChar>? = nil
    nonisolated(unsafe) static var previous: UnsafeMutablePointer<sigaction>? = nil
    static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE]
    static let crashing: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    static func register(_ path: String) {
        withSignalsBlocked {
            if table == nil { install() }
            guard let table, path.utf8.count < slotSize else { return }
            for i in 0..<slots where table[i * slotSize] == 0 {
                _ = path.withCString { strcpy(table + i * slotSize, $0) }
                return
            }
        }
    }

    static func unregister(_ path: String) {
        withSignalsBlocked {
            guard let table else { return }
            for i in 0..<slots where path.withCString({ strcmp(table + i * slotSize, $0) }) == 0 {
                table[i * slotSize] = 0
            }
        }
    }

    static func withSignalsBlocked(_ body: () -> Void) {
        var all = sigset_t(), old = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, &old)
        body()
        pthread_sigmask(SIG_SETMASK, &old, nil)
    }

    /// Handlers for the signals whose action ends the process; the
    /// actions they replace are kept to be taken afterwards.
    static func install() {
        let t = UnsafeMutablePointer<CChar>.allocate(capacity: slots * slotSize)
        t.initialize(repeating: 0, count: slots * slotSize)
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        p.initialize(repeating: sigaction(), count: 65)
        table = t
        previous = p
        for sig in terminating + crashing {
            var old = sigaction()
            sigaction(sig, nil, &old)
            // A command's own handler, or an ignored signal: not ours.
            if terminating.contains(sig) && old.__sigaction_handler.sa_handler != nil { continue }
            p[Int(sig)] = old
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in TempFileCleanup.onSignal(sig) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(bitPattern: SA_RESETHAND) | SA_NODEFER
            sigaction(sig, &action, nil)
        }
    }

    /// Removes the files, then takes the signal's previous action: the
    /// default one (re-raised) or the runtime's crash handler (the
    /// faulting instruction runs again under it).
    static func onSignal(_ sig: Int32) {
        if let table {
            for i in 0..<slots where table[i * slotSize] != 0 { unlink(table + i * slotSize) }
        }
        if let previous { sigaction(sig, previous + Int(sig), nil) }
        if terminating.contains(sig) || sig == SIGABRT { raise(sig) }
    }
}
