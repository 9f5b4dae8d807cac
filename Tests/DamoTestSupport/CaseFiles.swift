import Foundation

/// A case of a fixture's case file: a name and a command line.
public struct CommandCase: CustomStringConvertible, Sendable {
    public let name: String
    public let arguments: [String]
    public var description: String { name }

    public init(name: String, arguments: [String]) {
        self.name = name
        self.arguments = arguments
    }

    /// The cases of a file of `<name><separator> <arguments>` lines
    /// (`#` comments), the arguments split as a shell splits them; none
    /// when the file is not there.
    public static func load(_ path: String, separator: Character, skipping skipPrefix: String? = nil) -> [CommandCase] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let cut = line.firstIndex(of: separator) else { return nil }
            let name = String(line[..<cut])
            if let skipPrefix, name.hasPrefix(skipPrefix) { return nil }
            return CommandCase(name: name, arguments: shellWords(String(line[line.index(after: cut)...])))
        }
    }
}

/// Words of a command line as POSIX shells (and python's shlex) split them.
public func shellWords(_ line: String) -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character? = nil
    var escaped = false
    for c in line {
        if escaped {
            if quote == "\"" && c != "\"" && c != "\\" { current.append("\\") }
            current.append(c)
            escaped = false
            continue
        }
        switch (quote, c) {
        case (nil, "\\"), ("\"", "\\"): escaped = true; inWord = true
        case (nil, "\""), (nil, "'"): quote = c; inWord = true
        case ("\"", "\""), ("'", "'"): quote = nil
        case (nil, " "), (nil, "\t"):
            if inWord { words.append(current) }
            current = ""
            inWord = false
        default:
            current.append(c)
            inWord = true
        }
    }
    if inWord { words.append(current) }
    return words
}

/// CRC-32 (zlib's polynomial), for the digests of big golden outputs.
public func crc32(_ data: Data) -> UInt32 {
    var table = [UInt32](repeating: 0, count: 256)
    for i in 0..<256 {
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        table[i] = c
    }
    var crc: UInt32 = 0xFFFF_FFFF
    for b in data { crc = table[Int((crc ^ UInt32(b)) & 0xff)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
}
