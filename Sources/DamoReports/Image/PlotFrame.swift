/// The plot area of a scene and the decorations gnuplot draws around it:
/// the border, inward tick marks mirrored on the opposite side, tick
/// labels and axis labels.
struct PlotFrame: Sendable {
    static let tickLength = 6.0

    /// Pixel edges of the plot area.
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    var x: AxisScale
    var y: AxisScale

    var width: Double { right - left }
    var height: Double { bottom - top }

    /// Pixel position of data coordinates.
    func px(_ value: Double) -> Double { left + x.fraction(value) * width }
    func py(_ value: Double) -> Double { bottom - y.fraction(value) * height }

    /// Half-pixel offsets keep the 1 pixel lines on whole pixels in every
    /// back end (crisp in SVG/PDF, the same pixels in PNG).
    private func crispX(_ value: Double) -> Double {
        min(max(value.rounded(.down), left), right - 1) + 0.5
    }

    private func crispY(_ value: Double) -> Double {
        min(max(value.rounded(.down), top), bottom - 1) + 0.5
    }

    /// The axis labels get the unit of their ticks, if any ("(MiB)").
    func drawDecorations(into scene: inout PlotScene, xLabel: String, yLabel: String) {
        let (l, t, r, b) = (crispX(left), crispY(top), crispX(right), crispY(bottom))
        let tick = Self.tickLength
        for value in x.ticks {
            let position = crispX(px(value))
            scene.line(position, b, position, b - tick)
            scene.line(position, t, position, t + tick)
            scene.text(x.label(value), x: px(value), y: bottom + 12, anchor: .middle)
        }
        for value in y.ticks {
            let position = crispY(py(value))
            scene.line(l, position, l + tick, position)
            scene.line(r, position, r - tick, position)
            scene.text(y.label(value), x: left - 8, y: py(value), anchor: .end)
        }
        scene.add(.stroke(
            [PlotPoint(x: l, y: t), PlotPoint(x: r, y: t), PlotPoint(x: r, y: b),
             PlotPoint(x: l, y: b), PlotPoint(x: l, y: t)], color: .black))
        scene.text(x.labelled(xLabel), x: (left + right) / 2, y: bottom + 30, anchor: .middle)
        scene.text(y.labelled(yLabel), x: max(left - 8 - Self.tickLabelWidth(y) - 12, 8), y: (top + bottom) / 2, anchor: .middle, vertical: true)
    }

    /// Room the y tick labels and the y label take left of the plot area.
    static func leftMargin(for y: AxisScale) -> Double {
        max(8 + tickLabelWidth(y) + 12 + 8, 40)
    }

    static func tickLabelWidth(_ axis: AxisScale) -> Double {
        axis.ticks.map { Double(axis.label($0).count) * PlotScene.charWidth }.max() ?? 0
    }
}
