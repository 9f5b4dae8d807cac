import DamonModel

/// tracefs settings that damo, or a tracer it runs, changes, with their
/// values before, to be put back as found: an instance's or the main
/// buffer's switch and clock, DAMON's events' enable files, and the main
/// buffer's size per CPU, which the kernel allocates in full once any
/// event is enabled ("7 (expanded: 1408)" becomes "1408") and damo gives
/// back.  A file's first value noted is the one put back.
public final class TracefsSettings {
    let fs: TracefsFiles
    var noted: [(path: String, value: String)] = []

    public init(_ fs: TracefsFiles) { self.fs = fs }

    /// Notes what a tracer working in the main buffer (trace-cmd) may
    /// change and leave changed when it is killed.
    public convenience init(mainBufferOf fs: TracefsFiles) throws(DamonFSError) {
        self.init(fs)
        for file in ["buffer_size_kb", "tracing_on", "trace_clock"] where fs.exists(file) {
            try note(file)
        }
        for event in Tracefs.availableDamonEvents(fs) {
            try note("events/damon/\(event.dropFirst("damon:".count))/enable")
        }
    }

    /// The setting a file holds: a list file's bracketed choice
    /// (trace_clock), a size without its "(expanded: N)" note, else its
    /// text without the newline.
    func value(_ path: String) throws(DamonFSError) -> String {
        let text = try fs.read(path)
        if path.hasSuffix("trace_clock") { return Self.selected(text) }
        let setting = text.trimmingWhitespace()
        if path.hasSuffix("buffer_size_kb") { return setting.split(separator: " ").first.map(String.init) ?? setting }
        return setting
    }

    /// The bracketed choice of a list file such as trace_clock.
    static func selected(_ text: String) -> String {
        for word in text.split(separator: " ") where word.hasPrefix("[") && word.hasSuffix("]") {
            return String(word.dropFirst().dropLast())
        }
        return text.trimmingWhitespace()
    }

    /// Notes `path`'s value now, to be put back.
    public func note(_ path: String) throws(DamonFSError) {
        guard !noted.contains(where: { $0.path == path }) else { return }
        noted.append((path, try value(path)))
    }

    /// Sets `path` to `value` (when it holds another), its value before
    /// noted.
    public func set(_ path: String, _ value: String) throws(DamonFSError) {
        try note(path)
        if try self.value(path) != value { try fs.write(path, value) }
    }

    /// Puts back, latest first, every file noted whose value changed;
    /// what could not be put back, one line each.
    public func putBack() -> [String] {
        var problems: [String] = []
        for (path, before) in noted.reversed() {
            do {
                if try value(path) != before { try fs.write(path, before) }
            } catch {
                problems.append("\(error)")
            }
        }
        noted = []
        return problems
    }
}
