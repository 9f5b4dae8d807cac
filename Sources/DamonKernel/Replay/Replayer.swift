import CReplay
import Dispatch
import DamoPlatform

/// Touches memory the way a record says it was accessed, with several
/// threads.  A page is accessed by writing its first byte (one more each
/// time, so tests can count); that is what DAMON sees, as page table
/// accessed bits, and damo's replayer does the same per page.  `.full`
/// writes every byte instead, for when the memory traffic itself should be
/// there.
public final class Replayer {
    public enum Access: String, Sendable, CaseIterable {
        case page
        case full
    }

    public let access: Access
    public let threads: Int
    let area: UnsafeMutableRawPointer
    public let areaSize: Int

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reserves `size` bytes (nothing is resident until touched).
    public init(size: Int, access: Access = .page, threads: Int = Replayer.onlineCPUs) throws(Failure) {
        self.access = access
        self.threads = Swift.max(1, threads)
        areaSize = Swift.max(size, ReplayPlan.pageSize)
        guard let p = mmap(nil, areaSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              p != MAP_FAILED else {
            throw Failure(description: "cannot reserve \(areaSize) bytes of memory: \(errnoDescription())")
        }
        area = p
    }

    deinit { munmap(area, areaSize) }

    public static var onlineCPUs: Int { Swift.max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Bytes of memory the system can still give (MemAvailable).
    public static func availableMemory() -> Int? {
        guard let text = ProcFS.read("/proc/meminfo") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
        }
        return nil
    }

    /// The first byte of each page of the area (for tests).
    public func pageByte(at offset: Int) -> UInt8 { area.load(fromByteOffset: offset, as: UInt8.self) }

    /// Touches `total` bytes of spans[0..<count] (whose byte counts
    /// prefixBytes holds), split evenly over the threads.
    func touch(_ spans: [ReplayPlan.Span], count: Int, prefixBytes: [Int], value: UInt8) {
        let total = prefixBytes[count]
        if total == 0 { return }
        let parts = total < threads * (1 << 20) ? 1 : threads
        let area = AreaPointer(base: self.area)
        let access = self.access
        let work: @Sendable (Int) -> Void = { part in
            // Page aligned shares of the bytes, as spans are whole pages.
            let page = ReplayPlan.pageSize
            var from = total / page * part / parts * page
            let to = part == parts - 1 ? total : total / page * (part + 1) / parts * page
            // The span holding `from`.
            var lo = 0, hi = count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if prefixBytes[mid] <= from { lo = mid } else { hi = mid - 1 }
            }
            var i = lo
            while from < to && i < count {
                let spanStart = prefixBytes[i]
                let begin = from - spanStart
                let end = Swift.min(spans[i].length, to - spanStart)
                let base = area.base + spans[i].offset
                switch access {
                case .page:
                    var offset = begin
                    while offset < end {
                        let p = (base + offset).assumingMemoryBound(to: UInt8.self)
                        p.pointee &+= 1
                        offset += page
                    }
                case .full:
                    damo_stream_fill(base + begin, end - begin, value)
                }
                from = spanStart + end
                i += 1
            }
        }
        if parts == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: parts, execute: work)
        }
    }

    /// Replays snapshots in real time as they are planned (`next` gives
    /// nil at the end): slice after slice, sleeping to the end of each
    /// slice when the touching took less.  `progress` gets the snapshots
    /// done and the seconds since the start, after each snapshot.
    public func replay<E: Error>(next: () throws(E) -> ReplayPlan.SnapshotPlan?,
                                 progress: (Int, Double) -> Void) throws(E) {
        let started = Self.nowNs()
        var deadline = started
        var value: UInt8 = 0
        var done = 0
        while let snapshot = try next() {
            let slices = Swift.max(1, snapshot.slices)
            let sliceNs = snapshot.durationNs / slices
            for slice in 0..<slices {
                value &+= 1
                touch(snapshot.spans, count: snapshot.activeCount(slice: slice), prefixBytes: snapshot.prefixBytes,
                      value: value)
                deadline += sliceNs
                Self.sleep(until: deadline)
            }
            done += 1
            progress(done, Double(Self.nowNs() - started) / 1e9)
        }
    }

    /// Touches the first `size` bytes over and over for `seconds`, and
    /// reports the bytes accessed per second about every second.  The
    /// pages are made resident before the clock starts.
    public func measure(size: Int, seconds: Double, report: (Double) -> Void) {
        let spans = [ReplayPlan.Span(offset: 0, length: Swift.min(size, areaSize) / ReplayPlan.pageSize * ReplayPlan.pageSize)]
        let prefix = [0, spans[0].length]
        touch(spans, count: 1, prefixBytes: prefix, value: 0)
        let start = Self.nowNs()
        var windowStart = start
        var passes = 0
        var value: UInt8 = 1
        while true {
            touch(spans, count: 1, prefixBytes: prefix, value: value)
            value &+= 1
            passes += 1
            let now = Self.nowNs()
            if now - windowStart >= 1_000_000_000 {
                report(Double(spans[0].length) * Double(passes) / (Double(now - windowStart) / 1e9))
                passes = 0
                windowStart = now
            }
            if Double(now - start) / 1e9 >= seconds { break }
        }
    }

    /// The area's address, shared by the threads that touch disjoint parts.
    struct AreaPointer: @unchecked Sendable { let base: UnsafeMutableRawPointer }

    static func nowNs() -> Int {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t.tv_sec * 1_000_000_000 + t.tv_nsec
    }

    static func sleep(until deadline: Int) {
        var t = timespec(tv_sec: deadline / 1_000_000_000, tv_nsec: deadline % 1_000_000_000)
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, nil) == EINTR {}
    }
}
