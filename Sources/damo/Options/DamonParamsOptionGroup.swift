import ArgumentParser
import DamoCommands

/// damo's DAMON parameter options (`damo help damon_param_options`), for
/// the commands that build kdamonds: args damon, start, tune, record,
/// schemes.  The options are declared from DamonOption.table, not one
/// property each: ArgumentParser finds a type's options by reflecting on
/// it, so the group's reflection lists one Option, Flag or Argument per
/// table entry, and decoding collects their values by name.
struct DamonParamsOptionGroup: ParsableArguments, DamonParamsOptions, CustomReflectable {
    var parsed = ParsedDamonOptions()

    init() {}

    /// ArgumentParser's declaration of a table entry, keyed by the
    /// option's Swift name as a property of its own would be.
    static func declaration(_ option: DamonOption) -> Any {
        var names: NameSpecification = [.customLong(option.name)]
        if let short = option.short { names = [.customShort(short), .customLong(option.name)] }
        let help = option.help.map { ArgumentHelp($0, valueName: option.valueName) } ?? .hidden
        switch option.arity {
        case .flag: return Flag<Bool>(wrappedValue: false, name: names, help: help)
        case .positional: return Argument<String?>(help: help)
        case .one: return Option<[String]>(wrappedValue: [], name: names, help: help)
        case .fixed, .oneOrMore: return Option<[String]>(wrappedValue: [], name: names, parsing: .upToNextOption, help: help)
        }
    }

    var customMirror: Mirror {
        Mirror(self, children: DamonOption.table.map { (label: $0.key, value: Self.declaration($0)) })
    }

    struct Key: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let values = try decoder.container(keyedBy: Key.self)
        for option in DamonOption.table {
            let key = Key(option.key)
            switch option.arity {
            case .flag:
                if try values.decode(Flag<Bool>.self, forKey: key).wrappedValue { parsed.flags.insert(option.name) }
            case .positional:
                parsed.deducibleTarget = try values.decode(Argument<String?>.self, forKey: key).wrappedValue
            case .one, .fixed, .oneOrMore:
                let given = try values.decode(Option<[String]>.self, forKey: key).wrappedValue
                if !given.isEmpty { parsed.values[option.name] = given }
            }
        }
    }
}
