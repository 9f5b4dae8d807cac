/// One axis's data range and tick positions, chosen as gnuplot does, or
/// for sizes in bytes at power-of-two steps labelled in KiB/MiB/GiB.
struct AxisScale: Sendable {
    var lo: Double
    var hi: Double
    var ticks: [Double]
    /// What the tick labels are divided by (1: the values themselves).
    var unit: Double = 1
    /// The name of `unit` for the axis label ("MiB"); nil for plain numbers.
    var unitName: String? = nil

    /// A tick's label: the value in the axis's unit, as gnuplot prints numbers.
    func label(_ tick: Double) -> String { gnuplotNumber(tick / unit) }

    /// The axis label with the unit of the ticks, if they have one.
    func labelled(_ text: String) -> String { unitName.map { "\(text) (\($0))" } ?? text }

    /// A range given by the caller (gnuplot `set xrange [lo:hi]`): ticks
    /// fall inside it, the range itself is kept.
    static func fixed(_ lo: Double, _ hi: Double) -> AxisScale {
        let (lo, hi) = widenedIfEmpty(lo, hi)
        let step = tickStep(hi - lo)
        return AxisScale(lo: lo, hi: hi, ticks: ticks(lo, hi, step: step))
    }

    /// An autoscaled range (gnuplot's default): the data range pushed out
    /// to the enclosing tick marks.
    static func autoscaled(_ lo: Double, _ hi: Double) -> AxisScale {
        let (dataLo, dataHi) = widenedIfEmpty(lo, hi)
        let step = tickStep(dataHi - dataLo)
        let (lo, hi) = extended(dataLo, dataHi, step: step)
        return AxisScale(lo: lo, hi: hi, ticks: ticks(lo, hi, step: step))
    }

    /// [lo:hi] pushed out to the multiples of `step` enclosing it.
    static func extended(_ lo: Double, _ hi: Double, step: Double) -> (Double, Double) {
        let extendedLo = (lo / step).rounded(.down) * step
        let extendedHi = (hi / step).rounded(.up) * step
        guard extendedLo.isFinite && extendedHi.isFinite && extendedLo < extendedHi else { return (lo, hi) }
        return (min(lo, extendedLo), max(hi, extendedHi))
    }

    /// Where `value` falls between lo (0) and hi (1).
    func fraction(_ value: Double) -> Double {
        let span = hi - lo
        guard span > 0, span.isFinite else { return 0.5 }
        return (value - lo) / span
    }

    /// gnuplot's "empty range" fix-up: [v:v] becomes v ± 1% (or [-1:1] at
    /// zero), and non-finite input a harmless [0:1].
    static func widenedIfEmpty(_ lo: Double, _ hi: Double) -> (Double, Double) {
        guard lo.isFinite, hi.isFinite else { return (0, 1) }
        if lo < hi { return (lo, hi) }
        if hi < lo { return (hi, lo) }
        if lo == 0 { return (-1, 1) }
        let delta = abs(lo) * 0.01
        return (lo - delta, lo + delta)
    }

    /// gnuplot's quantize_normal_tics() with its default guide of 20:
    /// a 1, 2 or 5 times power-of-ten step giving roughly 4-10 ticks.
    static func tickStep(_ span: Double) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let power = plotPow10(plotLog10(span).rounded(.down))
        let normalized = span / power
        let positions = 20 / normalized
        let step: Double
        if positions > 40 { step = 0.05 }
        else if positions > 20 { step = 0.1 }
        else if positions > 10 { step = 0.2 }
        else if positions > 4 { step = 0.5 }
        else if positions > 2 { step = 1 }
        else if positions > 0.5 { step = 2 }
        else { step = normalized.rounded(.up) }
        return step * power
    }

    static func ticks(_ lo: Double, _ hi: Double, step: Double) -> [Double] {
        guard step > 0, step.isFinite, lo.isFinite, hi.isFinite else { return [] }
        // Tolerate floating error at both ends so that e.g. 1.0 is a tick of [0:1].
        let first = (lo / step - 1e-9).rounded(.up)
        let last = (hi / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 1000 else { return [] }
        var ticks: [Double] = []
        var index = first
        while index <= last {
            let tick = index * step
            // 3*0.1 should print as 0.3 and -1e-17 as 0.
            ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
            index += 1
        }
        return ticks
    }
}
