import Testing
@testable import DamonModel
@testable import DamonRecords

/// Parameter files (`--kdamonds`, `-c/--schemes`, `--input_file`, `--add`,
/// ...) built to exhaust the parser: errors in one line with the place,
/// within bounded time and memory.
@Suite("Hostile parameter files")
struct HostileParamsTests {
    func yamlError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> KVYAMLError? {
        do {
            _ = try KVYAML.parse(text)
            Issue.record("parsed", sourceLocation: sourceLocation)
        } catch let e as KVYAMLError {
            #expect(!e.description.contains("\n"), "\(e)", sourceLocation: sourceLocation)
            return e
        } catch {
            Issue.record("not a KVYAMLError: \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// Thousands of levels used to overflow the stack inside the composer.
    @Test func deepNestingStopsAt512() throws {
        let flow = "a: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(yamlError(flow)?.description == "invalid YAML at line 1, column 515: nested deeper than 512 levels")
        let block = (0..<3000).map { String(repeating: "  ", count: $0) + "- " }.joined(separator: "\n")
        #expect(yamlError(block)?.description.hasSuffix("nested deeper than 512 levels") == true)
        let compact = String(repeating: "- ", count: 3000) + "x"
        #expect(yamlError(compact)?.line == 1)
        // 512 levels are still a document.
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try KVYAML.parse(deepest) != .null)
        // JSON stops at the same depth.
        #expect(throws: JSONSyntaxError.self) {
            try KVJSON.parse(String(repeating: "[", count: 600) + String(repeating: "]", count: 600))
        }
    }

    /// 400 bytes of aliases expanding to 9^12 values took 43 s and 5.9 GB.
    @Test(.timeLimit(.minutes(1))) func aliasBombIsRefused() throws {
        var lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
        let names = Array("abcdefghijklm")
        for i in 1..<12 {
            lines.append("\(names[i]): &\(names[i]) [" + Array(repeating: "*\(names[i - 1])", count: 9).joined(separator: ",") + "]")
        }
        let e = yamlError(lines.joined(separator: "\n"))
        #expect(e?.message == "aliases expand to more than 100000 values")
        #expect(e?.line == 6)
        // Aliases as mapping keys are expanded (and hashed) by the composer.
        #expect(yamlError(lines.prefix(8).joined(separator: "\n") + "\n? *h\n: 1\n? *g\n: 2")?.message
            == "aliases expand to more than 100000 values")
    }

    /// What aliases are for, reusing a part, still works.
    @Test func modestAliasesWork() throws {
        let kv = try KVYAML.parse("base: &s {action: stat, apply_interval_us: 0}\nschemes: [*s, *s]\n")
        guard case .list(let schemes)? = kv["schemes"] else { Issue.record("no schemes"); return }
        #expect(schemes.count == 2 && schemes[0]["action"] == .string("stat"))
    }

    /// Bytes libyaml's reader refuses: one line, with the place.
    @Test func readerErrorsAreOneLine() {
        let e = yamlError("a: b\nc: \u{01}d\n")
        #expect(e?.description == "invalid YAML at line 2, column 4: control characters are not allowed (byte 0x1)")
    }
}
