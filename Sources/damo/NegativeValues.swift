/// argparse takes negative numbers as values (`--temperature -5000 100`);
/// our argument parser takes `-5000` for an option.  Values of options
/// whose values may be negative are rewritten as `--option=value`, one
/// occurrence each, which collects the same values.
enum NegativeValues {
    static let options: Set<String> = ["--temperature", "--temperature_weights", "--time_range"]

    /// A negative number, or (as argparse decides) a dash-led word with a
    /// space in it, such as the `-3.000000 s` damo monitor passes.
    static func isNegativeNumber(_ token: String) -> Bool {
        token.hasPrefix("-") && token.count > 1
            && (Double(token.replacingOccurrences(",", "")) != nil || token.contains(" "))
    }

    static func rewrite(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let token = arguments[i]
            i += 1
            if token == "--" {
                out += arguments[(i - 1)...]
                break
            }
            guard options.contains(token), i < arguments.count,
                  arguments[i...].prefix(while: { !$0.hasPrefix("-") || isNegativeNumber($0) })
                      .contains(where: isNegativeNumber) else {
                out.append(token)
                continue
            }
            while i < arguments.count, !arguments[i].hasPrefix("-") || isNegativeNumber(arguments[i]) {
                out.append(token + "=" + arguments[i])
                i += 1
            }
        }
        return out
    }
}

extension String {
    fileprivate func replacingOccurrences(_ a: Character, _ b: String) -> String {
        String(self.filter { $0 != a })
    }
}
