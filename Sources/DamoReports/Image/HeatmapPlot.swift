/// An access heatmap image, as damo's `report heatmap --output` drew with
/// gnuplot's `plot ... with image`: time on x, address on y, a color box
/// with gnuplot's default palette on the right.
public struct HeatmapPlot: Sendable {
    /// heats[i][j]: row i = time slot i (earliest first), column j = address slot j (lowest first); nil = no data (draw as background/white).
    public var heats: [[Double?]]
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var xLabel: String
    public var yLabel: String
    public var colorLabel: String
    /// y is a size or address offset in bytes: power-of-two ticks
    /// labelled in KiB/MiB/GiB, the unit added to yLabel.
    public var yInBytes: Bool

    public init(
        heats: [[Double?]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, xLabel: String,
        yLabel: String, colorLabel: String, yInBytes: Bool = false
    ) {
        self.yInBytes = yInBytes
        self.heats = heats
        self.xRange = xRange
        self.yRange = yRange
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.colorLabel = colorLabel
    }

    public func render(_ format: PlotImageFormat) -> [UInt8] {
        scene().render(format)
    }

    /// Lowest and highest finite heat, widened when they are equal (or
    /// there are none) so colors never divide by zero.
    var heatRange: (lo: Double, hi: Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for row in heats {
            for case let heat? in row where heat.isFinite {
                lo = min(lo, heat)
                hi = max(hi, heat)
            }
        }
        if lo > hi { return (0, 1) }
        return AxisScale.widenedIfEmpty(lo, hi)
    }

    /// The grid as image cells: columns are time slots, rows address slots
    /// with the highest address on top.
    func raster(lo: Double, hi: Double) -> RasterImage {
        let columns = heats.count
        let rows = heats.map(\.count).max() ?? 0
        var pixels = [RGB?](repeating: nil, count: columns * rows)
        for (column, slots) in heats.enumerated() {
            for (slot, heat) in slots.enumerated() {
                guard let heat, heat.isFinite else { continue }
                pixels[(rows - 1 - slot) * columns + column] = HeatPalette.color((heat - lo) / (hi - lo))
            }
        }
        return RasterImage(width: columns, height: rows, pixels: pixels)
    }

    func scene() -> PlotScene {
        var scene = PlotScene(width: 640, height: 480)
        // damo fixes the margins at screen 0.1 and 0.7, leaving the right
        // part for the color box.
        let frame = PlotFrame(
            left: 64, top: 16, right: 448, bottom: 432,
            x: .fixed(xRange.lowerBound, xRange.upperBound),
            y: yInBytes ? .bytesFixed(yRange.lowerBound, yRange.upperBound)
                : .fixed(yRange.lowerBound, yRange.upperBound))
        let (lo, hi) = heatRange
        let image = raster(lo: lo, hi: hi)
        if image.width > 0 && image.height > 0 {
            scene.add(.image(image, x: frame.left, y: frame.top, width: frame.width, height: frame.height))
        }
        frame.drawDecorations(into: &scene, xLabel: xLabel, yLabel: yLabel)
        drawColorBox(into: &scene, frame: frame, lo: lo, hi: hi)
        return scene
    }

    /// The palette as a vertical gradient (low at the bottom), its own
    /// ticks and labels, and the rotated color label.
    private func drawColorBox(into scene: inout PlotScene, frame: PlotFrame, lo: Double, hi: Double) {
        let left = frame.right + 24, right = left + 20
        let steps = 256
        let gradient = RasterImage(
            width: 1, height: steps,
            pixels: (0..<steps).map { HeatPalette.color(Double(steps - 1 - $0) / Double(steps - 1)) })
        scene.add(.image(gradient, x: left, y: frame.top, width: right - left, height: frame.height))
        let box = PlotFrame(left: left, top: frame.top, right: right, bottom: frame.bottom, x: .fixed(0, 1), y: .fixed(lo, hi))
        let (l, t, r, b) = (left + 0.5, frame.top + 0.5, right - 0.5, frame.bottom - 0.5)
        for value in box.y.ticks {
            let position = min(max(box.py(value).rounded(.down), frame.top), frame.bottom - 1) + 0.5
            scene.line(l, position, l + 4, position)
            scene.line(r, position, r - 4, position)
            scene.text(gnuplotNumber(value), x: right + 6, y: box.py(value), anchor: .start)
        }
        scene.add(.stroke(
            [PlotPoint(x: l, y: t), PlotPoint(x: r, y: t), PlotPoint(x: r, y: b),
             PlotPoint(x: l, y: b), PlotPoint(x: l, y: t)], color: .black))
        let labelX = right + 6 + PlotFrame.tickLabelWidth(box.y) + 14
        scene.text(colorLabel, x: labelX, y: (frame.top + frame.bottom) / 2, anchor: .middle, vertical: true)
    }
}
