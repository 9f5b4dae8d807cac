import DamoTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile inputs and outputs through the command line: one line on
/// stderr, a non-zero exit, never a hang, a crash or a clobbered node.
/// (The classes are tested in the libraries; these check what reaches
/// the user.)
@Suite struct HostileInputCLITests {
    let tmp = TemporaryDirectory("damo-hostile")
    var dir: String { tmp.path }

    func expectOneLineError(_ run: DamoRun, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 1, "status \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.hasPrefix("damo: ") && run.stderr.hasSuffix("\n"), sourceLocation: sourceLocation)
        #expect(run.stderr.dropLast().contains("\n") == false, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(words), "\(run.stderr)", sourceLocation: sourceLocation)
    }

    /// A FIFO nobody writes to blocked forever in open(); a device node
    /// was read without end.
    @Test(.timeLimit(.minutes(1))) func fifosAndDevicesAsInput() throws {
        let fifo = dir + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        expectOneLineError(try Damo.run(["report", "access", "--input", fifo], in: dir), "\(fifo): empty file (no records)")
        expectOneLineError(try Damo.run(["report", "footprints", "--input", fifo], in: dir), fifo)
        expectOneLineError(try Damo.run(["report", "access", "--input", "/dev/zero"], in: dir), "character device")
        expectOneLineError(try Damo.run(["report", "footprints", "--input", "/dev/zero"], in: dir), "/dev/zero")
    }

    /// As root, the output replaced /dev/null with a regular file.
    @Test func deviceAsOutput() throws {
        let input = fixtures + "/compat/inputs/damon.data.snapshot.active"
        let run = try Damo.run(["convert_record_format", "--record_file", input, "--output_file", "/dev/null"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
    }

    /// JPEG heatmaps come from ImageMagick through temporary files of
    /// damo's own, then go out as every output does (a device written,
    /// a file replaced whole); nothing temporary stays.
    @Test func jpegThroughImageMagick() throws {
        let bin = dir + "/bin", tmp = dir + "/tmp"
        for d in [bin, tmp] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        // A stand-in convert: a PNG in (png:FILE), fixed bytes out (jpeg:-).
        try """
            #!/bin/sh
            [ "$2" = jpeg:- ] && head -c 4 "${1#png:}" | grep -q PNG && printf 'JPEG stand-in' && exit 0
            echo "convert: bad call $*" >&2; exit 1
            """.write(toFile: bin + "/convert", atomically: true, encoding: .utf8)
        #expect(chmod(bin + "/convert", 0o755) == 0)
        let env = ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"), "TMPDIR": tmp]
        let input = fixtures + "/compat/inputs/damon.data.snapshot.active"
        let heatmap = ["report", "heatmap", "--input", input, "--output"]
        let file = try Damo.run(heatmap + [dir + "/map.jpeg"], in: dir, environment: env)
        #expect(file.status == 0, "\(file.stderr)")
        #expect(try String(contentsOfFile: dir + "/map.jpeg", encoding: .utf8) == "JPEG stand-in")
        // (The extension picks the format: a link named .jpeg to a device.)
        #expect(symlink("/dev/null", dir + "/null.jpeg") == 0)
        let null = try Damo.run(heatmap + [dir + "/null.jpeg"], in: dir, environment: env)
        #expect(null.status == 0, "\(null.stderr)")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
        #expect(lstat(dir + "/null.jpeg", &st) == 0 && st.st_mode & S_IFMT == S_IFLNK)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty)
        try "#!/bin/sh\necho 'convert: no delegate' >&2; exit 1\n".write(toFile: bin + "/convert", atomically: true, encoding: .utf8)
        #expect(chmod(bin + "/convert", 0o755) == 0)
        expectOneLineError(try Damo.run(heatmap + [dir + "/failed.jpeg"], in: dir, environment: env),
                           "ImageMagick could not write '\(dir)/failed.jpeg': convert: no delegate")
        #expect(!FileManager.default.fileExists(atPath: dir + "/failed.jpeg"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty)
    }

    @Test func hostileRecordIsNamedInOneLine() throws {
        let path = dir + "/rec"
        try #"[{"intervals": null, "target_id": 1, "snapshots": [{"start_time": 0, "end_time": 1, "regions": [{"start": 4096, "end": -9223372036854775808}]}]}]"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        for command in [["report", "access"], ["report", "heatmap"], ["report", "wss"], ["report", "record_info"]] {
            expectOneLineError(try Damo.run(command + ["--input", path], in: dir),
                               "\(path): record 0, snapshot 0, region 0: 'end' -9223372036854775808 is below 'start' 4096")
        }
    }

    @Test(.timeLimit(.minutes(1))) func yamlBombAndDepth() throws {
        var lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
        let names = Array("abcdefghijkl")
        for i in 1..<12 {
            lines.append("\(names[i]): &\(names[i]) [" + Array(repeating: "*\(names[i - 1])", count: 9).joined(separator: ",") + "]")
        }
        let bomb = dir + "/bomb.yaml"
        try lines.joined(separator: "\n").write(toFile: bomb, atomically: true, encoding: .utf8)
        expectOneLineError(try Damo.run(["args", "damon", "--kdamonds", bomb], in: dir), "aliases expand to more than 100000 values")
        let deep = dir + "/deep.yaml"
        try ("a: " + String(repeating: "[", count: 5000)).write(toFile: deep, atomically: true, encoding: .utf8)
        expectOneLineError(try Damo.run(["args", "damon", "--kdamonds", deep], in: dir), "nested deeper than 512 levels")
    }
}
