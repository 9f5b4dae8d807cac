/// An 8-bit sRGB color: what PNG pixels, SVG fills and PDF images share.
struct RGB: Hashable, Sendable {
    var r: UInt8
    var g: UInt8
    var b: UInt8

    init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    static let white = RGB(255, 255, 255)
    static let black = RGB(0, 0, 0)
    /// gnuplot 5's first line color ("dark-violet"), used by `with linespoints`.
    static let gnuplotLine = RGB(0x94, 0x00, 0xd3)

    var hex: String {
        let digits: [Character] = Array("0123456789abcdef")
        var text = "#"
        for channel in [r, g, b] {
            text.append(digits[Int(channel >> 4)])
            text.append(digits[Int(channel & 0xf)])
        }
        return text
    }
}

/// gnuplot's default palette, `set palette rgbformulae 7,5,15`:
/// r = sqrt(x), g = x^3, b = sin(2πx), each clipped to [0, 1].  It runs
/// black → blue → purple → red → orange → yellow as x goes 0 → 1.
enum HeatPalette {
    static func color(_ fraction: Double) -> RGB {
        let x = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        return RGB(channel(x.squareRoot()), channel(x * x * x), channel(plotSin(2 * Double.pi * x)))
    }

    private static func channel(_ value: Double) -> UInt8 {
        UInt8((min(max(value, 0), 1) * 255).rounded())
    }
}
