// swift-tools-version:6.1
// damo: the user-space tool for DAMON, the Linux Data Access MONitor.
import PackageDescription

let package = Package(
    name: "damo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "damo", targets: ["damo"]),
        // The libraries, for the fuzz targets' package (Fuzz/).
        .library(name: "DamonModel", targets: ["DamonModel"]),
        .library(name: "DamonKernel", targets: ["DamonKernel"]),
        .library(name: "DamonRecords", targets: ["DamonRecords"]),
        .library(name: "DamoReports", targets: ["DamoReports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // zlib from the system (zlib1g-dev); record files are zlib streams.
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // Value types of DAMON's vocabulary and damo's unit formats.
        .target(name: "DamonModel"),
        // Cache-bypassing memory fill for replay (x86-64 streaming stores),
        // optimized in debug builds too: unoptimized intrinsics are slower
        // than memset.
        .target(name: "CReplay", cSettings: [.unsafeFlags(["-O2"])]),
        // The only code that touches the OS: /proc, perf, processes.
        .target(
            name: "DamonKernel",
            dependencies: [
                "DamonModel", "CReplay",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]),
        // Record files: json, json_compressed, perf script; adjust/convert.
        .target(
            name: "DamonRecords",
            dependencies: ["DamonModel", "DamonKernel", "CZlib", .product(name: "Yams", package: "Yams")]),
        // One renderer per report, from records to text or images.
        .target(name: "DamoReports", dependencies: ["DamonModel", "DamonRecords", "CZlib"]),
        .executableTarget(
            name: "damo",
            dependencies: [
                "DamonModel", "DamonKernel", "DamonRecords", "DamoReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "DamonModelTests", dependencies: ["DamonModel"]),
        .testTarget(name: "DamonRecordsTests", dependencies: ["DamonRecords", "DamonModel"]),
        .testTarget(
            name: "DamoReportsTests", dependencies: ["DamoReports", "DamonRecords", "DamonModel", "CZlib"]),
        .testTarget(name: "DamoCLITests", dependencies: ["damo", "DamonRecords", "DamonModel", "DamonEmulator"]),
        // In-memory DAMON sysfs for tests (never touches /sys).
        .target(name: "DamonEmulator", dependencies: ["DamonKernel"], path: "Tests/DamonEmulator"),
        .testTarget(name: "DamonEmulatorTests", dependencies: ["DamonEmulator", "DamonKernel"]),
        // The control plane (start/tune/stop/status) against the emulator.
        .testTarget(name: "DamonControlTests", dependencies: ["DamonEmulator", "DamonKernel", "DamonModel", "DamonRecords"]),
    ]
)
