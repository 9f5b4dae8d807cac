import DamoPlatform

/// damo's notices for deprecated commands and inputs, on standard error in
/// damo's words, so that users and scripts moving from damo see the same
/// warning.  Unlike damo 3.4.3 we keep serving what the notice is about.
enum Deprecation {
    static let contact = """

            If you depend on those, please report your usecase to GitHub Issues [1],
            sj@kernel.org, damon@lists.linux.dev and/or linux-mm@kvack.org.

            [1] https://github.com/damonitor/damo/issues


        """

    /// The notice text.  damo's schedule names no removal date for some
    /// features; their notice goes without that line.
    static func notice(feature: String, deadline: String?, alternative: String? = nil,
                       additional: String? = nil) -> String {
        var lines = ["WARNING: \(feature) is deprecated."]
        if let deadline { lines.append("    The support will be removed by \(deadline).") }
        if let alternative { lines.append("    Use \"\(alternative)\" instead.") }
        if let additional { lines.append(additional) }
        lines.append(contact)
        return lines.joined(separator: "\n")
    }

    /// damo's notice for what it plans to deprecate.
    static func willBeDeprecated(feature: String, deadline: String, alternative: String) -> String {
        ["", "WARNING: \(feature) will be deprecated by \(deadline).", "    Use \"\(alternative)\" instead.", contact]
            .joined(separator: "\n")
    }

    /// damo 3.4.3's notice for `damo features`.
    static func features() {
        writeStderr(willBeDeprecated(feature: "damo features", deadline: "2026-12-25", alternative: "damo report sys_info"))
    }

    static func warn(feature: String, deadline: String?, alternative: String? = nil, additional: String? = nil) {
        writeStderr(notice(feature: feature, deadline: deadline, alternative: alternative, additional: additional))
    }

    // The features of damo's deprecation schedule (FEATURES_DEPRECATION_SCHEDULE.md).
    static func show() { warn(feature: "'damo show'", deadline: "2025-01-20", alternative: "damo report access") }
    static func status() { warn(feature: "'damo status'", deadline: "2025-01-20", alternative: "damo report damon") }
    static func reportRaw() {
        warn(feature: "'damo report raw'", deadline: "2025-01-27", alternative: "damo report access --raw_form")
    }
    static func reportHeats() { warn(feature: "'damo report heats'", deadline: nil, alternative: "damo report heatmap") }
    static func fmtJSON() {
        warn(feature: "'damo fmt_json'", deadline: nil, alternative: "damo args damon --format json")
    }
    static func translateDamos() {
        warn(feature: "'damo translate_damos'", deadline: "2023-Q4", alternative: "damo args damon")
    }
    /// damo's own notice for the one-line scheme input.
    static func singleLineSchemes() {
        warn(feature: "single line scheme input", deadline: "2023-Q2",
             additional: "Please use json format or --damo_* options")
    }
}

/// Standard error as is (printError ends lines; notices end themselves).
func writeStderr(_ text: String) {
    var t = text
    t.withUTF8 { bytes in
        var off = 0
        while off < bytes.count {
            let n = write(2, bytes.baseAddress! + off, bytes.count - off)
            if n <= 0 { if n < 0 && errno == EINTR { continue } else { return } }
            off += n
        }
    }
}
