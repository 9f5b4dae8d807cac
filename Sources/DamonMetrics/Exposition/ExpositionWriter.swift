/// The text formats Prometheus scrapes: its own (0.0.4) and OpenMetrics
/// 1.0.0, which differ in counter family names, UNIT lines, HELP escaping
/// and the closing `# EOF`.
public enum ExpositionFormat: Sendable, CaseIterable {
    case prometheus
    case openMetrics

    public var contentType: String {
        switch self {
        case .prometheus: return "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: return "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// The format for an HTTP Accept header, as Prometheus servers and
    /// client libraries negotiate it: OpenMetrics when an
    /// `application/openmetrics-text` range (version 1.0.0, 0.0.1 or none)
    /// has a higher quality than text/plain or any other range; Prometheus'
    /// text format otherwise, also without an Accept header.
    public static func negotiate(accept: String?) -> ExpositionFormat {
        guard let accept else { return .prometheus }
        var openMetricsQ = 0.0, textQ = 0.0
        for range in accept.split(separator: ",") {
            let params = range.split(separator: ";").map { $0.trimmingSpaces().lowercased() }
            guard let type = params.first else { continue }
            var q = 1.0, version: String?
            for p in params.dropFirst() {
                let kv = p.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
                guard kv.count == 2 else { continue }
                if kv[0] == "q" { q = Double(kv[1]).map { min(max($0, 0), 1) } ?? 0 }
                if kv[0] == "version" { version = kv[1] }
            }
            switch type {
            case "application/openmetrics-text" where version == nil || version == "1.0.0" || version == "0.0.1":
                openMetricsQ = max(openMetricsQ, q)
            case "text/plain" where version == nil || version == "0.0.4", "text/*", "*/*":
                textQ = max(textQ, q)
            default: break
            }
        }
        return openMetricsQ > 0 && openMetricsQ >= textQ ? .openMetrics : .prometheus
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

/// Renders metric families in an exposition format.  Families without
/// samples are left out; each family's lines come together, HELP and TYPE
/// first, as both formats require.
public enum ExpositionWriter {
    public static func render(_ families: [MetricFamily], _ format: ExpositionFormat) -> String {
        var out = ""
        out.reserveCapacity(families.reduce(0) { $0 + 80 + $1.samples.count * 96 })
        for family in families where !family.samples.isEmpty {
            switch format {
            case .prometheus:
                out += "# HELP \(family.sampleName) \(escapeHelp(family.help, quotes: false))\n"
                out += "# TYPE \(family.sampleName) \(family.type.rawValue)\n"
            case .openMetrics:
                out += "# TYPE \(family.name) \(family.type.rawValue)\n"
                if let unit = family.unit { out += "# UNIT \(family.name) \(unit)\n" }
                out += "# HELP \(family.name) \(escapeHelp(family.help, quotes: true))\n"
            }
            let name = family.sampleName
            for sample in family.samples {
                out += name
                if !sample.labels.isEmpty {
                    out += "{"
                    for (i, label) in sample.labels.enumerated() {
                        if i > 0 { out += "," }
                        out += label.name + "=\"" + escapeLabelValue(label.value) + "\""
                    }
                    out += "}"
                }
                out += " " + sample.value.text + "\n"
            }
        }
        if format == .openMetrics { out += "# EOF\n" }
        return out
    }

    /// Backslash, double quote and line feed escaped.
    static func escapeLabelValue(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x5c || $0 == 0x22 || $0 == 0x0a }) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// Prometheus' format escapes backslash and line feed in HELP;
    /// OpenMetrics also double quotes.
    static func escapeHelp(_ s: String, quotes: Bool) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quotes: out += "\\\""
            default: out.append(c)
            }
        }
        return out
    }
}
