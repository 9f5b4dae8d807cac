import CZlib
import Testing

@testable import DamoReports

// MARK: - Helpers: just enough PNG/PDF/XML reading to check the renderers.

private func bigEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
}

private struct PNGChunk {
    var type: String
    var data: [UInt8]
    var storedCRC: UInt32
    var computedCRC: UInt32
}

private func pngChunks(_ png: [UInt8]) -> [PNGChunk] {
    var chunks: [PNGChunk] = []
    var offset = 8
    while offset + 12 <= png.count {
        let length = Int(bigEndian32(png, offset))
        let typeAndData = Array(png[offset + 4..<offset + 8 + length])
        let crc = typeAndData.withUnsafeBufferPointer {
            UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress, uInt($0.count)))
        }
        chunks.append(PNGChunk(
            type: String(decoding: typeAndData.prefix(4), as: UTF8.self), data: Array(typeAndData.dropFirst(4)),
            storedCRC: bigEndian32(png, offset + 8 + length), computedCRC: crc))
        offset += 12 + length
    }
    return chunks
}

/// zlib-inflates `data`, growing the output buffer until it fits.
private func inflated(_ data: [UInt8]) -> [UInt8]? {
    var capacity = max(data.count * 4, 1024)
    while capacity < 1 << 28 {
        var output = [UInt8](repeating: 0, count: capacity)
        var length = uLong(capacity)
        let status = output.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        if status == Z_OK { return Array(output.prefix(Int(length))) }
        if status != Z_BUF_ERROR { return nil }
        capacity *= 4
    }
    return nil
}

/// A decoded 8-bit RGB PNG (filter type 0 only, which is all we write).
private struct DecodedPNG {
    var width: Int
    var height: Int
    var scanlines: [UInt8]

    init?(_ png: [UInt8]) {
        let chunks = pngChunks(png)
        guard let header = chunks.first, header.type == "IHDR" else { return nil }
        width = Int(bigEndian32(header.data, 0))
        height = Int(bigEndian32(header.data, 4))
        guard let raw = inflated(chunks.filter { $0.type == "IDAT" }.flatMap(\.data)) else { return nil }
        scanlines = raw
    }

    func pixel(_ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let index = y * (1 + 3 * width) + 1 + 3 * x
        return (scanlines[index], scanlines[index + 1], scanlines[index + 2])
    }
}

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Element names of an SVG in order; nil when a closing tag does not match.
private func balancedTags(_ svg: String) -> (opened: Int, closed: Int)? {
    var stack: [Substring] = []
    var opened = 0, closed = 0
    var rest = Substring(svg)
    while let start = rest.firstIndex(of: "<") {
        guard let end = rest[start...].firstIndex(of: ">") else { return nil }
        let tag = rest[rest.index(after: start)..<end]
        let name = tag.prefix { !$0.isWhitespace && $0 != "/" && $0 != ">" }
        if tag.hasPrefix("/") {
            guard stack.popLast() == tag.dropFirst() else { return nil }
            closed += 1
        } else if tag.hasSuffix("/") {
            opened += 1
            closed += 1
        } else {
            stack.append(name)
            opened += 1
        }
        rest = rest[rest.index(after: end)...]
    }
    return stack.isEmpty ? (opened, closed) : nil
}

private func occurrences(of needle: String, in haystack: [UInt8]) -> [Int] {
    let pattern = Array(needle.utf8)
    guard haystack.count >= pattern.count else { return [] }
    return (0...(haystack.count - pattern.count)).filter { haystack[$0..<$0 + pattern.count].elementsEqual(pattern) }
}

/// Checks the PDF's skeleton; returns its inflated streams.
private func checkPDF(_ pdf: [UInt8]) -> [[UInt8]] {
    let whole = text(pdf)
    #expect(whole.hasPrefix("%PDF-1.4\n"))
    #expect(whole.hasSuffix("%%EOF\n"))
    let startxref = occurrences(of: "startxref\n", in: pdf).last!
    let xrefOffset = Int(text(Array(pdf[(startxref + 10)...].prefix { $0 != 10 })))!
    #expect(pdf[xrefOffset..<xrefOffset + 5].elementsEqual("xref\n".utf8))
    // Entries end in "\r\n", a single Character to Swift: split on any newline.
    let xref = text(Array(pdf[xrefOffset...])).split(whereSeparator: \.isNewline)
    let count = Int(xref[1].split(separator: " ")[1])!
    #expect(xref[2] == "0000000000 65535 f")
    for object in 1..<count {
        let entry = xref[2 + object]
        #expect(entry.count == 18 && entry.hasSuffix(" 00000 n"))
        let offset = Int(entry.prefix(10))!
        #expect(text(Array(pdf[offset..<min(offset + 20, pdf.count)])).hasPrefix("\(object) 0 obj\n"))
    }
    #expect(whole.contains("/Size \(count) /Root 1 0 R"))
    // Every stream is FlateDecode with an exact /Length.
    var streams: [[UInt8]] = []
    for start in occurrences(of: "stream\n", in: pdf) where !text(Array(pdf[start - 3..<start])).hasSuffix("end") {
        let header = text(Array(pdf[..<start])).components(separatedBy: "/Length ").last!
        let length = Int(header.prefix { $0.isNumber })!
        let data = Array(pdf[start + 7..<start + 7 + length])
        #expect(text(Array(pdf[start + 7 + length..<start + 17 + length])) == "\nendstream")
        let decoded = inflated(data)
        #expect(decoded != nil)
        streams.append(decoded ?? [])
    }
    return streams
}

