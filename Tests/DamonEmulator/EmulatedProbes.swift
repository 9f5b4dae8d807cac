/// Data attribute monitoring probes of a context as a kernel with them
/// (7.2+, damon/next) shows them: `monitoring_attrs/probes/<P>/` with
/// `filters/<F>/{type,matching,allow,path,min,max}`, `preps/<R>/prep_action`
/// and `weight`, shown read-only as set here, on any release: the read
/// side (a report of the running DAMON) tested apart from the writer.
/// Releases with probes (`EmulatedKernelRelease.v7_3`, `.mmProbes`) have
/// the writable directory of their own (SysfsLayout.swift).
public struct EmulatedProbe: Sendable {
    public struct Filter: Sendable {
        public var type: String
        public var matching: Bool
        public var allow: Bool
        public var path: String?
        public var range: (UInt64, UInt64)?

        public init(type: String, matching: Bool = true, allow: Bool = true, path: String? = nil,
                    range: (UInt64, UInt64)? = nil) {
            self.type = type
            self.matching = matching
            self.allow = allow
            self.path = path
            self.range = range
        }
    }

    public var filters: [Filter]
    public var preps: [String]
    /// nil: a kernel without probe weights (before 7.3).
    public var weight: Int?

    public init(filters: [Filter], preps: [String] = [], weight: Int? = nil) {
        self.filters = filters
        self.preps = preps
        self.weight = weight
    }

    static func numbered(_ count: String, _ items: [Node]) -> Node {
        var children: [String: Node] = [count: file(.readOnly, String(items.count))]
        for (i, item) in items.enumerated() { children[String(i)] = item }
        return dir(children)
    }

    var node: Node {
        var children: [String: Node] = [
            "filters": Self.numbered("nr_filters", filters.map { f in
                var files: [String: Node] = [
                    "type": file(.readOnly, f.type), "matching": file(.readOnly, f.matching ? "Y" : "N"),
                    "allow": file(.readOnly, f.allow ? "Y" : "N"), "path": file(.readOnly, f.path ?? ""),
                ]
                if let (lo, hi) = f.range {
                    files["min"] = file(.readOnly, String(lo))
                    files["max"] = file(.readOnly, String(hi))
                }
                return dir(files)
            }),
            "preps": Self.numbered("nr_preps", preps.map { dir(["prep_action": file(.readOnly, $0)]) }),
        ]
        if let weight { children["weight"] = file(.readOnly, String(weight)) }
        return dir(children)
    }

    /// `tried_regions/<N>/probes/<P>/hits`.
    static func hitsNode(_ hits: [UInt64]) -> Node {
        var children: [String: Node] = [:]
        for (i, h) in hits.enumerated() { children[String(i)] = dir(["hits": file(.readOnly, String(h))]) }
        return dir(children)
    }
}

extension SysfsEmulator {
    /// Shows probes in a context's `monitoring_attrs/probes/`.
    public func setProbes(kdamond: Int = 0, context: Int = 0, _ probes: [EmulatedProbe]) {
        guard let attrs = kdamondNode(kdamond)?.node("contexts/\(context)/monitoring_attrs") else { return }
        attrs.children["probes"] = EmulatedProbe.numbered("nr_probes", probes.map(\.node))
    }
}
