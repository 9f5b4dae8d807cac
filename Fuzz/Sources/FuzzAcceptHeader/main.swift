// libFuzzer target: the exporter's own parsing of request data, the HTTP
// Accept header (content negotiation), and of --listen.  (Requests
// themselves are parsed by SwiftNIO's llhttp.)  It and the files it needs
// have no imports, so it builds on its own:
//
//   swiftc -sanitize=fuzzer,address -parse-as-library -O \
//       Sources/DamonMetrics/Exposition/ExpositionWriter.swift \
//       Sources/DamonMetrics/Exposition/MetricFamily.swift \
//       Fuzz/FuzzAcceptHeader.swift -o .build/fuzz-accept-header
//   .build/fuzz-accept-header -max_total_time=60
//
// Beyond not crashing, it checks that negotiation is total and that a
// rendered family round-trips its label escaping.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAcceptHeader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let format = ExpositionFormat.negotiate(accept: text)
    precondition(format == .prometheus || format == .openMetrics)
    var family = MetricFamily("damon_fuzz", .gauge, help: text)
    family.add([("value", text)], .int(1))
    let rendered = ExpositionWriter.render([family], format)
    // Escaped: one sample line, whatever the text holds.
    precondition(rendered.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { $0.hasPrefix("damon_fuzz{") }.count == 1)
    return 0
}
