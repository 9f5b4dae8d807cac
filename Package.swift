// swift-tools-version:6.1
// damo: the user-space tool for DAMON, the Linux Data Access MONitor.
import PackageDescription

let package = Package(
    name: "damo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "damo", targets: ["DamoMain"]),
        // The libraries, for the fuzz targets' package (Fuzz/).
        .library(name: "DamoPlatform", targets: ["DamoPlatform"]),
        .library(name: "DamonModel", targets: ["DamonModel"]),
        .library(name: "DamonKernel", targets: ["DamonKernel"]),
        .library(name: "DamonRecords", targets: ["DamonRecords"]),
        .library(name: "DamoReports", targets: ["DamoReports"]),
        .library(name: "DamonMetrics", targets: ["DamonMetrics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // The metrics exporter's HTTP server and its SIGTERM handling.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // zlib from the system (zlib1g-dev); record files are zlib streams.
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // The platform's C library, for every target (one file).
        .target(name: "DamoPlatform"),
        // Value types of DAMON's vocabulary and damo's unit formats.
        .target(name: "DamonModel", dependencies: ["DamoPlatform"]),
        // Cache-bypassing memory fill for replay (x86-64 streaming stores),
        // optimized in debug builds too: unoptimized intrinsics are slower
        // than memset.
        .target(name: "CReplay", cSettings: [.unsafeFlags(["-O2"])]),
        // Adler-32 with vector units (SSE2, AVX2): the check of every
        // compressed record, optimized in debug builds too.
        .target(name: "CChecksum", cSettings: [.unsafeFlags(["-O2"])]),
        // The only code that touches the OS: /proc, perf, processes.
        .target(
            name: "DamonKernel",
            dependencies: [
                "DamoPlatform", "DamonModel", "CReplay",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]),
        // Record files: json, json_compressed, perf script; adjust/convert.
        .target(
            name: "DamonRecords",
            dependencies: ["DamoPlatform", "DamonModel", "CZlib", "CChecksum", .product(name: "Yams", package: "Yams")]),
        // A live recording (damo record): DAMON's snapshots or tracepoints,
        // perf profiles and /proc samples, saved as record files.
        .target(name: "DamonRecording", dependencies: ["DamoPlatform", "DamonModel", "DamonKernel", "DamonRecords"]),
        // One renderer per report, from records to text or images.
        .target(name: "DamoReports", dependencies: ["DamoPlatform", "DamonModel", "DamonRecords", "CZlib"]),
        // What damo exports to Prometheus/OpenMetrics: read from DAMON's
        // files over any DamonFS and rendered by an exposition writer.
        .target(name: "DamonMetrics", dependencies: ["DamoPlatform", "DamonModel", "DamonKernel", "DamonRecords"]),
        // The exporter's HTTP server (SwiftNIO), hardened for a root daemon.
        .target(
            name: "DamonMetricsServer",
            dependencies: [
                "DamoPlatform", "DamonMetrics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // What each command does, run in a DamoEnvironment (DAMON's files,
        // output, programs, clock); no argument parsing.
        .target(
            name: "DamoCommands",
            dependencies: [
                "DamonModel", "DamonKernel", "DamonRecords", "DamonRecording", "DamoReports",
                "DamonMetrics", "DamonMetricsServer",
                .product(name: "SystemPackage", package: "swift-system"),
            ]),
        // The command line: ArgumentParser's declarations of the commands
        // and options, each calling DamoCommands.
        .target(
            name: "damo",
            dependencies: [
                "DamoCommands", "DamonKernel", "DamonModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The damo program.
        .executableTarget(name: "DamoMain", dependencies: ["damo"]),
        // What the test targets share: temporary directories, case files,
        // the fixtures' paths.
        .target(name: "DamoTestSupport", path: "Tests/DamoTestSupport"),
        .testTarget(name: "DamonModelTests", dependencies: ["DamonModel"]),
        .testTarget(name: "DamonRecordsTests", dependencies: ["DamonRecords", "DamonModel", "DamoTestSupport", "CChecksum"]),
        .testTarget(
            name: "DamoReportsTests", dependencies: ["DamoReports", "DamonRecords", "DamonModel", "CZlib"]),
        .testTarget(
            name: "DamoCLITests",
            dependencies: [
                "damo", "DamoMain", "DamoEmulated", "DamoCommands", "DamonKernel", "DamonRecords", "DamonModel",
                "DamonEmulator", "DamoTestSupport",
            ]),
        // In-memory DAMON sysfs for tests (never touches /sys).
        .target(name: "DamonEmulator", dependencies: ["DamoPlatform", "DamonKernel"], path: "Tests/DamonEmulator"),
        // damo with socket interface roots served by the emulator, for the
        // end-to-end tests of a running DAMON (not a product).
        .executableTarget(
            name: "DamoEmulated", dependencies: ["damo", "DamoCommands", "DamonKernel", "DamonEmulator"],
            path: "Tests/DamoEmulated"),
        .testTarget(name: "DamonEmulatorTests", dependencies: ["DamonEmulator", "DamonKernel", "DamoTestSupport"]),
        // The control plane (start/tune/stop/status) against the emulator.
        .testTarget(name: "DamonControlTests", dependencies: ["DamonEmulator", "DamonKernel", "DamonModel", "DamonRecords"]),
        // The exporter against the emulator, promtool and a real Prometheus.
        .testTarget(
            name: "DamonMetricsTests",
            dependencies: [
                "DamonMetrics", "DamonMetricsServer", "DamonEmulator", "DamonKernel", "DamonModel", "DamoEmulated",
                "DamoTestSupport",
            ]),
    ]
)

// scripts/test.sh builds our own Swift targets with -warnings-as-errors
// (DAMO_WARNINGS_AS_ERRORS=1), so that no warning slips in; the packages
// we depend on are built as they come.
if Context.environment["DAMO_WARNINGS_AS_ERRORS"] == "1" {
    for target in package.targets where target.type != .system && target.name != "CReplay" {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-warnings-as-errors"])]
    }
}
