// swift-tools-version:6.1
// libFuzzer targets for damo's parsers (scripts/fuzz.sh builds and runs
// them).  A package of its own: the targets need -sanitize=fuzzer, and
// plain `swift build` of the main package must not meet them.
import Foundation
import PackageDescription

// The main package is the parent directory; SwiftPM names a path
// dependency after its directory, whatever the checkout is called.
let parent = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let damo = parent.lastPathComponent.lowercased()

func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: damo) })
}

let package = Package(
    name: "damo-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "DamoPlatform", package: damo)]),
        fuzzTarget("FuzzRecordFile", ["DamonModel", "DamonRecords", "DamoReports"]),
        fuzzTarget("FuzzTraceText", ["DamonModel", "DamonRecords"]),
        fuzzTarget("FuzzParams", ["DamonModel", "DamonRecords", "DamonKernel"]),
        fuzzTarget("FuzzSchemeLine", ["DamonModel", "DamonKernel"]),
        fuzzTarget("FuzzUnits", ["DamonModel"]),
        fuzzTarget("FuzzKernelFiles", ["DamonModel", "DamonKernel"]),
        fuzzTarget("FuzzAcceptHeader", ["DamonMetrics"]),
    ]
)
