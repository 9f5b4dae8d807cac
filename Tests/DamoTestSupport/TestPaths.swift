import Foundation

/// Where the tests' files are, from this file's place in the package,
/// never from the working directory.
public enum TestPaths {
    /// The package's root.
    public static let packageRoot: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/DamoTestSupport/TestPaths.swift
        return parts.joined(separator: "/")
    }()

    /// Tests/Fixtures: inputs and damo 3.4.3's outputs kept in the package.
    public static let fixtures = packageRoot + "/Tests/Fixtures"
    public static func fixture(_ name: String) -> String { fixtures + "/" + name }

    /// ../shared/compat/cases, when it is beside the package.
    public static let sharedCompat = packageRoot + "/../shared/compat/cases"
    public static let sharedInputs = sharedCompat + "/inputs"
    public static var haveSharedInputs: Bool { FileManager.default.fileExists(atPath: sharedInputs + "/damon.data") }
    public static func sharedInput(_ name: String) -> String { sharedInputs + "/" + name }

    /// python damo 3.4.3; scripts/test.sh sets DAMO_REFERENCE when it can
    /// find or install one.
    public static let referenceDamo = ProcessInfo.processInfo.environment["DAMO_REFERENCE"] ?? "/work/venv-damo/bin/damo"
    public static var haveReferenceDamo: Bool {
        FileManager.default.isExecutableFile(atPath: referenceDamo) && haveSharedInputs
    }

    // The names the record file tests use.
    public static var inputs: String { sharedInputs }
    public static func input(_ name: String) -> String { sharedInput(name) }
    public static var haveInputs: Bool { haveSharedInputs }
    public static var damo: String { referenceDamo }
    public static var haveDamo: Bool { haveReferenceDamo }
}