extension String {
    fileprivate func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

private func checkSVG(_ svg: [UInt8], contains labels: [String]) {
    let document = text(svg)
    #expect(document.hasPrefix("<svg"))
    #expect(document.hasSuffix("</svg>\n"))
    let tags = balancedTags(document)
    #expect(tags != nil)
    #expect(tags?.opened == tags?.closed)
    for label in labels {
        #expect(document.contains(">\(label)</text>"))
    }
    #expect(!document.lowercased().contains("nan"))
    #expect(!document.lowercased().contains("inf"))
}

private func checkPNG(_ png: [UInt8]) -> DecodedPNG? {
    #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let chunks = pngChunks(png)
    #expect(chunks.map(\.type).first == "IHDR")
    #expect(chunks.map(\.type).last == "IEND")
    #expect(chunks.map(\.type).contains("IDAT"))
    for chunk in chunks {
        #expect(chunk.storedCRC == chunk.computedCRC, "CRC of \(chunk.type)")
    }
    let header = chunks[0].data
    #expect(header.count == 13)
    #expect(Array(header[8...]) == [8, 2, 0, 0, 0])
    guard let decoded = DecodedPNG(png) else {
        Issue.record("IDAT does not inflate")
        return nil
    }
    #expect(decoded.scanlines.count == decoded.height * (1 + 3 * decoded.width))
    #expect((0..<decoded.height).allSatisfy { decoded.scanlines[$0 * (1 + 3 * decoded.width)] == 0 })
    return decoded
}

// The heatmap's plot area, fixed like damo's `set lmargin at screen 0.1;
// set rmargin at screen 0.7` on a 640x480 image.
private let plotLeft = 64, plotRight = 448, plotTop = 16, plotBottom = 432

/// 4 time slots x 3 address slots: the earliest time's highest address
/// (drawn top-left) is the hottest, the latest time's lowest address
/// (bottom-right) the coldest, and the earliest lowest (bottom-left) empty.
private let sampleHeatmap = HeatmapPlot(
    heats: [
        [nil, 5, 10],
        [5, 5, 5],
        [5, 5, 5],
        [0, 5, 5],
    ],
    xRange: 0...56_797_184_551, yRange: 0...1_073_741_824, xLabel: "Time (ns)", yLabel: "Address (bytes)",
    colorLabel: "Access frequency (hz)")

// MARK: - Tests

@Suite struct ImageTests {
    @Test func formatFromPath() {
        #expect(PlotImageFormat(path: "out.png") == .png)
        #expect(PlotImageFormat(path: "/tmp/a.b/heat.SVG") == .svg)
        #expect(PlotImageFormat(path: "x.Pdf") == .pdf)
        #expect(PlotImageFormat(path: "x.jpeg") == nil)
        #expect(PlotImageFormat(path: "png") == nil)
        #expect(PlotImageFormat(path: "dir.png/file") == nil)
    }

    @Test func heatmapPNGStructure() throws {
        let png = sampleHeatmap.render(.png)
        let decoded = try #require(checkPNG(png))
        #expect(decoded.width == 640)
        #expect(decoded.height == 480)
    }

