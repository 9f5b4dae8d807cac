import DamoCommands
import Testing
@testable import damo

/// The command-line rewrites made before parsing, as damo's argparse
/// reads a command line, and the command words found.
@Suite struct ArgumentRewriteTests {
    @Test func negativeNumbersAttachToTheirOption() {
        #expect(NegativeValues.rewrite(["--temperature", "-5000", "100"]) == ["--temperature=-5000", "100"])
        #expect(NegativeValues.rewrite(["--temperature", "-3", "-1", "--x"]) == ["--temperature=-3", "--temperature=-1", "--x"])
        #expect(NegativeValues.rewrite(["--w", "0", "-100", "100"]) == ["--w", "0", "--w=-100", "100"])
        #expect(NegativeValues.rewrite(["--time_range", "-3.000000 s", "0 s"]) == ["--time_range=-3.000000 s", "0 s"])
        // Not numbers, after `--`, or without an option before them: kept.
        #expect(NegativeValues.rewrite(["--a", "-x"]) == ["--a", "-x"])
        #expect(NegativeValues.rewrite(["--a", "-inf"]) == ["--a", "-inf"])
        #expect(NegativeValues.rewrite(["--a", "--", "-1"]) == ["--a", "--", "-1"])
        #expect(NegativeValues.rewrite(["-1"]) == ["-1"])
        #expect(NegativeValues.rewrite(["--a=3", "-1"]) == ["--a=3", "-1"])
        #expect(NegativeValues.isNegativeNumber("-5,000") && NegativeValues.isNegativeNumber("-.5"))
        #expect(!NegativeValues.isNegativeNumber("-") && !NegativeValues.isNegativeNumber("--1"))
    }

    @Test func lastOccurrenceOfStoreOptions() {
        #expect(LastOccurrence.rewrite(["--access_rate", "100%", "10", "--access_rate", "5%", "100%"])
                == ["--access_rate", "5%", "100%"])
        // Fixed counts: a positional after the values stays.
        #expect(LastOccurrence.rewrite(["--access_rate", "1", "2", "pos", "--access_rate", "3", "4"])
                == ["pos", "--access_rate", "3", "4"])
        // Lists, attached values, negative numbers as values.
        #expect(LastOccurrence.rewrite(["--hist_ranges", "1", "2", "3", "--hist_ranges=9", "--x"]) == ["--hist_ranges=9", "--x"])
        #expect(LastOccurrence.rewrite(["--range", "-1", "5", "1", "--range", "0", "101", "25"]) == ["--range", "0", "101", "25"])
        // Appended options and options after `--` are left alone.
        #expect(LastOccurrence.rewrite(["--address", "1", "2", "--address", "3", "4"])
                == ["--address", "1", "2", "--address", "3", "4"])
        #expect(LastOccurrence.rewrite(["--age", "1", "2", "--", "--age", "3", "4"]) == ["--age", "1", "2", "--", "--age", "3", "4"])
    }

    @Test func commandWords() {
        let words = CommandWords(["report", "wss", "--input", "x"])
        #expect(words.name == "damo report wss" && words.next == "--input" && words.unknownCommand == nil)
        #expect(CommandWords(["report", "wsss"]).unknownCommand?.contains("did you mean 'wss'?") == true)
        #expect(CommandWords(["version"]).unknownCommand == nil)
        #expect(CommandWords(["--help"]).unknownCommand == nil)
        #expect(CommandWords.editDistance("reprot", "report") == 1)
        #expect(CommandWords.editDistance("", "abc") == 3)
        #expect(CommandWords.editDistance("stat", "start") == 1)
    }
}

/// Command-line text quoted in a message: one line, cut.
@Suite struct ExcerptTests {
    @Test func excerpts() {
        #expect(DamoError.excerpt("short") == "short")
        #expect(DamoError.excerpt("a\nb\nc") == "a (3 lines)")
        #expect(DamoError.excerpt(String(repeating: "x", count: 70)) == String(repeating: "x", count: 60) + "...")
        #expect(DamoError.excerpt("") == "")
    }
}
