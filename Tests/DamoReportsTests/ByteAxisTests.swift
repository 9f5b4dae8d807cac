import Testing

@testable import DamoReports

/// The texts of an SVG's <text> elements, in order.
private func svgTexts(_ svg: [UInt8]) -> [String] {
    let document = String(decoding: svg, as: UTF8.self)
    return document.components(separatedBy: "</text>").dropLast().compactMap { chunk in
        chunk.range(of: ">", options: .backwards).map { String(chunk[$0.upperBound...]) }
    }
}

private let mib = 1048576.0

/// Axes of sizes for people: power-of-two steps labelled in one binary unit.
@Suite struct ByteAxisTests {
    @Test func roundBinarySteps() {
        let full = AxisScale.bytesFixed(0, 128 * mib)
        #expect(full.ticks == (0...8).map { Double($0) * 16 * mib })
        #expect(full.ticks.map(full.label) == ["0", "16", "32", "48", "64", "80", "96", "112", "128"])
        #expect(full.labelled("Address offset") == "Address offset (MiB)")

        let partial = AxisScale.bytesFixed(0, 100 * mib)
        #expect(partial.ticks.map(partial.label) == ["0", "16", "32", "48", "64", "80", "96"])
        #expect(partial.hi == 100 * mib)
    }

    @Test func unitFollowsTheValues() {
        let gib = AxisScale.bytesFixed(0, 3 * 1024 * mib)
        #expect(gib.unitName == "GiB")
        #expect(gib.ticks.map(gib.label) == ["0", "0.5", "1", "1.5", "2", "2.5", "3"])

        let small = AxisScale.bytesFixed(0, 1000)
        #expect(small.unitName == "bytes")
        #expect(small.ticks.map(small.label) == ["0", "128", "256", "384", "512", "640", "768", "896"])

        let quarters = AxisScale.bytesFixed(0, 1.5 * mib)
        #expect(quarters.unitName == "MiB")
        #expect(quarters.ticks.map(quarters.label) == ["0", "0.25", "0.5", "0.75", "1", "1.25", "1.5"])

        // A narrow range far from zero stays in the unit of its steps.
        let narrow = AxisScale.bytesFixed(1000 * mib, 1000 * mib + 8192)
        #expect(narrow.unitName == "KiB")
        #expect(narrow.ticks.count == 9)
    }

    @Test func autoscaledToEnclosingSteps() {
        let scale = AxisScale.bytesAutoscaled(10 * mib, 50 * mib)
        #expect(scale.lo == 8 * mib && scale.hi == 56 * mib)
        #expect(scale.ticks.map(scale.label) == ["8", "16", "24", "32", "40", "48", "56"])
    }

    @Test func degenerateRangesDoNotTrap() {
        #expect(AxisScale.binaryStep(0) == 1)
        #expect(AxisScale.binaryStep(.infinity) == 1)
        #expect(AxisScale.bytesFixed(5, 5).ticks == [5])
        #expect(AxisScale.bytesFixed(.nan, 1).ticks.count == 2)
        let huge = AxisScale.bytesFixed(0, 1e30)
        #expect(huge.unitName == "EiB" && (1...9).contains(huge.ticks.count))
        #expect(AxisScale.bytesAutoscaled(-1e300, 1e300).ticks.count <= 9)
    }

    @Test func heatmapInHumanUnits() {
        let plot = HeatmapPlot(heats: [[1, 2], [3, 4]], xRange: 0...30, yRange: 0...(64 * mib), xLabel: "Time (s)",
                               yLabel: "Address offset", colorLabel: "Access frequency (hz)", yInBytes: true)
        let texts = svgTexts(plot.render(.svg))
        #expect(texts.contains("Address offset (MiB)"))
        #expect(texts.contains("Time (s)"))
        #expect(texts.contains("Access frequency (hz)"))
        for label in ["0", "8", "16", "32", "64", "30"] { #expect(texts.contains(label), "\(label)") }
        #expect(!texts.contains { $0.contains("e+") })
    }

    @Test func heatmapInRawNumbers() {
        let plot = HeatmapPlot(heats: [[1, 2], [3, 4]], xRange: 0...3e10, yRange: 0...(64 * mib), xLabel: "Time (ns)",
                               yLabel: "Address (bytes)", colorLabel: "Access frequency (hz)")
        let texts = svgTexts(plot.render(.svg))
        for label in ["Address (bytes)", "Time (ns)", "1e+10", "6e+07"] { #expect(texts.contains(label), "\(label)") }
    }

    @Test func linePlotInHumanUnits() {
        let points = [(0.0, 10 * mib), (50, 12 * mib), (100, 48 * mib)]
        let human = svgTexts(LinePlot(points: points, xLabel: "percentile", yLabel: "working set size",
                                      yInBytes: true).render(.svg))
        #expect(human.contains("working set size (MiB)"))
        for label in ["8", "16", "48", "100"] { #expect(human.contains(label), "\(label)") }
        let raw = svgTexts(LinePlot(points: points, xLabel: "percentile", yLabel: "working set size (bytes)").render(.svg))
        #expect(raw.contains("working set size (bytes)") && raw.contains("5e+07"))
    }
}