    @Test func heatmapPNGColors() throws {
        let decoded = try #require(DecodedPNG(sampleHeatmap.render(.png)))
        let cellWidth = (plotRight - plotLeft) / 4, cellHeight = (plotBottom - plotTop) / 3
        // Centers of cells, away from tick marks and the border.
        let hot = decoded.pixel(plotLeft + cellWidth / 2, plotTop + cellHeight / 2)
        #expect(hot.r > 220 && hot.g > 220 && hot.b < 60, "max heat is yellow: \(hot)")
        let cold = decoded.pixel(plotRight - cellWidth / 2, plotBottom - cellHeight / 2)
        #expect(cold.r < 30 && cold.g < 30 && cold.b < 30, "min heat is black: \(cold)")
        let empty = decoded.pixel(plotLeft + cellWidth / 2, plotBottom - cellHeight / 2)
        #expect(empty.r == 255 && empty.g == 255 && empty.b == 255, "no data is background: \(empty)")
        // The middle heat (x = 0.5): sqrt(0.5) red, a little green, no blue.
        let middle = decoded.pixel(plotLeft + cellWidth * 2 + cellWidth / 2, plotTop + cellHeight * 3 / 2)
        #expect(middle.r > 150 && middle.r < 200 && middle.g < 50 && middle.b < 10, "\(middle)")
        // The color box: yellow on top, black at the bottom.
        let boxX = plotRight + 34
        let boxTop = decoded.pixel(boxX, plotTop + 3), boxBottom = decoded.pixel(boxX, plotBottom - 3)
        #expect(boxTop.r > 220 && boxTop.g > 200 && boxTop.b < 60, "\(boxTop)")
        #expect(boxBottom.r < 60 && boxBottom.g < 10, "\(boxBottom)")
    }

    @Test func largeGridIsSampled() throws {
        let size = 500
        // Bands of 10x10 equal cells, like DAMON regions persisting over snapshots.
        let heats: [[Double?]] = (0..<size).map { i in (0..<size).map { j in Double(i / 10 + j / 10) } }
        let plot = HeatmapPlot(
            heats: heats, xRange: 0...1e9, yRange: 0...1e12, xLabel: "Time (ns)", yLabel: "Address (bytes)",
            colorLabel: "Access frequency (hz)")
        let decoded = try #require(checkPNG(plot.render(.png)))
        // The latest time's highest address is the hottest: top-right is yellow.
        let hot = decoded.pixel(plotRight - 10, plotTop + 10)
        #expect(hot.r > 220 && hot.g > 200, "\(hot)")
        // Sampled down to the plot's 384x416 pixels: fewer rects than 250,000 cells.
        let svg = plot.render(.svg)
        #expect(text(Array(svg.prefix(4))) == "<svg")
        let rects = zip(svg, svg.dropFirst()).filter { $0 == UInt8(ascii: "<") && $1 == UInt8(ascii: "r") }.count
        #expect(rects <= 384 * 416 + 1 + 256)
        _ = checkPDF(plot.render(.pdf))
    }

    @Test func heatmapSVG() {
        let svg = sampleHeatmap.render(.svg)
        checkSVG(svg, contains: ["Time (ns)", "Address (bytes)", "Access frequency (hz)", "1e+10", "0"])
        let document = text(svg)
        #expect(document.contains("fill=\"#ffff00\""))  // the hottest cell
        #expect(document.contains("fill=\"#000000\""))
        // Runs of equal color merge: row 2's three 5s are one rect.
        #expect(document.components(separatedBy: "<rect").count - 1 < 12 + 1 + 256 + 1)
    }

    @Test func svgEscapesMarkup() {
        let plot = LinePlot(points: [(1, 2), (3, 4)], xLabel: "a & b", yLabel: "<size>")
        let svg = plot.render(.svg)
        checkSVG(svg, contains: ["a &amp; b", "&lt;size&gt;"])
    }

    @Test func heatmapPDF() {
        let pdf = sampleHeatmap.render(.pdf)
        let streams = checkPDF(pdf)
        // Content stream, the heat image (4x3 RGB) and the color box gradient.
        #expect(streams.count == 3)
        let content = text(streams[0])
        #expect(content.contains("(Time \\(ns\\)) Tj"))
        #expect(content.contains("(Access frequency \\(hz\\)) Tj"))
        #expect(content.contains("/Im1 Do"))
        #expect(!content.lowercased().contains("nan"))
        #expect(streams[1].count == 4 * 3 * 3)
        #expect(text(pdf).contains("/Width 4 /Height 3"))
    }

