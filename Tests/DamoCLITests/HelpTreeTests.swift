import ArgumentParser
import DamoTestSupport
import Foundation
import Testing
@testable import damo

/// damo 3.4.3's whole help tree (Tests/Fixtures/help_tree, every
/// `damo [CMD [SUB ...]] --help`, made by make.sh there) against our
/// parser: every command and every option damo lists is one ours takes,
/// or one of the README's deliberate differences, or one that another
/// branch is adding.  Only parsing: nothing runs.
@Suite struct HelpTreeTests {
    static let dir = fixtures + "/help_tree"

    /// The command path of each stored help text, from its name.
    static var commands: [[String]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasPrefix("damo") && $0.hasSuffix(".txt") }.sorted().map {
            Array($0.dropLast(4).split(separator: "-").dropFirst().map(String.init))
        }
    }

    /// What we deliberately do not take, each with its line in the README's
    /// "Differences from damo 3.4.3, on purpose".
    static let deliberate: [String: String] = [:]

    /// Still missing, each a bullet of the README's "Not done yet".
    static let notDoneYet: Set<String> = []

    /// Our command at that path of subcommand names, if any.
    static func ourCommand(_ path: [String]) -> ParsableCommand.Type? {
        var command: ParsableCommand.Type = damo.Damo.self
        for name in path {
            guard let sub = command.configuration.subcommands.first(where: { $0._commandName == name }) else {
                return nil
            }
            command = sub
        }
        return command
    }

    static func help(_ command: [String]) throws -> String {
        let name = (["damo"] + command).joined(separator: "-")
        return try String(contentsOfFile: "\(dir)/\(name).txt", encoding: .utf8)
    }

    /// The options a help text lists: the names before the gap to their
    /// help, in lines of its option sections (`  -o <file>, --out <file>`).
    static func options(_ text: String) -> [String] {
        var result: [String] = []
        for line in text.split(separator: "\n") where line.hasPrefix("  -") {
            let head = line.dropFirst(2).components(separatedBy: "  ")[0]
            for part in head.components(separatedBy: ", ") {
                if let name = part.split(separator: " ").first, name.hasPrefix("-") { result.append(String(name)) }
            }
        }
        return result
    }

    /// What our parser says to a command line: nil when it takes it (or
    /// only misses values), else its complaint.
    static func complaint(_ arguments: [String]) -> String? {
        do {
            _ = try damo.Damo.parseAsRoot(arguments)
            return nil
        } catch {
            let message = damo.Damo.message(for: error)
            if damo.Damo.exitCode(for: error) == .success { return nil }
            return message.contains("Unknown option") || message.contains("Unexpected argument") ? message : nil
        }
    }

    @Test func treeIsStored() {
        #expect(Self.commands.count >= 40)
        #expect(Self.commands.contains(["report", "access"]))
    }

    @Test(arguments: commands)
    func commandAndOptionsAreOurs(_ command: [String]) throws {
        let key = command.joined(separator: " ")
        if Self.notDoneYet.contains(key) { return }
        let text = try Self.help(command)
        if let reason = Self.deliberate[key] {
            #expect(!reason.isEmpty)
            return
        }
        #expect(Self.ourCommand(command) != nil, "damo \(key)")
        for option in Self.options(text) where option != "-h" && option != "--help" {
            let full = key + " " + option
            if Self.notDoneYet.contains(full) { continue }
            if let reason = Self.deliberate[full] {
                #expect(!reason.isEmpty)
                continue
            }
            let complaint = Self.complaint(command + [option])
            #expect(complaint == nil, "damo \(full): \(complaint ?? "")")
        }
    }

    /// The lists name only what damo has and we lack: an entry we already
    /// take is stale.
    @Test func listsAreCurrent() throws {
        let readme = try String(contentsOfFile: TestPaths.packageRoot + "/README.md", encoding: .utf8)
        for entry in Self.deliberate.keys.sorted() + Self.notDoneYet.sorted() {
            let words = entry.split(separator: " ").map(String.init)
            let isOption = words.last?.hasPrefix("-") == true
            let ours = isOption ? Self.complaint(words) == nil : Self.ourCommand(words) != nil
            #expect(!ours, "\(entry) is ours already")
            // Where it is damo's, not a typo.
            let command = isOption ? Array(words.dropLast()) : words
            #expect(FileManager.default.fileExists(atPath: "\(Self.dir)/\((["damo"] + command).joined(separator: "-")).txt"))
            if isOption { #expect(Self.options(try Self.help(command)).contains(words.last!)) }
        }
        // The README tells the lists' entries.
        for entry in Self.deliberate.keys.sorted() + Self.notDoneYet.sorted() {
            #expect(readme.contains("`\(entry)`"), "README: \(entry)")
        }
    }
}
