import Foundation
import Testing

/// `damo help <topic>` against damo 3.4.3's text (Tests/Fixtures/help,
/// printed by damo at the width given by COLUMNS), and the completion
/// scripts of setup_cli_completion.
@Suite struct HelpCLITests {
    let dir = NSTemporaryDirectory()

    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: fixtures + "/help/" + name + ".txt", encoding: .utf8)
    }

    @Test(arguments: [
        ("damon_param_options all", "damon_param_options-all", "80"),
        ("damon_param_options monitoring", "damon_param_options-monitoring", "80"),
        ("damon_param_options damos", "damon_param_options-damos", "80"),
        ("damon_param_options damos", "damon_param_options-damos-40cols", "40"),
        ("access_filter_options", "access_filter_options", "80"),
        ("access_format_options", "access_format_options-options", "80"),
        ("access_format_options options", "access_format_options-options", "80"),
        ("access_format_options", "access_format_options-options-40cols", "40"),
        ("access_format_options record_format_keywords", "access_format_options-record_format_keywords", "80"),
        ("access_format_options snapshot_format_keywords", "access_format_options-snapshot_format_keywords", "80"),
        ("access_format_options region_format_keywords", "access_format_options-region_format_keywords", "80"),
    ])
    func topicIsDamos(_ topic: String, _ name: String, _ columns: String) throws {
        let run = try Damo.run(["help"] + topic.split(separator: " ").map(String.init), in: dir,
                               environment: ["COLUMNS": columns])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text == (try fixture(name)))
    }

    /// Every option a topic describes is one that the commands take.
    @Test func topicsNameOurOptions() throws {
        let params = try Damo.run(["help", "damon_param_options", "all"], in: dir)
        let filters = try Damo.run(["help", "access_filter_options"], in: dir)
        let formats = try Damo.run(["help", "access_format_options"], in: dir)
        func options(_ text: String) -> [String] {
            text.split(separator: "\n").compactMap { line in
                guard line.hasPrefix("  -") else { return nil }
                let names = line.split(separator: " ").filter { $0.hasPrefix("--") }
                return names.first.map { String($0.trimmingCharacters(in: CharacterSet(charactersIn: ","))) }
            }
        }
        for option in options(params.text) {
            let value = ["--kdamond", "--damon_ctx", "--damon_target", "--damos_scheme", "--probe",
                         "--monitoring_intervals_autotune"].contains(option) ? [] : ["x"]
            let run = try Damo.run(["args", "damon", option] + value, in: dir)
            #expect(!run.stderr.contains("Unknown option"), "\(option): \(run.stderr)")
        }
        for option in options(filters.text) + options(formats.text) {
            let run = try Damo.run(["report", "access", "--input", "/nonexistent", option], in: dir)
            #expect(!run.stderr.contains("Unknown option"), "\(option): \(run.stderr)")
        }
        #expect(options(params.text).count == 36)
        #expect(options(formats.text).count == 25)
    }

    /// Command names of an ArgumentParser or argparse help text.
    func commandNames(_ text: String, after header: String) -> [String] {
        guard let range = text.range(of: header) else { return [] }
        return text[range.upperBound...].split(separator: "\n").compactMap { line in
            guard line.hasPrefix("    ") || line.hasPrefix("  "), !line.hasPrefix("      ") else { return nil }
            let word = line.split(separator: " ").first.map(String.init) ?? ""
            return word.allSatisfy { $0.isLetter || $0 == "_" } && !word.isEmpty ? word : nil
        }
    }

    /// damo 3.4.3's commands and report types are all ours, plus the older
    /// spellings.
    @Test func commandsAreDamos() throws {
        let reference = commandNames(try fixture("damo-help"), after: "command:\n")
        #expect(reference.count == 20)
        let ours = commandNames(try Damo.run(["--help"], in: dir).text, after: "SUBCOMMANDS:\n")
        for command in reference { #expect(ours.contains(command), "\(command)") }
        for legacy in ["status", "show", "fmt_json", "translate_damos"] { #expect(ours.contains(legacy), "\(legacy)") }
        let reportReference = commandNames(try fixture("damo-report-help"), after: "<report type>  the type of the report to generate\n")
        #expect(reportReference.count == 14)
        let reportOurs = commandNames(try Damo.run(["report", "--help"], in: dir).text, after: "SUBCOMMANDS:\n")
        for command in reportReference {
            #expect(reportOurs.contains(command), "report \(command)")
        }
    }

    /// What the usage messages suggest: `damo help <command>`.
    @Test func helpOfACommand() throws {
        let viaHelp = try Damo.run(["help", "report", "access"], in: dir)
        let direct = try Damo.run(["report", "access", "--help"], in: dir)
        #expect(viaHelp.status == 0)
        #expect(viaHelp.text == direct.text)
        #expect(viaHelp.text.contains("--sort_regions_by"))
        let topicUsage = try Damo.run(["help", "help", "damon_param_options"], in: dir)
        #expect(topicUsage.text.contains("USAGE: damo help damon_param_options [<category>]"))
        #expect(topicUsage.text.contains("all, monitoring, damos"))
    }

    @Test func unknownTopicIsAnError() throws {
        let run = try Damo.run(["help", "nothing"], in: dir)
        #expect(run.status != 0)
        let category = try Damo.run(["help", "damon_param_options", "some"], in: dir)
        #expect(category.status != 0)
    }

    // MARK: setup_cli_completion

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptCoversOurCommands(_ shell: String) throws {
        let run = try Damo.run(["setup_cli_completion", "--shell", shell, "--print"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        for word in ["schemes", "translate_damos", "damon_param_options", "access_format_options", "damos_action"] {
            #expect(run.text.contains(word), "\(shell): \(word)")
        }
        // swift-argument-parser's own help command is taken out.
        #expect(!run.text.contains("Show subcommand help information."))
        if shell != "fish" {
            #expect(run.text.components(separatedBy: "\n_damo_help() {\n").count == 2)
        }
    }

    /// The bash script, sourced, completes our help topics and commands.
    @Test func bashCompletes() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/bash") else { return }
        let script = try Damo.run(["setup_cli_completion", "--shell", "bash", "--print"], in: dir)
        let path = dir + "/damo-completion-\(UUID().uuidString).bash"
        try script.stdout.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let probe = """
            source \(path)
            t() { COMPREPLY=(); COMP_WORDS=("$@"); COMP_CWORD=$(($#-1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                  _damo damo "${@: -1}" "${@: -2:1}"; echo "${COMPREPLY[*]}"; }
            t damo help ""
            t damo help damon_param_options ""
            t damo tra
            """
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = ["-c", probe]
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = URL(fileURLWithPath: Damo.binary).deletingLastPathComponent().path + ":" + (env["PATH"] ?? "")
        bash.environment = env
        let out = Pipe()
        bash.standardOutput = out
        try bash.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        bash.waitUntilExit()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasSuffix("damon_param_options access_filter_options access_format_options") == true)
        #expect(lines.dropFirst().first == "all monitoring damos")
        #expect(lines.last == "translate_damos")
    }

    @Test func completionFileAndInstructions() throws {
        let run = try Damo.run(["setup_cli_completion", "--shell", "bash"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "It is nearly done, and need one more step.")
        let path = run.text.split(separator: "\"")[1].dropFirst("source ".count)
        #expect(path.contains("damo_completion_script-"))
        let saved = try String(contentsOfFile: String(path), encoding: .utf8)
        try? FileManager.default.removeItem(atPath: String(path))
        #expect(saved.contains("complete -o filenames -F _damo damo"))
        let bad = try Damo.run(["setup_cli_completion", "--shell", "tcsh"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr == "damo: --shell must be bash, zsh or fish ('tcsh' given)\n")
    }
}