    @Test(arguments: [PlotImageFormat.png, .svg, .pdf])
    func heatmapEdgeCases(format: PlotImageFormat) {
        let plots = [
            HeatmapPlot(heats: [], xRange: 0...0, yRange: 0...0, xLabel: "t", yLabel: "a", colorLabel: "c"),
            HeatmapPlot(heats: [[nil, nil], [nil, nil]], xRange: 0...10, yRange: 5...5, xLabel: "t", yLabel: "a", colorLabel: "c"),
            HeatmapPlot(heats: [[3, 3], [3]], xRange: 0...10, yRange: 0...100, xLabel: "t", yLabel: "a", colorLabel: "c"),
            HeatmapPlot(heats: [[.nan, 1], [.infinity, 2]], xRange: -5...5, yRange: 0...1, xLabel: "t", yLabel: "a", colorLabel: "c"),
            HeatmapPlot(heats: [[]], xRange: 0...1, yRange: 0...1, xLabel: "t", yLabel: "a", colorLabel: "c"),
        ]
        for plot in plots {
            let bytes = plot.render(format)
            switch format {
            case .png: _ = checkPNG(bytes)
            case .svg: checkSVG(bytes, contains: ["t", "a", "c"])
            case .pdf:
                for stream in checkPDF(bytes).prefix(1) {
                    #expect(!text(stream).lowercased().contains("nan"))
                    #expect(!text(stream).lowercased().contains("inf"))
                }
            }
        }
    }

    @Test func allNilHeatmapIsBackground() throws {
        let plot = HeatmapPlot(
            heats: [[nil, nil], [nil, nil]], xRange: 0...10, yRange: 0...10, xLabel: "t", yLabel: "a", colorLabel: "c")
        let decoded = try #require(DecodedPNG(plot.render(.png)))
        let inside = decoded.pixel((plotLeft + plotRight) / 2, (plotTop + plotBottom) / 2)
        #expect(inside.r == 255 && inside.g == 255 && inside.b == 255)
    }

    @Test func linePlotPNG() throws {
        let points = (0...100).map { (x: Double($0), y: Double($0 * $0) * 1e6) }
        let plot = LinePlot(points: points, xLabel: "percentile", yLabel: "nr_regions")
        let decoded = try #require(checkPNG(plot.render(.png)))
        #expect(decoded.width == 640 && decoded.height == 480)
        var violet = 0
        for y in 0..<decoded.height {
            for x in 0..<decoded.width {
                let pixel = decoded.pixel(x, y)
                if pixel.r == 0x94 && pixel.g == 0 && pixel.b == 0xd3 { violet += 1 }
            }
        }
        #expect(violet > 500, "the line and its markers are drawn in gnuplot's first color")
    }

    @Test func linePlotSVGAndPDF() {
        let plot = LinePlot(points: [(0, 10), (50, 20), (100, 15)], xLabel: "percentile", yLabel: "size (bytes)")
        checkSVG(plot.render(.svg), contains: ["percentile", "size (bytes)", "0", "100", "20"])
        let streams = checkPDF(plot.render(.pdf))
        #expect(streams.count == 1)
        #expect(text(streams[0]).contains("(percentile) Tj"))
    }

    @Test(arguments: [PlotImageFormat.png, .svg, .pdf])
    func linePlotEdgeCases(format: PlotImageFormat) {
        let plots = [
            LinePlot(points: [(5, 7)], xLabel: "x", yLabel: "y"),
            LinePlot(points: [], xLabel: "x", yLabel: "y"),
            LinePlot(points: [(0, 0), (0, 0)], xLabel: "x", yLabel: "y"),
            LinePlot(points: [(.nan, 1), (1, .infinity), (2, 3)], xLabel: "x", yLabel: "y"),
            LinePlot(points: [(-1e15, 1e-9), (1e15, 2e-9)], xLabel: "x", yLabel: "y"),
        ]
        for plot in plots {
            let bytes = plot.render(format)
            switch format {
            case .png: _ = checkPNG(bytes)
            case .svg: checkSVG(bytes, contains: ["x", "y"])
            case .pdf:
                let content = text(checkPDF(bytes).first ?? []).lowercased()
                #expect(!content.contains("nan") && !content.contains("inf"))
            }
        }
    }

    @Test func tickSteps() {
        // gnuplot's choices for these ranges.
        #expect(AxisScale.fixed(0, 56_797_184_551).ticks == [0, 1e10, 2e10, 3e10, 4e10, 5e10])
        #expect(AxisScale.fixed(0, 10).ticks == [0, 2, 4, 6, 8, 10])
        #expect(AxisScale.autoscaled(0, 100).ticks == [0, 20, 40, 60, 80, 100])
        #expect(AxisScale.autoscaled(0, 37).hi == 40)
        #expect(AxisScale.fixed(0, 1).ticks.map(gnuplotNumber) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(gnuplotNumber(2.5e9) == "2.5e+09")
        #expect(gnuplotNumber(100000) == "100000")
        #expect(gnuplotNumber(1e10) == "1e+10")
    }

    @Test func paletteEnds() {
        #expect(HeatPalette.color(0) == RGB(0, 0, 0))
        #expect(HeatPalette.color(1) == RGB(255, 255, 0))
        #expect(HeatPalette.color(0.25).b == 255)
    }
}
