// libyaml, as built inside Yams: its event parser is iterative, while
// Yams composes nodes recursively and expands aliases (and hashes keys)
// without limits.  One pass over the events before composing bounds both.
import CYaml

/// Bounds on a YAML document, checked before it is composed: nesting
/// (composing recurses once per level; deep nesting overflowed the stack)
/// and what aliases expand to (a few hundred bytes of `&a [*b, *b, ...]`
/// expand to billions of values).  JSON stops at the same depth.
enum YAMLLimits {
    static let maxDepth = 512
    /// Values that aliases may add to the document, all aliases together.
    static let maxAliasValues = 100_000

    /// Throws when the document is nested too deep or its aliases expand
    /// too far.  Syntax errors are left to the composer, which reports
    /// them with their place.
    static func check(_ text: String) throws {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { buf in
            yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
            var walk = Walk()
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return }
                try walk.step(event)
            }
        }
    }

    /// Values seen so far, counting each alias as the values it stands for.
    struct Walk {
        var values = 0
        var aliasValues = 0
        var anchors: [String: Int] = [:]
        /// Open collections: their anchor and the value count at their start.
        var open: [(anchor: String?, valuesBefore: Int)] = []

        mutating func step(_ event: yaml_event_t) throws {
            switch event.type {
            case YAML_SCALAR_EVENT:
                values += 1
                if let a = name(event.data.scalar.anchor) { anchors[a] = 1 }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = name(event.type == YAML_SEQUENCE_START_EVENT
                    ? event.data.sequence_start.anchor : event.data.mapping_start.anchor)
                open.append((anchor, values))
                values += 1
                if open.count > YAMLLimits.maxDepth {
                    throw error(event, "nested deeper than \(YAMLLimits.maxDepth) levels")
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let (anchor, before) = open.popLast() else { return }
                if let anchor { anchors[anchor] = values - before }
            case YAML_ALIAS_EVENT:
                // An undefined alias is the composer's error to report.
                let n = name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 0
                values += n
                aliasValues += n
                if aliasValues > YAMLLimits.maxAliasValues {
                    throw error(event, "aliases expand to more than \(YAMLLimits.maxAliasValues) values")
                }
            default:
                break
            }
        }

        func name(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            p.map { String(cString: $0) }
        }

        func error(_ event: yaml_event_t, _ message: String) -> KVYAMLError {
            KVYAMLError(message: message, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        }
    }
}
