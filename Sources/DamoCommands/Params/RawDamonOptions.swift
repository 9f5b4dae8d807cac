/// What the argument parser collected for the DAMON parameter options:
/// every value of each option, flattened, the flags given and the
/// positional target.
public struct ParsedDamonOptions: Sendable {
    public var values: [String: [String]]
    public var flags: Set<String>
    public var deducibleTarget: String?

    public init(values: [String: [String]] = [:], flags: Set<String> = [], deducibleTarget: String? = nil) {
        self.values = values
        self.flags = flags
        self.deducibleTarget = deducibleTarget
    }
}

/// The raw option values: the DAMON parameter options of a command line
/// in their order, each occurrence with its own values, which is what
/// argparse's `nargs='+', action='append'` keeps and a flat option array
/// loses.  The order also places the start markers (--kdamond,
/// --damon_ctx, ...) among the options they group.
public struct RawDamonOptions {
    /// Option names in command line order, one per occurrence.
    public private(set) var order: [String] = []
    /// Values of each occurrence of each option, as scanned.
    var scanned: [String: [[String]]] = [:]
    let parsed: ParsedDamonOptions

    static let byName: [String: DamonOption] = Dictionary(uniqueKeysWithValues: DamonOption.table.map { ($0.name, $0) })

    /// Whether a token is a value rather than an option (argparse takes
    /// negative numbers as values).
    static func isValue(_ token: String) -> Bool {
        !token.hasPrefix("-") || token == "-" || Double(token) != nil
    }

    /// Scans `arguments` (the command line after the program name) for
    /// the options `parsed` holds.
    public init(_ parsed: ParsedDamonOptions, commandLine arguments: [String]) {
        self.parsed = parsed
        var i = 0
        while i < arguments.count {
            let token = arguments[i]
            i += 1
            if token == "--" { break }
            guard token.hasPrefix("-"), !Self.isValue(token) else { continue }
            var name = String(token.drop(while: { $0 == "-" }))
            var inline: String? = nil
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if !token.hasPrefix("--") {
                guard name.count == 1, let option = DamonOption.table.first(where: { $0.short == name.first }) else {
                    continue
                }
                name = option.name
            }
            guard let option = Self.byName[name], option.arity != .positional else { continue }
            var values: [String] = []
            if let inline {
                values = [inline]
            } else {
                let limit: Int
                switch option.arity {
                case .flag, .positional: limit = 0
                case .one: limit = 1
                case .fixed(let n): limit = n
                case .oneOrMore: limit = Int.max
                }
                while values.count < limit && i < arguments.count && Self.isValue(arguments[i]) {
                    values.append(arguments[i])
                    i += 1
                }
            }
            order.append(name)
            scanned[name, default: []].append(values)
        }
    }

    /// The occurrences of `option`, checked against what the argument
    /// parser collected: when they disagree the parsed values win, split
    /// by the option's arity.
    func occurrences(_ option: DamonOption) throws -> [[String]] {
        let name = option.name
        switch option.arity {
        case .flag: return parsed.flags.contains(name) ? [[]] : []
        case .positional: return parsed.deducibleTarget.map { [[$0]] } ?? []
        default: break
        }
        let flat = parsed.values[name] ?? []
        var found = scanned[name] ?? []
        if found.flatMap({ $0 }) != flat {
            switch option.arity {
            case .flag, .positional: found = []
            case .one: found = flat.map { [$0] }
            case .fixed(let n): found = stride(from: 0, to: flat.count, by: n).map { Array(flat[$0..<min($0 + n, flat.count)]) }
            case .oneOrMore: found = flat.isEmpty ? [] : [flat]
            }
        }
        if case .fixed(let n) = option.arity {
            for g in found where g.count != n {
                throw DamoError("argument --\(name): expected \(n) arguments")
            }
        }
        return found
    }
}
