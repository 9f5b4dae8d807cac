import DamoPlatform

/// The `perf script` text of perf.data files, converted once per file for
/// as long as this lives (a command's environment: the whole run), so
/// that reports reading a record in several passes run perf once.  Each
/// text is an unnamed temporary file, so nothing is left behind however
/// the process ends, signals and crashes included.
public final class PerfScriptTexts {
    let convert: PerfScriptConversion
    var texts: [String: UnnamedFile] = [:]

    public init(_ convert: @escaping PerfScriptConversion) { self.convert = convert }

    func text(of perfData: String) throws -> UnnamedFile {
        if let text = texts[perfData] { return text }
        let text = try UnnamedFile(name: perfData, purpose: "keep perf script's text")
        try convert(perfData, text.fd)
        var st = stat()
        guard fstat(text.fd, &st) == 0 else {
            throw RecordFileError(perfData, "cannot keep perf script's text: \(errnoDescription())")
        }
        text.size = Int(st.st_size)
        texts[perfData] = text
        return text
    }
}
