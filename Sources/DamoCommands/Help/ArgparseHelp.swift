
/// Option lists laid out as damo's `help` topics print them (Python
/// argparse's help layout): invocations indented by two, help text in a
/// column at most 24 characters in, wrapped to the terminal's width
/// (COLUMNS, else the terminal, else 80) less two.
struct ArgparseHelp {
    struct Entry {
        /// `--ops {vaddr,paddr,fvaddr}`, `-r "<start>-<end> ...", --regions ...`
        let invocation: String
        let help: String
    }

    let width: Int

    init(columns: Int) { width = columns - 2 }

    /// The sections (header and entries), separated by blank lines; the
    /// help column is shared by every section, as argparse places it.
    func format(_ sections: [(header: String?, entries: [Entry])]) -> String {
        let maxHelpPosition = min(24, max(width - 20, 4))
        let longest = sections.flatMap(\.entries).map { $0.invocation.count + 2 }.max() ?? 0
        let helpPosition = min(longest + 2, maxHelpPosition)
        let helpWidth = max(width - helpPosition, 11)
        let actionWidth = helpPosition - 2 - 2
        var blocks: [String] = []
        for section in sections {
            var out = section.header.map { $0 + "\n" } ?? ""
            for entry in section.entries {
                let lines = Self.wrap(entry.help, width: helpWidth)
                let pad = String(repeating: " ", count: helpPosition)
                if lines.isEmpty {
                    out += "  " + entry.invocation + "\n"
                    continue
                }
                if entry.invocation.count <= actionWidth {
                    let header = entry.invocation + String(repeating: " ", count: actionWidth - entry.invocation.count)
                    out += "  " + header + "  " + lines[0] + "\n"
                    for line in lines.dropFirst() { out += pad + line + "\n" }
                } else {
                    out += "  " + entry.invocation + "\n"
                    for line in lines { out += pad + line + "\n" }
                }
            }
            blocks.append(out)
        }
        return blocks.joined(separator: "\n")
    }

    // MARK: wrapping as Python's textwrap does it

    /// Lines of at most `width` characters: whitespace collapsed, words
    /// kept whole unless longer than a line, hyphenated words breakable
    /// after their hyphens.
    static func wrap(_ text: String, width: Int) -> [String] {
        let collapsed = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
        var chunks = Array(self.chunks(collapsed).reversed())
        var lines: [String] = []
        while !chunks.isEmpty {
            var line: [String] = []
            var length = 0
            if chunks.last!.allSatisfy({ $0 == " " }), !lines.isEmpty { chunks.removeLast() }
            while let chunk = chunks.last, length + chunk.count <= width {
                line.append(chunk)
                length += chunk.count
                chunks.removeLast()
            }
            if let chunk = chunks.last, chunk.count > width {
                // A word longer than the line fills what is left, cut after
                // a hyphen when one fits.
                let space = max(width - length, 1)
                let chars = Array(chunk)
                var end = space
                if let hyphen = chars[0..<min(space, chars.count)].lastIndex(of: "-"), hyphen > 0,
                   chars[0..<hyphen].contains(where: { $0 != "-" }) {
                    end = hyphen + 1
                }
                line.append(String(chars[0..<end]))
                chunks[chunks.count - 1] = String(chars[end...])
            }
            if let last = line.last, last.allSatisfy({ $0 == " " }) { line.removeLast() }
            if !line.isEmpty { lines.append(line.joined()) }
        }
        return lines
    }

    static func isLetter(_ c: Character?) -> Bool {
        guard let c else { return false }
        return (c.isLetter || c == "_") && !c.isNumber
    }

    static func isWordPunct(_ c: Character?) -> Bool {
        guard let c else { return false }
        return c.isLetter || c.isNumber || c == "_" || "!\"'&.,?".contains(c)
    }

    /// Whether the dashes at `i` run into a word character.
    static func isDashBeforeWord(_ c: [Character], _ i: Int) -> Bool {
        var k = i
        while k < c.count && c[k] == "-" { k += 1 }
        return k < c.count && (c[k].isLetter || c[k].isNumber || c[k] == "_")
    }

    /// Whitespace runs and words; a word breaks after a hyphen between
    /// letters (`pre-` `configures`) and before a `--` dash between words.
    static func chunks(_ text: String) -> [String] {
        let c = Array(text)
        func at(_ i: Int) -> Character? { i >= 0 && i < c.count ? c[i] : nil }
        var result: [String] = []
        var i = 0
        while i < c.count {
            var j = i
            if c[i] == " " {
                while j < c.count && c[j] == " " { j += 1 }
            } else if c[i] == "-", isWordPunct(at(i - 1)), at(i + 1) == "-", isDashBeforeWord(c, i) {
                // An em-dash between words: its own chunk.
                while at(j) == "-" { j += 1 }
            } else {
                j = i + 1
                while j < c.count && c[j] != " " {
                    let h = j - 1
                    if c[h] == "-" && h > i,
                       (isLetter(at(h - 2)) && isLetter(at(h - 1)))
                        || (isLetter(at(h - 3)) && at(h - 2) == "-" && isLetter(at(h - 1))),
                       isLetter(at(h + 1)) && (isLetter(at(h + 2)) || (at(h + 2) == "-" && isLetter(at(h + 3)))) {
                        break
                    }
                    if isWordPunct(c[j - 1]) && c[j] == "-" && at(j + 1) == "-" && isDashBeforeWord(c, j) { break }
                    j += 1
                }
            }
            result.append(String(c[i..<j]))
            i = j
        }
        return result
    }
}
