import DamonModel
import Testing
@testable import DamonRecords

/// damo's parameter files as text: JSON laid out as Python's
/// json.dumps(indent=4), YAML with strings that stay strings.
@Suite struct ParamsTextTests {
    let tree: KV = .dict([
        "refresh_ms": .number(.float(1000)),
        "empty": .list([]),
        "nothing": .dict(KVDict()),
        "pid": .null,
        "ok": .bool(true),
        "big": .number(.int(ulongMax)),
        "name": .string("a \"b\"\n\u{e9}"),
        "nested": .list([.dict(["min": .string("0"), "max": .string("1,000")])]),
    ])

    @Test func jsonLayoutIsPythons() {
        let expected = """
            {
                "refresh_ms": 1000.0,
                "empty": [],
                "nothing": {},
                "pid": null,
                "ok": true,
                "big": 18446744073709551615,
                "name": "a \\"b\\"\\n\\u00e9",
                "nested": [
                    {
                        "min": "0",
                        "max": "1,000"
                    }
                ]
            }
            """
        #expect(KVJSON.text(tree) == expected)
    }

    @Test func jsonRoundTrip() throws {
        #expect(try KVJSON.parse(KVJSON.text(tree)) == tree)
        // Integers stay integers, floats floats.
        guard case .number(.float)? = try KVJSON.parse("{\"a\": 1.0}")["a"] else {
            Issue.record("1.0 is not a float")
            return
        }
    }

    @Test func jsonErrorsNameLineAndColumn() {
        do {
            _ = try KVJSON.parse("{\n    \"kdamonds\": [,]\n}")
            Issue.record("accepted")
        } catch let e as JSONSyntaxError {
            #expect(e.line == 2 && e.column == 18)
        } catch {
            Issue.record("\(error)")
        }
        #expect(throws: JSONSyntaxError.self) { try KVJSON.parse("{} []") }
    }

    @Test func yamlRoundTrip() throws {
        let text = try KVYAML.text(tree)
        #expect(try KVYAML.parse(text) == tree)
        // Strings that would read as numbers, booleans or null are quoted.
        let tricky: [String] = ["0", "10", "1.5", "yes", "no", "on", "null", "~", "", "true", "0x10", "1:20"]
        let kv = KV.list(tricky.map { .string($0) })
        #expect(try KVYAML.parse(KVYAML.text(kv)) == kv)
        // As PyYAML writes them: plain where unambiguous.
        let plain = try KVYAML.text(.dict(["max": .string("1,000"), "sample_us": .string("5 ms"), "aggrs": .string("0")]))
        #expect(plain == "max: 1,000\nsample_us: 5 ms\naggrs: '0'\n")
    }

    @Test func yamlReadsDamosOutput() throws {
        let text = """
            kdamonds:
            - refresh_ms: 1000.0
              contexts:
              - ops: paddr
                targets:
                - pid: null
                  obsolete: false
                  regions:
                  - start: 1,073,741,824
                    end: 2,147,483,648
                nr_regions:
                  min: '10'
                  max: 1,000
                schemes: []

            """
        let kdamonds = try Kdamond.list(kv: KVYAML.parse(text))
        #expect(kdamonds.count == 1)
        #expect(kdamonds[0].refreshMs == .float(1000))
        #expect(kdamonds[0].contexts[0].targets[0].regions == [AddressRange(1 << 30, 2 << 30)])
        #expect(kdamonds[0].contexts[0].nrRegions == NrRegionsRange(min: .int(10), max: .int(1000)))
    }

    @Test func yamlErrorsNameLineAndColumn() {
        do {
            _ = try KVYAML.parse("kdamonds:\n- a: [1,\n  b: 2\n")
            Issue.record("accepted")
        } catch let e as KVYAMLError {
            #expect(e.line != nil && e.column != nil)
        } catch {
            Issue.record("\(error)")
        }
    }
}
