import DamonModel
import DamoPlatform

/// damo's rule for putting DAMON trace events together into snapshots,
/// holding only the newest snapshot of each target: a region event opens
/// a snapshot of its target when none is open, and is added to its
/// target's newest snapshot otherwise; a snapshot closes once it has its
/// `nr_regions` regions.  A target's snapshot is final when the target's
/// next one opens, or when the trace ends.
struct TraceSnapshots {
    var targets: [TargetID] = []
    var indexOf: [TargetID: Int] = [:]
    /// Each target's newest snapshot, still open to regions.
    var newest: [Snapshot?] = []
    /// Snapshots of each target so far.
    var counts: [Int] = []
    var firstEnds: [PyNum] = []
    var snapshotOpen = false

    /// Adds one region event; the snapshot it made final, if any, with
    /// its target and its index among the target's snapshots.
    mutating func add(_ event: TraceLineParser.Event, line: Int) throws -> (target: Int, index: Int, Snapshot)? {
        let t: Int
        if let i = indexOf[event.targetId] {
            t = i
        } else {
            t = targets.count
            indexOf[event.targetId] = t
            targets.append(event.targetId)
            newest.append(nil)
            counts.append(0)
            firstEnds.append(.int(0))
        }
        let end = PyNum.int(Int128(event.endTime))
        if let last = newest[t], last.endTime > end {
            throw RecordContentError(place: "line \(line)", problem: "trace is not time-sorted")
        }
        var finished: (target: Int, index: Int, Snapshot)? = nil
        if !snapshotOpen {
            if let last = newest[t] { finished = (t, counts[t] - 1, last) } else { firstEnds[t] = end }
            // A first snapshot's start is estimated once the trace has ended.
            newest[t] = Snapshot(startTime: newest[t]?.endTime ?? end, endTime: end, regions: [])
            counts[t] += 1
            snapshotOpen = true
        } else if newest[t] == nil {
            // damo fails here too (an IndexError): a new target's region
            // while another target's snapshot still lacks regions.
            throw RecordContentError(
                place: "line \(line)",
                problem: "region of target \(event.targetId) while a snapshot of another target is incomplete")
        }
        newest[t]!.regions.append(event.region)
        if newest[t]!.regions.count == event.nrRegions { snapshotOpen = false }
        return finished
    }
}

/// What a first pass over trace text learns: the targets, and when each
/// one's first snapshot started.  The traces carry only end times, so
/// damo estimates the first start from the average snapshot length, which
/// needs the last snapshot's end: hence two passes.
struct TraceSummary {
    var targets: [TargetID]
    var counts: [Int]
    /// The first snapshot's estimated start, for targets damo estimates.
    var firstStarts: [PyNum?]
    /// Whether the target's last snapshot is the placeholder trace writers
    /// add to single-snapshot records (dropped).
    var dropsLast: [Bool]

    /// Reads the whole trace, checking every line and snapshot; errors
    /// come in the order damo's whole-trace reading finds them (lines
    /// first, then snapshots target by target).
    init<S: ByteSource>(_ source: S) throws {
        var lines = LineReader(source: source)
        var parser = TraceLineParser()
        var snapshots = TraceSnapshots()
        var problem: (target: Int, index: Int, error: RecordContentError)? = nil
        func check(_ t: Int, _ index: Int, _ s: Snapshot) {
            guard problem.map({ ($0.target, $0.index) > (t, index) }) ?? true,
                  let error = TraceSummary.problem(s, target: snapshots.targets[t], index: index) else { return }
            problem = (t, index, error)
        }
        while let event = try lines.nextLine({ try parser.parse($0) }) {
            guard let event else { continue }
            if case let (t, index, s)? = try snapshots.add(event, line: parser.lineNumber) { check(t, index, s) }
        }
        targets = snapshots.targets
        counts = snapshots.counts
        firstStarts = Array(repeating: nil, count: targets.count)
        dropsLast = Array(repeating: false, count: targets.count)
        // damo stops estimating at the first record with < 2 snapshots.
        for t in targets.indices {
            guard counts[t] >= 2, let last = snapshots.newest[t] else { break }
            let first = snapshots.firstEnds[t]
            let each = (last.endTime - first).double / Double(counts[t] - 1)
            // (Never before the clock's start: an estimate, kept in range.)
            firstStarts[t] = first - .float(min(each, first.double))
            dropsLast[t] = TraceLineParser.isFakeSnapshot(last)
        }
        for t in targets.indices where !dropsLast[t] {
            if let last = snapshots.newest[t] { check(t, counts[t] - 1, last) }
        }
        if let problem { throw problem.error }
    }

    /// A placeholder region anywhere but at the end is not DAMON's, nor
    /// are sizes or times out of range.
    static func problem(_ s: Snapshot, target: TargetID, index: Int) -> RecordContentError? {
        let place = "target \(target), snapshot \(index)"
        if let region = s.regions.first(where: { $0.samples == -1 }) {
            return RecordContentError(place: place, problem: RecordLimits.problem(region) ?? "invalid region")
        }
        var s = s
        s.updateTotalBytes()
        return RecordLimits.problem(s).map { RecordContentError(place: place, problem: $0) }
    }
}

