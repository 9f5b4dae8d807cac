import DamonModel

/// One of damo's DAMON parameter options (`damo help damon_param_options`),
/// defined once: its name, how many values it takes, its help, and how
/// its values update the parameters.  The command line's declarations
/// (the damo target's DamonParamsOptionGroup), the scanner that groups
/// values per occurrence (RawDamonOptions), the `help damon_param_options`
/// topic and the shell completions all come from `DamonOption.table`.
public struct DamonOption: Sendable {
    public enum Arity: Sendable, Equatable {
        /// No value: a flag, or a start marker (--kdamond, --damon_ctx, ...).
        case flag
        /// One value per occurrence.
        case one
        /// Exactly n values per occurrence.
        case fixed(Int)
        /// One or more values per occurrence.
        case oneOrMore
        /// The positional argument (the deducible target).
        case positional
    }

    /// The part of `damo help damon_param_options` an option is listed in.
    public enum Topic: Sendable {
        case common, monitoring, damos
    }

    /// How an option's values, one list per occurrence, update the
    /// parameters.  Options of one object take the i-th occurrence for the
    /// i-th kdamond, context or scheme; the others are kept in the
    /// namespace the resolver reads (counts, markers, targets, ...).
    public enum Update: Sendable {
        case flag(WritableKeyPath<DamonOptionNamespace, Bool> & Sendable)
        /// One value per occurrence, nil when the option is not given.
        case values(WritableKeyPath<DamonOptionNamespace, [String?]?> & Sendable)
        /// One value per occurrence.
        case strings(WritableKeyPath<DamonOptionNamespace, [String]> & Sendable)
        /// The values of each occurrence.
        case groups(WritableKeyPath<DamonOptionNamespace, [[String]]> & Sendable)
        /// The values of each occurrence, nil when the option is not given.
        case optionalGroups(WritableKeyPath<DamonOptionNamespace, [[String]?]?> & Sendable)
        /// Integers of the last occurrence (argparse's nargs='+').
        case counts(WritableKeyPath<DamonOptionNamespace, [Int]?> & Sendable)
        /// The last value.
        case text(WritableKeyPath<DamonOptionNamespace, String?> & Sendable)
        case custom(@Sendable (inout DamonOptionNamespace, [[String]]) throws -> Void)
        /// The i-th occurrence's values update the i-th kdamond, context or
        /// scheme (after the resolver built it from the other options).
        case kdamond(@Sendable (inout Kdamond, [String]) throws -> Void)
        case context(@Sendable (inout DamonContext, [String]) throws -> Void)
        case scheme(@Sendable (inout Damos, [String]) throws -> Void)
    }

    /// The long name, without dashes.
    public let name: String
    public let short: Character?
    public let arity: Arity
    /// nil for options damo does not show.
    public let help: String?
    public let topic: Topic?
    /// damo's metavar: `<pid>`, `<min> <max>` (one per value), `"<start>-<end> ..."`.
    public let metavar: String?
    public let choices: [String]?
    /// The value name `--help` shows where it is not the metavar's.
    let shownValueName: String?
    public let update: Update

    public init(_ name: String, _ arity: Arity, short: Character? = nil, help: String? = nil, topic: Topic? = nil,
                metavar: String? = nil, choices: [String]? = nil, valueName: String? = nil, update: Update) {
        self.name = name
        self.short = short
        self.arity = arity
        self.help = help
        self.topic = topic
        self.metavar = metavar
        self.choices = choices
        self.shownValueName = valueName
        self.update = update
    }

    /// The option's Swift name (`damos_sz_region` is `damosSzRegion`),
    /// which argument parsers derive messages from.
    public var key: String {
        let words = name.split(separator: "_")
        return String(words[0]) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The value name of `--help` and usage messages (`<...>` added
    /// around it): the metavar without its angle brackets, or nil for the
    /// argument parser's default.
    public var valueName: String? {
        if let shownValueName { return shownValueName }
        guard var m = metavar else { return nil }
        if m.hasPrefix("<") && m.hasSuffix(">") { m = String(m.dropFirst().dropLast()) }
        return m
    }

    /// How argparse shows the option in damo's help topics:
    /// `--ops {vaddr,paddr,fvaddr}`, `--probe_weight <int> [<int> ...]`,
    /// `-r "<start>-<end> ...", --regions "<start>-<end> ..."`.
    public var invocation: String {
        if arity == .positional { return metavar ?? name }
        let value = choices.map { "{" + $0.joined(separator: ",") + "}" } ?? metavar ?? name.uppercased()
        let values: String
        switch arity {
        case .flag, .positional: values = ""
        case .one, .fixed: values = " " + value
        case .oneOrMore: values = " \(value) [\(value) ...]"
        }
        let long = "--" + name + values
        return short.map { "-\($0)\(values), " + long } ?? long
    }
}
