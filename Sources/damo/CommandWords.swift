import ArgumentParser

/// The command a command line names, found from its leading words the way
/// damo's argparse finds it (the sub-command is the first word after its
/// parent), so that usage errors can name the command and an unknown
/// command word can be told as such instead of as a stray argument.
struct CommandWords {
    /// `damo`, `damo report`, `damo report wss`, ...
    let path: [String]
    let command: ParsableCommand.Type
    /// The first argument after the command words.
    let next: String?

    init(_ arguments: [String]) {
        var path = ["damo"]
        var command: ParsableCommand.Type = Damo.self
        var i = 0
        while i < arguments.count,
              let sub = command.configuration.subcommands.first(where: { $0._commandName == arguments[i] }) {
            path.append(arguments[i])
            command = sub
            i += 1
        }
        self.path = path
        self.command = command
        next = i < arguments.count ? arguments[i] : nil
    }

    var name: String { path.joined(separator: " ") }

    /// The sub-command names of the command, in its order.
    var choices: [String] { command.configuration.subcommands.map { $0._commandName } }

    /// argparse's name of the sub-command argument (damo's metavars).
    var metavar: String {
        switch path.last {
        case "report": return "<report type>"
        case "help": return "<topic>"
        default: return "<command>"
        }
    }

    /// argparse's message for a command group given a word that names
    /// none of its sub-commands (or none at all), with the closest one.
    var unknownCommand: String? {
        guard !choices.isEmpty else { return nil }
        let list = "choose from " + choices.map { "'\($0)'" }.joined(separator: ", ")
        guard let word = next, !word.hasPrefix("-") else {
            // Options before any command word (but help and version).
            if let next, ["-h", "--help", "--version"].contains(next) { return nil }
            return "the following arguments are required: \(metavar) (\(list))"
        }
        let closest = choices.map { (name: $0, distance: Self.editDistance(word, $0)) }
            .min { $0.distance < $1.distance }
        var hint = ""
        if let closest, closest.distance <= max(2, word.count / 3) || closest.name.hasPrefix(word) {
            hint = "did you mean '\(closest.name)'? "
        }
        return "argument \(metavar): invalid choice: '\(word)' (\(hint)\(list))"
    }

    /// Edit distance counting a swap of two neighbours as one edit
    /// (optimal string alignment): `reprot` is one edit from `report`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
