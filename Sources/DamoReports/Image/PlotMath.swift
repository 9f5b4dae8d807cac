// libm and printf, without pulling Foundation into the reports module.
import DamoPlatform

/// Numbers as gnuplot's default tick format ("% h", i.e. C's "%g"):
/// 0, 0.2, 100000, 1e+10, 2.5e+09.
func gnuplotNumber(_ value: Double) -> String {
    guard value.isFinite else { return "?" }
    var buffer = [CChar](repeating: 0, count: 40)
    _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%g", $0) }
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

/// Coordinates for SVG and PDF text: at most two decimals, never an
/// exponent, NaN or infinity (both formats reject those).
func vectorNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let clamped = min(max(value, -1e12), 1e12)
    let hundredths = Int64((clamped * 100).rounded())
    let magnitude = hundredths.magnitude
    var text = String(magnitude / 100)
    let fraction = magnitude % 100
    if fraction != 0 {
        text += fraction % 10 == 0 ? "." + String(fraction / 10)
            : (fraction < 10 ? ".0" : ".") + String(fraction)
    }
    return hundredths < 0 ? "-" + text : text
}

func plotPow10(_ exponent: Double) -> Double { pow(10, exponent) }
func plotLog10(_ value: Double) -> Double { log10(value) }
func plotSin(_ value: Double) -> Double { sin(value) }
