/// A sample's value: integers stay exact (byte counters pass 2^53), the
/// rest are floats.
public enum MetricValue: Sendable, Equatable {
    case int(Int64)
    case uint(UInt64)
    case double(Double)

    /// As Prometheus parses it (a float64), for tests and comparisons.
    public var double: Double {
        switch self {
        case .int(let v): return Double(v)
        case .uint(let v): return Double(v)
        case .double(let v): return v
        }
    }

    /// The exposition formats' number syntax.
    var text: String {
        switch self {
        case .int(let v): return String(v)
        case .uint(let v): return String(v)
        case .double(let v):
            if v.isNaN { return "NaN" }
            if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
            // Whole numbers without ".0", as other exporters print them.
            if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
            return String(v)
        }
    }
}

/// The metric types damo exports.
public enum MetricType: String, Sendable {
    case gauge, counter, summary
}

/// One series of a family: its labels (in order) and value.  Summary
/// quantiles carry a `quantile` label; counters get their `_total` suffix
/// from the writer.
public struct MetricSample: Sendable, Equatable {
    public var labels: [(name: String, value: String)]
    public var value: MetricValue

    public init(_ labels: [(name: String, value: String)], _ value: MetricValue) {
        self.labels = labels
        self.value = value
    }

    public static func == (a: MetricSample, b: MetricSample) -> Bool {
        a.value == b.value && a.labels.map(\.name) == b.labels.map(\.name) && a.labels.map(\.value) == b.labels.map(\.value)
    }

    /// The value of a label, for tests and lookups.
    public func label(_ name: String) -> String? { labels.first { $0.name == name }?.value }
}

/// A metric family: name (a counter's without `_total`), HELP text, type,
/// unit (the name's last word, for OpenMetrics' UNIT line) and samples.
/// A family without samples is not written: only what the kernel has is
/// exported.
public struct MetricFamily: Sendable, Equatable {
    public let name: String
    public let help: String
    public let type: MetricType
    public let unit: String?
    public var samples: [MetricSample]

    public init(_ name: String, _ type: MetricType, unit: String? = nil, help: String, samples: [MetricSample] = []) {
        precondition(MetricFamily.isValidName(name), "metric name \(name)")
        precondition(unit.map { name.hasSuffix("_" + $0) } ?? true, "\(name) must end with its unit")
        self.name = name
        self.help = help
        self.type = type
        self.unit = unit
        self.samples = samples
    }

    public mutating func add(_ labels: [(name: String, value: String)], _ value: MetricValue) {
        samples.append(MetricSample(labels, value))
    }

    /// The name of its samples: a counter's ends with `_total`.
    public var sampleName: String { type == .counter ? name + "_total" : name }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`, as the exposition formats define names.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(0x30...0x39).contains(first) else { return false }
        return name.utf8.allSatisfy { c in
            (0x61...0x7a).contains(c) || (0x41...0x5a).contains(c) || (0x30...0x39).contains(c) || c == 0x5f || c == 0x3a
        }
    }
}