/// Trace text that can be read again: a regular file, bytes in memory, or
/// a copy of a pipe's text made while the first pass read it.
final class TraceTextInput {
    enum Origin {
        case file(String)
        case bytes([UInt8])
        case copy(UnnamedFile)
    }
    let origin: Origin

    init(_ origin: Origin) { self.origin = origin }

    func lines() throws -> LineReader<ReopenedSource> {
        switch origin {
        case .file(let path): LineReader(source: ReopenedSource(base: try FileByteSource(path: path)))
        case .bytes(let bytes): LineReader(source: ReopenedSource(base: MemoryByteSource(bytes)))
        case .copy(let copy): LineReader(source: ReopenedSource(base: UnnamedFile.Reader(file: copy)))
        }
    }
}

/// A trace text input opened again.
struct ReopenedSource: ByteSource {
    var base: any ByteSource
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try base.read(into: buffer) }
}


/// Trace text read record after record, snapshot after snapshot: a first
/// pass (TraceSummary), then one pass per target, keeping only the
/// target's newest snapshot.  Traces of several targets are read once
/// more per target.
final class TraceTextPuller: RecordPuller {
    let input: TraceTextInput
    let summary: TraceSummary
    let intervals: Intervals?
    var target = -1
    /// The pass of the current target; done once the text has ended.
    var lines = LineReader(source: ReopenedSource(base: MemoryByteSource([])))
    var done = true
    var parser = TraceLineParser()
    var snapshots = TraceSnapshots()

    init(input: TraceTextInput, summary: TraceSummary, intervals: Intervals?) {
        self.input = input
        self.summary = summary
        self.intervals = intervals
    }

    func nextRecord() throws -> Record? {
        target += 1
        guard target < summary.targets.count else { return nil }
        lines = try input.lines()
        done = false
        parser = TraceLineParser()
        snapshots = TraceSnapshots()
        return Record(intervals: intervals, targetId: summary.targets[target])
    }

    func nextSnapshot(_ header: inout Record) throws -> Snapshot? {
        guard !done else { return nil }
        while let event = try lines.nextLine({ try parser.parse($0) }) {
            guard let event, case let (t, index, s)? = try snapshots.add(event, line: parser.lineNumber),
                  t == target else { continue }
            return completed(s, index)
        }
        done = true
        lines = LineReader(source: ReopenedSource(base: MemoryByteSource([])))
        guard !summary.dropsLast[target], let t = snapshots.indexOf[summary.targets[target]],
              let last = snapshots.newest[t] else { return nil }
        return completed(last, summary.counts[target] - 1)
    }

    func completed(_ snapshot: Snapshot, _ index: Int) -> Snapshot {
        var s = snapshot
        if index == 0, let start = summary.firstStarts[target] { s.startTime = start }
        s.updateTotalBytes()
        return s
    }

    /// Trace text has no cheaper skip: every line is read.
    func skipSnapshots(_ header: inout Record) throws -> Int {
        var count = 0
        while try nextSnapshot(&header) != nil { count += 1 }
        return count
    }
}

extension RecordStream {
    /// Trace text (perf script, trace-cmd report or trace_pipe lines),
    /// whatever its first bytes: empty text has no records.
    public init(traceText path: String, intervals: Intervals? = nil) throws {
        self.path = path
        do {
            let file = try FileByteSource(path: path)
            puller = try RecordFile.tracePuller(file, base: file, name: path, intervals: intervals)
        } catch let e as RecordContentError {
            throw RecordFileError(path, e.description)
        }
    }

    /// Trace text in memory (the fuzz target's input), `name` standing for
    /// the file in errors.
    public init(traceText bytes: [UInt8], name: String, intervals: Intervals? = nil) throws {
        self.path = name
        do {
            let memory = MemoryByteSource(bytes)
            puller = try RecordFile.tracePuller(memory, base: memory, name: name, intervals: intervals)
        } catch let e as RecordContentError {
            throw RecordFileError(name, e.description)
        }
    }
}

extension RecordFile {
    /// The puller of trace text: `source` (`base` with the format peeked)
    /// for the first pass, then the file or bytes read again; a pipe is
    /// copied on the way; a copy already made (perf script's text) is
    /// read again as it is.
    static func tracePuller<S: ByteSource>(_ source: S, base: Any, name: String,
                                           intervals: Intervals?) throws -> any RecordPuller {
        let input: TraceTextInput
        let summary: TraceSummary
        var st = stat()
        if let file = base as? FileByteSource, fstat(file.fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG {
            input = TraceTextInput(.file(file.path))
            summary = try TraceSummary(source)
        } else if let memory = base as? MemoryByteSource {
            input = TraceTextInput(.bytes(memory.bytes))
            summary = try TraceSummary(source)
        } else if let copy = base as? UnnamedFile {
            input = TraceTextInput(.copy(copy))
            summary = try TraceSummary(source)
        } else {
            let copy = try UnnamedFile(name: name, purpose: "copy the trace text to read it twice")
            input = TraceTextInput(.copy(copy))
            summary = try TraceSummary(UnnamedFile.Filling(base: source, file: copy))
        }
        return TraceTextPuller(input: input, summary: summary, intervals: intervals)
    }
}
