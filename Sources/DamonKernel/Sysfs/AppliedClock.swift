import DamoPlatform
import Synchronization

/// When the kernel applied a scheme for an `update_schemes_tried_regions`
/// request.  The write returns well after that: Linux 6.12's sysfs wakes
/// the writer on a 100 ms tick, a whole aggregation interval at damo's
/// default intervals.  So the write runs on a helper thread while this one
/// watches the scheme's `tried_regions/total_bytes`, which the kernel
/// zeroes when it takes the request and fills while it applies the scheme.
enum AppliedClock {
    /// The write's outcome, filled by the helper thread.
    final class Job: @unchecked Sendable {
        let write: () throws -> Void
        var error: Error?
        let done = Atomic<Bool>(false)
        init(_ write: @escaping () throws -> Void) { self.write = write }
        func run() {
            do { try write() } catch { self.error = error }
            done.store(true, ordering: .releasing)
        }
    }

    /// Runs `write` and returns the `clock` time at which `watched` (a
    /// real file) first held a new nonzero number (after zero, or other
    /// than the first one read), or the time of the write when it never
    /// changed (the kernel took the request and applied the scheme before
    /// the first look).  Nil when the file cannot be watched, or it held
    /// zero at the end (nothing was applied).  Errors of the write are
    /// rethrown.  `whileWaiting` gets that time once, on this thread, a moment after
    /// the change was seen if the write has not returned by then: the
    /// kernel's answer is complete before it wakes the writer, so it can
    /// be read during the rest of the wait.
    static func measure(watching watched: String, clock: () -> Int, whileWaiting: ((Int) -> Void)? = nil,
                        _ write: @escaping () throws -> Void) throws -> Int? {
        let fd = open(watched, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            try write()
            return nil
        }
        defer { close(fd) }
        let job = Job(write)
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let started = clock()
        guard pthread_create(&thread, nil, { ctx in
            Unmanaged<Job>.fromOpaque(ctx!).takeRetainedValue().run()
            return nil
        }, context) == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            try write()
            return nil
        }
        var first: UInt64? = nil, last: UInt64? = nil, applied: Int? = nil, waited = false
        var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
        while true {
            // (read the flag first: a value read after it is final)
            let finished = job.done.load(ordering: .acquiring)
            if applied == nil, let value = readNumber(fd) {
                if first == nil { first = value }
                if value != 0, value != first || last == 0 { applied = clock() }
                last = value
            }
            if finished { break }
            nanosleep(&pause, nil)
            if let applied, !waited, let whileWaiting, !job.done.load(ordering: .acquiring) {
                waited = true
                whileWaiting(applied)
            }
        }
        pthread_join(thread, nil)
        if let error = job.error { throw error }
        return applied ?? (last == 0 || last == nil ? nil : started)
    }

    /// The decimal number a sysfs file holds (re-read from offset 0).
    static func readNumber(_ fd: Int32) -> UInt64? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        var value: UInt64 = 0
        for byte in buffer[0..<n] {
            guard byte >= 0x30, byte <= 0x39 else { break }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(byte - 0x30))
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }
}
