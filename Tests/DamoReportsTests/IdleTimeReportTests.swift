import DamonModel
import Testing
@testable import DamoReports

/// DAMON_STAT's idle time views, against damo 3.4.3's functions on the
/// same percentiles (values generated once from damo_module_stat.py).
@Suite struct IdleTimeReportTests {
    static let kernelText = "0,340,350,360,370,710,720,730,740,1080,1090,1100,1110,1450,1460,1470,1480,1820,1830,1840,1850,2190,2200,2210,2220,2560,2570,2580,2590,2930,2940,2950,2960,3300,3310,3320,3330,3670,3680,3690,3700,4040,4050,4060,4070,4410,4420,4430,4440,4780,4790,4800,4810,5150,5160,5170,5180,5520,5530,5540,5550,5890,5900,5910,5920,6260,6270,6280,6290,6630,6640,6650,6660,7000,7010,7020,7030,7380,7390,7400,7750,7760,7770,8120,8130,8140,8490,8500,8510,8860,8870,8880,9230,9240,9250,9600,9610,9620,9970,9980,9990"
    static let fullFromPairs: [Double] = [-0.125, -0.0625, 0.0, 0.0625, 0.125, 0.1875, 0.25, 0.3125, 0.375, 0.4375, 0.5, 0.5625, 0.625, 0.6875, 0.75, 0.8125, 0.875, 0.9375, 1.0, 1.0625, 1.125, 1.1875, 1.25, 1.3125, 1.375, 1.4375, 1.5, 1.5625, 1.625, 1.6875, 1.75, 1.8125, 1.875, 1.9375, 2.0, 2.0625, 2.125, 2.1875, 2.25, 2.3125, 2.375, 2.4375, 2.5, 2.5625, 2.625, 2.6875, 2.75, 2.8125, 2.875, 2.9375, 3.0, 5.925, 8.85, 11.774999999999999, 14.7, 17.625, 20.55, 23.475, 26.400000000000002, 29.325000000000003, 32.25, 35.175, 38.099999999999994, 41.02499999999999, 43.94999999999999, 46.874999999999986, 49.79999999999998, 52.72499999999998, 55.64999999999998, 58.574999999999974, 61.49999999999997, 64.42499999999997, 67.34999999999997, 70.27499999999996, 73.19999999999996, 76.12499999999996, 79.04999999999995, 81.97499999999995, 84.89999999999995, 87.82499999999995, 90.74999999999994, 93.67499999999994, 96.59999999999994, 99.52499999999993, 102.44999999999993, 105.37499999999993, 108.29999999999993, 111.22499999999992, 114.14999999999992, 117.07499999999992, 120.0, 122.92500000000008, 125.85000000000016, 128.77500000000026, 131.70000000000033, 134.6250000000004, 137.55000000000047, 140.47500000000053, 143.4000000000006, 146.32500000000067, 149.25000000000074]
    static let cases: [(input: String, kind: String, lines: Int, range: [Int], raw: Bool, expected: String)] = [
        ("pairs", "memSize", 10, [], false, "14.813 s        54.0384615 %\n29.750 s        5.4487179 %\n44.688 s        5.4487179 %\n59.625 s        5.4487179 %\n1 m 14.563 s    5.4487179 %\n1 m 29.500 s    5.4487179 %\n1 m 44.438 s    5.4487179 %\n1 m 59.375 s    5.4487179 %\n2 m 14.313 s    5.4487179 %\n2 m 29.250 s    5.4487179 %\n2 m 44.188 s    0.3418803 %"),
        ("pairs", "memSize", 4, [], true, "37     61.698718\n74     13.108974\n111    13.108974\n149    13.108974\n186    0.341880"),
        ("pairs", "pct", 0, [0, 101, 25], false, "  0 -125 ms\n 25 1.438 s\n 50 3 s\n 75 1 m 16.125 s\n100 2 m 29.250 s"),
        ("pairs", "pct", 0, [5, 30, 10], true, "  5 0\n 15 0\n 25 1"),
        ("kernel", "memSize", 10, [], false, "999 ms      8.7617647 %\n1.998 s     20.4352941 %\n2.997 s     23.35 %\n3.996 s     20.4382353 %\n4.995 s     20.4382353 %\n5.994 s     23.35 %\n6.993 s     20.4382353 %\n7.992 s     18.4195798 %\n8.991 s     18.3406723 %\n9.990 s     17.3685714 %\n10.989 s    8.6857143 %\n11.988 s    0.1 %"),
        ("kernel", "pct", 0, [0, 101, 10], false, "  0 0 ns\n 10 1.090 s\n 20 1.850 s\n 30 2.940 s\n 40 3.700 s\n 50 4.790 s\n 60 5.550 s\n 70 6.640 s\n 80 7.750 s\n 90 8.870 s\n100 9.990 s"),
        ("flat", "memSize", 10, [], false, "3 s    100 %"),
    ]

    @Test func fullPercentilesFromPairs() throws {
        let full = try IdleTimeReport.fromPairs(["10", "0.5", "50", "3.0", "90", "120.0"])
        #expect(full == Self.fullFromPairs)
        #expect(throws: ReportError.self) { try IdleTimeReport.fromPairs(["10", "0.5"]) }
        #expect(throws: ReportError.self) { try IdleTimeReport.fromPairs(["10", "0.5", "5", "1"]) }
        #expect(throws: ReportError.self) { try IdleTimeReport.fromPairs(["10", "x", "50", "1"]) }
        #expect(throws: ReportError.self) { try IdleTimeReport.fromPairs(["10", "1", "50"]) }
    }

    @Test func kernelPercentiles() throws {
        let p = try IdleTimeReport.fromKernel(Self.kernelText)
        #expect(p.count == 101 && p[100] == 9.99)
        #expect(throws: ReportError.self) { try IdleTimeReport.fromKernel("1,2,3") }
    }

    @Test func viewsMatchDamo() throws {
        for c in Self.cases {
            let p: [Double]
            switch c.input {
            case "pairs": p = Self.fullFromPairs
            case "kernel": p = try IdleTimeReport.fromKernel(Self.kernelText)
            default: p = Array(repeating: 2.0, count: 101)
            }
            let text = c.kind == "memSize"
                ? try IdleTimeReport.memorySize(p, lines: c.lines, raw: c.raw)
                : try IdleTimeReport.percentiles(p, start: c.range[0], end: c.range[1], step: c.range[2], raw: c.raw)
            #expect(text == c.expected, "\(c.input) \(c.kind) \(c.lines) \(c.range) raw \(c.raw)")
        }
        #expect(throws: ReportError.self) {
            try IdleTimeReport.percentiles(Self.fullFromPairs, start: 0, end: 150, step: 10, raw: false)
        }
    }
}
