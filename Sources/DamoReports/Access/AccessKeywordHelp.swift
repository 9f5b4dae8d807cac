/// The keywords of `report access` format templates with what each means,
/// for `damo help access_format_options <area>_format_keywords`.
public enum AccessKeywordHelp {
    public static var record: [(name: String, help: String)] { AccessKeywords.record.map { ($0.name, $0.help) } }
    public static var snapshot: [(name: String, help: String)] { AccessKeywords.snapshot.map { ($0.name, $0.help) } }
    public static var region: [(name: String, help: String)] { AccessKeywords.region.map { ($0.name, $0.help) } }
}
