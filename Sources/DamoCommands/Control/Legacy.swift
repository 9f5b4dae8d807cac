import DamonModel
import DamonRecords

/// `translate_damos`: early damo's one-line schemes as the JSON scheme
/// list that -c/--schemes and parameter files take.
public protocol TranslateDamosCommand {
    var schemes: String { get }
}

extension TranslateDamosCommand {
    public func run(in env: DamoEnvironment) throws {
        env.warnDeprecated(.translateDamos)
        let (text, isFile) = try DamonParamsText.text(of: schemes)
        let name = isFile ? schemes : "the schemes"
        if DamonParamsText.looksLikeJSON(text) {
            throw DamoError("\(name): already JSON; translate_damos takes one-line schemes (<min-size> <max-size> <min-acc> <max-acc> <min-age> <max-age> <action> per line)")
        }
        let parsed: [Damos]
        do { parsed = try DamosSingleLine.schemes(text) } catch {
            throw DamoError("failed --schemes parsing (\(name): \(error))")
        }
        if parsed.isEmpty { throw DamoError("\(name): no scheme in the input") }
        let style = KVStyle(paramsOnly: true)
        try env.show(KVJSON.text(.list(parsed.map { $0.toKV(style) })))
    }
}
