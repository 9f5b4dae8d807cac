/// The image formats damo's `--plot`/heatmap `--output` accept, as gnuplot's
/// terminal was chosen from the output file's extension.
public enum PlotImageFormat: String, Sendable {
    case png, svg, pdf

    /// From a file path's extension (case-insensitive "png", "svg", "pdf"); nil otherwise.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: ".") else { return nil }
        let ext = path[path.index(after: dot)...]
        // "dir.png/file" has no extension: the dot belongs to a directory.
        if ext.contains("/") { return nil }
        self.init(rawValue: ext.lowercased())
    }
}
