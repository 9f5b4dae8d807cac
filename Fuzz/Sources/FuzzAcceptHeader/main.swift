import DamonMetrics
import FuzzSupport

/// The exporter's own parsing of request data: the HTTP Accept header
/// (content negotiation).  Requests themselves are parsed by SwiftNIO's
/// llhttp.  Beyond not crashing, negotiation must be total and a rendered
/// family must keep its label escaping: one sample line, whatever the
/// text holds.
fuzzMain(fuzzAcceptHeader)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAcceptHeader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = fuzzText(data, size)
    let format = ExpositionFormat.negotiate(accept: text)
    precondition(format == .prometheus || format == .openMetrics)
    var family = MetricFamily("damon_fuzz", .gauge, help: text)
    family.add([("value", text)], .int(1))
    for format in ExpositionFormat.allCases {
        let rendered = ExpositionWriter.render([family], format)
        // Lines as a scraper reads them: split at each "\n" byte (Swift's
        // Characters would take a "\r" before it into one "\r\n").
        precondition(rendered.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .filter { $0.starts(with: "damon_fuzz{".utf8) }.count == 1)
    }
    return 0
}
