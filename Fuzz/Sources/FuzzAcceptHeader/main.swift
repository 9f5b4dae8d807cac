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
        precondition(rendered.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("damon_fuzz{") }.count == 1)
    }
    return 0
}
