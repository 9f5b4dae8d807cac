import DamonModel
import DamonKernel
import DamonRecords
import DamoReports
import SystemPackage

/// An image file to draw maps into; several maps get `.1`, `.2`, ...
/// before the extension, as damo names them.
struct ImageTarget {
    let path: String
    let format: PlotImageFormat
    let viaImageMagick: Bool

    let programs: Programs

    init(path: String, env: DamoEnvironment) throws {
        self.path = path
        programs = env.programs
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if ext == "jpeg" || ext == "jpg" {
            format = .png
            viaImageMagick = true
            return
        }
        guard let f = PlotImageFormat(path: path) else {
            throw DamoError("unsupported image type of '\(path)' (use .png, .svg, .pdf or .jpeg)")
        }
        format = f
        viaImageMagick = false
    }

    func path(index: Int) -> String {
        guard index > 0 else { return path }
        var parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        parts.insert(String(index), at: parts.count - 1)
        return parts.joined(separator: ".")
    }

    /// Draws one heatmap.  For people (the default): time in seconds and
    /// the address as an offset from the drawn range's start in KiB/MiB/GiB
    /// (`sizes`: the y axis is the summed size of sorted regions instead).
    /// `rawNumber`: bytes and nanoseconds, as damo's gnuplot drew them.
    func write(_ map: HeatmapReport.Map, index: Int, absTime: Bool, absAddr: Bool, sizes: Bool,
               rawNumber: Bool) throws {
        let h = map.heatmap
        let t0 = absTime ? map.timeRange.0.double : 0
        let xRange = t0...(t0 + (map.timeRange.1 - map.timeRange.0).double)
        let ySpan = (map.addrRange.1 - map.addrRange.0).double
        let colorLabel = "Access frequency (\(h.heatUnit))"
        let plot: HeatmapPlot
        if rawNumber {
            let a0 = absAddr ? map.addrRange.0.double : 0
            plot = HeatmapPlot(heats: h.heats, xRange: xRange, yRange: a0...(a0 + ySpan), xLabel: "Time (ns)",
                               yLabel: sizes ? "Size (bytes)" : "Address (bytes)", colorLabel: colorLabel)
        } else {
            let seconds = (xRange.lowerBound / 1e9)...(xRange.upperBound / 1e9)
            // An offset keeps the ticks round; --abs_addr says where it starts.
            let yLabel = sizes ? "Size" : absAddr ? "Address offset from \(hexAddress(map.addrRange.0))" : "Address offset"
            plot = HeatmapPlot(heats: h.heats, xRange: seconds, yRange: 0...ySpan, xLabel: "Time (s)",
                               yLabel: yLabel, colorLabel: colorLabel, yInBytes: true)
        }
        try writeImage(plot.render(format), to: path(index: index))
    }

    /// An address as people write it; checked before the conversion traps.
    private func hexAddress(_ address: PyNum) -> String {
        let value = address.double
        guard value >= 0, value < 0x1p64 else { return "\(value)" }
        return "0x" + String(UInt64(value), radix: 16)
    }

    /// Writes an image atomically; JPEG is converted from PNG by ImageMagick.
    func writeImage(_ bytes: [UInt8], to target: String) throws {
        guard viaImageMagick else {
            try writeFileAtomically(bytes, to: target)
            return
        }
        guard let convert = programs.find("magick") ?? programs.find("convert") else {
            throw DamoError("writing '\(target)' needs ImageMagick ('convert' or 'magick') for JPEG; use .png, .svg or .pdf instead")
        }
        // Through files of our own (mkstemp) and back, so that the target
        // is written the way every output is (a device or FIFO directly,
        // a file replaced whole).
        let png = try writeTemporaryFile("damo-plot-XXXXXX", bytes)
        defer { Files.remove(png) }
        let (jpeg, status, stderr) = try programs.runToTemporaryFile(convert, ["png:" + png, "jpeg:-"])
        defer { Files.remove(jpeg) }
        guard status == 0, let image = try? ProcFS.bytes(jpeg), !image.isEmpty else {
            throw DamoError("ImageMagick could not write '\(target)': \(stderr.split(separator: "\n").first ?? "exit \(status)")")
        }
        try writeFileAtomically(image, to: target)
    }
}

func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
    try AtomicFileSink.write(bytes, to: path, permission: 0o666 & ~RecordFile.umaskValue)
}

/// A new temporary file (mkstemp `template` in the temporary directory)
/// holding `bytes`; its path, which the caller removes.
func writeTemporaryFile(_ template: String, _ bytes: some Sequence<UInt8>) throws -> String {
    do { return try TemporaryFile.write(bytes: bytes, template) } catch {
        switch error {
        case .create(let e):
            throw DamoError("cannot create a temporary file in \(Processes.temporaryDirectory()): \(e.text)")
        case .write(let path, let e): throw DamoError("cannot write \(path): \(e.text)")
        }
    }
}
