/// damo's notices for deprecated commands and inputs, on standard error in
/// damo's words, so that users and scripts moving from damo see the same
/// warning.  Unlike damo 3.4.3 we keep serving what the notice is about.
public enum Deprecation {
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

    /// The notices of damo's deprecation schedule
    /// (FEATURES_DEPRECATION_SCHEDULE.md), by what is deprecated.
    public enum Feature {
        case show, status, reportRaw, reportHeats, fmtJSON, translateDamos, singleLineSchemes
        /// damo 3.4.3's notice for `damo features`, which it plans to deprecate.
        case features
    }

    static func text(_ feature: Feature) -> String {
        switch feature {
        case .show: return notice(feature: "'damo show'", deadline: "2025-01-20", alternative: "damo report access")
        case .status: return notice(feature: "'damo status'", deadline: "2025-01-20", alternative: "damo report damon")
        case .reportRaw:
            return notice(feature: "'damo report raw'", deadline: "2025-01-27", alternative: "damo report access --raw_form")
        case .reportHeats: return notice(feature: "'damo report heats'", deadline: nil, alternative: "damo report heatmap")
        case .fmtJSON: return notice(feature: "'damo fmt_json'", deadline: nil, alternative: "damo args damon --format json")
        case .translateDamos:
            return notice(feature: "'damo translate_damos'", deadline: "2023-Q4", alternative: "damo args damon")
        case .singleLineSchemes:
            return notice(feature: "single line scheme input", deadline: "2023-Q2",
                          additional: "Please use json format or --damo_* options")
        case .features:
            return willBeDeprecated(feature: "damo features", deadline: "2026-12-25", alternative: "damo report sys_info")
        }
    }
}

extension DamoEnvironment {
    /// damo's deprecation notice, on standard error.
    public func warnDeprecated(_ feature: Deprecation.Feature) { output.writeError(Deprecation.text(feature)) }
}
