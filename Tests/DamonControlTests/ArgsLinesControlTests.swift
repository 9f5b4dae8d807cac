import DamonEmulator
import DamonModel
import DamonRecords
import Foundation
import Testing
@testable import DamonKernel

/// Every parameter set of the `args damon` cases (damo 3.4.3's own JSON
/// for those option lines, Tests/Fixtures/args_damon) taken through start,
/// status, tune and stop on the emulated 6.18 kernel.  Each either runs,
/// reading back as given, or is refused with the kernel left untouched.
@Suite struct ArgsLinesControlTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/args_damon").path

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let kdamonds: [Kdamond]
        var description: String { name }
    }

    static let cases: [Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".out") }.sorted().compactMap { name in
            guard let text = try? String(contentsOfFile: dir + "/" + name, encoding: .utf8),
                  let brace = text.firstIndex(of: "{"), text[..<brace].allSatisfy({ $0 != "[" }),
                  let kv = try? KVJSON.parse(String(text[brace...])),
                  let kdamonds = try? Kdamond.list(kv: kv), !kdamonds.isEmpty else { return nil }
            return Case(name: String(name.dropLast(4)), kdamonds: kdamonds)
        }
    }()

    @Test func enoughCases() {
        #expect(Self.cases.count >= 80)
    }

    @Test(arguments: cases)
    func startStatusTuneStop(_ c: Case) throws {
        let fs = SysfsEmulator(layout: .v6_18)
        let control = DamonControl(fs: fs)
        let before = fs.dump()
        do {
            try control.start(c.kdamonds)
        } catch let error as DamonControlError {
            // Parameters of features newer than the 6.18 layout.
            print("\(c.name): refused: \(error)")
            #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty, "refused start left changes")
            return
        } catch let error as DamonFSError {
            print("\(c.name): kernel said: \(error)")
            #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty, "failed start left changes")
            return
        }
        for k in c.kdamonds.indices { #expect(fs.isRunning(kdamond: k)) }
        let status = try control.status()
        #expect(status.count == c.kdamonds.count)
        for (got, want) in zip(status, c.kdamonds) {
            #expect(got.contexts.map(\.ops) == want.contexts.map(\.ops))
            #expect(got.contexts.map(\.targets) == want.contexts.map(\.targets))
            #expect(got.contexts.map(\.intervals.aggr) == want.contexts.map(\.intervals.aggr))
            #expect(got.contexts.map { $0.schemes.map(\.action) } == want.contexts.map { $0.schemes.map(\.action) })
            #expect(got.contexts.map { $0.schemes.map(\.filters.count) } == want.contexts.map { $0.schemes.map(\.filters.count) })
        }
        try control.tune(c.kdamonds)
        try control.stop()
        for k in c.kdamonds.indices { #expect(!fs.isRunning(kdamond: k)) }
    }
}
