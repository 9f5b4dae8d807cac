import DamonModel
import Yams

/// A YAML document damo's parameters could not be read from.
public struct KVYAMLError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let line: Int?
    public let column: Int?
    public var description: String {
        if let line, let column { return "invalid YAML at line \(line), column \(column): \(message)" }
        return "invalid YAML: \(message)"
    }
}

/// damo's parameter files as YAML (PyYAML's safe_dump/safe_load data
/// model): block style, keys in order, strings quoted where they would
/// read back as another type.
public enum KVYAML {
    public static func text(_ kv: KV) throws -> String {
        do {
            return try Yams.serialize(node: node(kv), indent: 2, width: -1, allowUnicode: true,
                                      sequenceStyle: .block, mappingStyle: .block)
        } catch {
            throw KVYAMLError(message: "\(error)", line: nil, column: nil)
        }
    }

    static func node(_ kv: KV) -> Node {
        switch kv {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .number(let n):
            switch n {
            case .int: return Node(n.description, Tag(.int))
            case .float(let f):
                if f.isNaN { return Node(".nan", Tag(.float)) }
                if f.isInfinite { return Node(f < 0 ? "-.inf" : ".inf", Tag(.float)) }
                return Node(n.description, Tag(.float))
            }
        case .string(let s):
            // Plain only when it reads back as the same string.
            return Node(s, Tag(.str), quoteStyle(s))
        case .list(let items):
            return Node(items.map(node), Tag(.seq), .block)
        case .dict(let d):
            return Node(d.pairs.map { (Node($0.key, Tag(.str), quoteStyle($0.key)), node($0.value)) }, Tag(.map), .block)
        }
    }

    static func quoteStyle(_ s: String) -> Node.Scalar.Style {
        Resolver.default.resolveTag(of: Node(s)) == .str && !s.isEmpty ? .any : .singleQuoted
    }

    /// Parses a YAML document into the key/value tree.
    public static func parse(_ text: String) throws -> KV {
        let root: Node?
        do {
            try YAMLLimits.check(text)
            root = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            throw convert(e)
        } catch let e as KVYAMLError {
            throw e
        } catch {
            throw KVYAMLError(message: "\(error)", line: nil, column: nil)
        }
        guard let root else { return .null }
        return try kv(root)
    }

    static func convert(_ e: YamlError) -> KVYAMLError {
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = problem
            if let context { message = context.text + " " + problem }
            return KVYAMLError(message: message, line: mark.line, column: mark.column)
        case .reader(let problem, let offset, let value, let yaml):
            // Bytes the reader refuses (control characters, bad UTF-8).
            var message = problem
            if value >= 0 { message += " (byte 0x" + String(value, radix: 16) + ")" }
            guard let offset else { return KVYAMLError(message: message, line: nil, column: nil) }
            let before = yaml.utf8.prefix(offset)
            let line = before.count(where: { $0 == 0x0a }) + 1
            let column = before.count - (before.lastIndex(of: 0x0a).map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
            return KVYAMLError(message: message, line: line, column: column)
        default:
            // Yams' own descriptions quote the document over several lines.
            let first = "\(e)".split(separator: "\n").first.map(String.init) ?? "unreadable"
            return KVYAMLError(message: first, line: nil, column: nil)
        }
    }

    static func kv(_ node: Node) throws -> KV {
        switch node {
        case .scalar(let s):
            switch Resolver.default.resolveTag(of: node) {
            case .null: return .null
            case .bool: return .bool(node.bool ?? false)
            case .int:
                if let i = UnitParse.pyInt(s.string) { return .number(.int(i)) }
                if let i = node.int { return .int(i) }
                return .string(s.string)
            case .float:
                if let f = node.float { return .number(.float(f)) }
                return .string(s.string)
            default: return .string(s.string)
            }
        case .sequence(let seq):
            return .list(try seq.map(kv))
        case .mapping(let m):
            var pairs: [(key: String, value: KV)] = []
            for (k, v) in m {
                guard case .scalar(let key) = k else {
                    throw KVYAMLError(message: "a mapping key is not a scalar", line: k.mark?.line, column: k.mark?.column)
                }
                pairs.append((key: key.string, value: try kv(v)))
            }
            return .dict(KVDict(pairs))
        }
    }
}
