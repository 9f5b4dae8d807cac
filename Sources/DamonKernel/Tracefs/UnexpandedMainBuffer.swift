/// The main trace buffer's size per CPU when the kernel had not allocated
/// it yet ("7 (expanded: 1408)"): enabling any event, through damo's own
/// tracefs reader or a trace-cmd it runs, makes the kernel allocate it in
/// full, and damo gives that memory back when it is done.
public struct UnexpandedMainBuffer {
    let fs: TracefsFiles
    let size: String

    /// nil when the main buffer is already allocated (nothing to give back).
    public init?(_ fs: TracefsFiles) {
        guard let text = try? fs.read("buffer_size_kb"), text.contains("expanded"),
              let size = text.split(separator: " ").first else { return nil }
        self.fs = fs
        self.size = String(size)
    }

    /// Shrinks the main buffer back to its size before; what went wrong.
    public func giveBack() -> String? {
        guard (try? fs.read("buffer_size_kb"))?.split(separator: " ").first.map(String.init) != size else { return nil }
        do { try fs.write("buffer_size_kb", size) } catch { return "\(error)" }
        return nil
    }
}
