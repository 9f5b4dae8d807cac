/// Advance widths (1/1000 em) of the PDF standard Helvetica for ASCII
/// 32...126, from its AFM; PDF has no text-anchor, so right-aligned and
/// centered labels need their width.
enum HelveticaMetrics {
    static func width(of text: String, size: Double) -> Double {
        var units = 0
        for scalar in text.unicodeScalars {
            let code = Int(scalar.value)
            units += (32...126).contains(code) ? widths[code - 32] : 556
        }
        return Double(units) * size / 1000
    }

    private static let widths: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // ' '.../
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0...?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // @...O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P..._
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // `...o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  // p...~
    ]
}
