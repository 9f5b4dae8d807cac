/// Axes of sizes and address offsets for people: ticks at power-of-two
/// byte steps (0, 16 MiB, 32 MiB, ...) labelled in one binary unit.
extension AxisScale {
    static let binaryUnits: [(name: String, bytes: Double)] = [
        ("bytes", 1), ("KiB", 0x1p10), ("MiB", 0x1p20), ("GiB", 0x1p30),
        ("TiB", 0x1p40), ("PiB", 0x1p50), ("EiB", 0x1p60),
    ]

    /// A caller's byte range, its ticks inside it.
    static func bytesFixed(_ lo: Double, _ hi: Double) -> AxisScale {
        let (lo, hi) = widenedIfEmpty(lo, hi)
        let step = binaryStep(hi - lo)
        return inBinaryUnit(AxisScale(lo: lo, hi: hi, ticks: ticks(lo, hi, step: step)), step: step)
    }

    /// A byte range pushed out to the enclosing power-of-two ticks.
    static func bytesAutoscaled(_ lo: Double, _ hi: Double) -> AxisScale {
        let (dataLo, dataHi) = widenedIfEmpty(lo, hi)
        let step = binaryStep(dataHi - dataLo)
        let (lo, hi) = extended(dataLo, dataHi, step: step)
        return inBinaryUnit(AxisScale(lo: lo, hi: hi, ticks: ticks(lo, hi, step: step)), step: step)
    }

    /// The power of two (at least one byte) that cuts the span into more
    /// than 4 and at most 8 steps.
    static func binaryStep(_ span: Double) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        var step = 1.0
        while span / step > 8 && step < 0x1p1000 { step *= 2 }
        return step
    }

    /// Labels in the largest unit the values reach, but no larger than 8
    /// steps, so that a label never needs more than three decimals (0.125).
    static func inBinaryUnit(_ scale: AxisScale, step: Double) -> AxisScale {
        let magnitude = max(abs(scale.lo), abs(scale.hi))
        var chosen = binaryUnits[0]
        for unit in binaryUnits where unit.bytes <= magnitude && unit.bytes <= step * 8 {
            chosen = unit
        }
        var scale = scale
        scale.unit = chosen.bytes
        scale.unitName = chosen.name
        return scale
    }
}
