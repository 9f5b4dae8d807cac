import DamoPlatform
import DamonModel

/// DAMON's trace events read straight from tracefs, for kernels and
/// machines where perf cannot record them.  It works in a trace instance
/// of its own (`instances/NAME`) so that the machine's main buffer and its
/// readers are untouched; where tracefs has no instances, in the main
/// buffer, with every setting it changes noted.  `trace_pipe`'s text is
/// appended to `output` as it is drained; `stop()` puts everything back as
/// found, which every exit path of the caller goes through.
public final class TracefsRecorder {
    let fs: TracefsFiles
    public let output: String
    public let events: [String]
    /// "instances/NAME/" or "" (the main buffer).
    let base: String
    var instanceMade = false
    /// What it changed (in the instance, and the main buffer's size),
    /// put back by `stop()`.
    let settings: TracefsSettings
    var pipe: Int32 = -1
    var out: Int32 = -1
    var partial: [UInt8] = []
    /// Complete lines written so far, and the buffer overruns tracefs told.
    public private(set) var lines = 0
    public private(set) var lostEvents = 0
    var stopped = false

    /// Starts tracing `events` (`damon:NAME`) into `output`; on failure,
    /// tracefs is left as found and the error names the file.
    public init(fs: TracefsFiles, events: [String], output: String, instance: String) throws {
        self.fs = fs
        self.output = output
        self.events = events
        for event in events {
            let name = Self.name(event)
            guard fs.isDirectory("events/damon/" + name) else {
                throw TracefsError("\(fs.root) has no \(event) event (this kernel does not trace it)")
            }
        }
        base = fs.isDirectory("instances") ? "instances/\(instance)/" : ""
        settings = TracefsSettings(fs)
        do {
            // (enabling an event allocates the main buffer, even from an instance)
            try settings.note("buffer_size_kb")
            if !base.isEmpty {
                try fs.makeDirectory(String(base.dropLast()))
                instanceMade = true
            }
            // Time stamps of CLOCK_MONOTONIC, as perf is asked for, so that
            // the record and the CPU profile share a clock.
            if let clocks = try? fs.read(base + "trace_clock"), clocks.split(separator: " ").contains("mono") {
                try settings.set(base + "trace_clock", "mono")
            }
            try settings.set(base + "tracing_on", "1")
            for event in events {
                try settings.set(base + "events/damon/\(Self.name(event))/enable", "1")
            }
            pipe = try fs.openForReading(base + "trace_pipe")
            out = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            if out < 0 { throw TracefsError("cannot create \(output): \(errnoDescription(errno))") }
        } catch {
            let problems = stop()
            if problems.isEmpty { throw error }
            throw TracefsError("\(error); putting tracefs back: \(problems.joined(separator: "; "))")
        }
    }

    deinit { _ = stop() }

    static func name(_ event: String) -> String {
        event.hasPrefix("damon:") ? String(event.dropFirst(6)) : event
    }

    /// Moves what trace_pipe has now into the output; the bytes moved.
    @discardableResult
    public func drain() throws -> Int {
        guard pipe >= 0 else { return 0 }
        var moved = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(pipe, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { break }
                throw TracefsError("reading \(fs.root)/\(base)trace_pipe failed: \(errnoDescription(errno))")
            }
            if n == 0 { break }
            moved += n
            try take(buffer[0..<n])
        }
        return moved
    }

    /// Keeps complete lines; tracefs's "[LOST N EVENTS]" lines are counted
    /// instead (the buffer overran between two drains).
    func take(_ bytes: ArraySlice<UInt8>) throws {
        partial += bytes
        guard let lastNewline = partial.lastIndex(of: 0x0a) else { return }
        var keep: [UInt8] = []
        for line in partial[...lastNewline].split(separator: 0x0a, omittingEmptySubsequences: true) {
            let words = String(decoding: line, as: UTF8.self).split(separator: " ")
            if let lost = words.firstIndex(of: "[LOST"), lost + 1 < words.count {
                lostEvents += Int(words[lost + 1]) ?? 0
                continue
            }
            keep += line
            keep.append(0x0a)
            lines += 1
        }
        partial.removeFirst(lastNewline + 1)
        var done = 0
        while done < keep.count {
            let n = keep[done...].withUnsafeBytes { Glibc.write(out, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TracefsError("writing \(output) failed: \(errnoDescription(errno))")
            }
            done += n
        }
    }

    /// Drains what is left, then puts tracefs back: events and settings to
    /// their values before, the main buffer's size too, the instance
    /// removed.  What could not be put
    /// back, one line each (empty when all went back).
    @discardableResult
    public func stop() -> [String] {
        guard !stopped else { return [] }
        stopped = true
        var problems: [String] = []
        if pipe >= 0 && out >= 0 {
            do { try drain() } catch { problems.append("\(error)") }
        }
        if pipe >= 0 { close(pipe); pipe = -1 }
        if out >= 0 { close(out); out = -1 }
        problems += settings.putBack()
        if instanceMade {
            do { try fs.removeDirectory(String(base.dropLast())) } catch { problems.append("\(error)") }
            instanceMade = false
        }
        return problems
    }
}

/// tracefs could not be used; one line for the user.
public struct TracefsError: DamoFailure {
    public let description: String
    public init(_ description: String) { self.description = description }
}
