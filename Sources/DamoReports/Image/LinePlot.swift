/// A distribution plot, as damo's `--plot` options drew with gnuplot's
/// `plot ... with linespoints` (key off): autoscaled axes, one line with
/// '+' markers at the points.
public struct LinePlot: Sendable {
    public var points: [(x: Double, y: Double)]
    public var xLabel: String
    public var yLabel: String
    /// y values are sizes in bytes: power-of-two ticks labelled in
    /// KiB/MiB/GiB, the unit added to yLabel (else gnuplot's plain numbers).
    public var yInBytes: Bool

    public init(points: [(x: Double, y: Double)], xLabel: String, yLabel: String, yInBytes: Bool = false) {
        self.points = points
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.yInBytes = yInBytes
    }

    public func render(_ format: PlotImageFormat) -> [UInt8] {
        scene().render(format)
    }

    /// Half the size of gnuplot's point type 1 ('+') at point size 1.
    static let markerRadius = 4.0

    func scene() -> PlotScene {
        var scene = PlotScene(width: 640, height: 480)
        // gnuplot skips undefined points; so do we, to keep NaN out of files.
        let valid = points.filter { $0.x.isFinite && $0.y.isFinite }
        let xs = valid.map(\.x), ys = valid.map(\.y)
        let x = AxisScale.autoscaled(xs.min() ?? 0, xs.max() ?? 0)
        let (yLo, yHi) = (ys.min() ?? 0, ys.max() ?? 0)
        let y = yInBytes ? AxisScale.bytesAutoscaled(yLo, yHi) : AxisScale.autoscaled(yLo, yHi)
        // Room for half of the last x tick label past the right border.
        let lastLabel = x.ticks.last.map { Double(x.label($0).count) * PlotScene.charWidth / 2 } ?? 0
        let frame = PlotFrame(
            left: PlotFrame.leftMargin(for: y), top: 16, right: 640 - max(20, lastLabel + 4), bottom: 432,
            x: x, y: y)

        let mapped = valid.map { PlotPoint(x: frame.px($0.x), y: frame.py($0.y)) }
        if mapped.count > 1 {
            scene.add(.stroke(mapped, color: .gnuplotLine))
        }
        let radius = Self.markerRadius
        for point in mapped {
            scene.line(point.x - radius, point.y, point.x + radius, point.y, color: .gnuplotLine)
            scene.line(point.x, point.y - radius, point.x, point.y + radius, color: .gnuplotLine)
        }
        frame.drawDecorations(into: &scene, xLabel: xLabel, yLabel: yLabel)
        return scene
    }
}
