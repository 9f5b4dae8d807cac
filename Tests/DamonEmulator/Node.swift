/// What a numbered child directory created by an `nr_*` file is.
enum ChildKind: Equatable {
    case kdamond, context, target, region, scheme, goal, dest
    case filter(FilterLayer)
    /// A data attribute monitoring probe, its filters and its preps.
    case probe, probeFilter, probePrep
}

/// Which DAMOS filter directory a filter lives in: `filters` takes every
/// type, `core_filters` only core-handled ones, `ops_filters` only
/// operations-set-handled ones.
enum FilterLayer: Equatable {
    case both, core, ops
}

/// How a file parses writes and shows its value (its store/show pair).
enum FileKind {
    /// kstrtoul; shown as %lu.
    case ulong
    /// kstrtouint; shown as %u.
    case uint
    /// kstrtoint; shown as %d.
    case int
    /// kstrtobool; shown as Y or N.
    case bool
    /// Any text, kept as written (memcg_path, goal path).
    case text
    /// One of the keywords (sysfs_streq).
    case keyword([String])
    /// A DAMOS filter type, checked against the directory's layer.
    case filterType(FilterLayer)
    /// Mode 0400: writes fail with EACCES.
    case readOnly
    /// Read-only, listing the emulator's available operations sets.
    case availOperations
    /// `nr_*`: writing N recreates children 0..N-1 next to this file.
    case count(ChildKind)
    /// A kdamond's `state`.
    case state
}

/// A directory or file in the emulated sysfs tree.
final class Node {
    enum Kind {
        case directory
        case file(FileKind)
    }

    let kind: Kind
    var children: [String: Node] = [:]
    /// A file's content as written or set by the kernel side, possibly with
    /// trailing newlines (reads drop them, as RealDamonFS does).
    var content: String

    init(directory children: [String: Node]) {
        kind = .directory
        self.children = children
        content = ""
    }

    init(file kind: FileKind, _ content: String) {
        self.kind = .file(kind)
        self.content = content
    }

    var isDirectory: Bool {
        if case .directory = kind { return true }
        return false
    }

    var fileKind: FileKind? {
        if case .file(let kind) = kind { return kind }
        return nil
    }

    /// The node at a relative path ("a/b/c") below this one.
    func node(_ relativePath: String) -> Node? {
        var node: Node? = self
        for name in relativePath.split(separator: "/") {
            node = node?.children[String(name)]
        }
        return node
    }

    /// A file's stored text below this node ("" when missing).
    func text(_ relativePath: String) -> String {
        var text = node(relativePath)?.content ?? ""
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// A numeric file's value below this node (0 when missing).
    func number(_ relativePath: String) -> UInt64 {
        UInt64(text(relativePath)) ?? 0
    }

    func signedNumber(_ relativePath: String) -> Int64 {
        Int64(text(relativePath)) ?? 0
    }

    /// Children named 0, 1, ... in numeric order.
    var numberedChildren: [Node] {
        children.compactMap { name, node in Int(name).map { ($0, node) } }
            .sorted { $0.0 < $1.0 }
            .map(\.1)
    }

    /// Removes every numbered child.
    func removeNumberedChildren() {
        for name in children.keys where Int(name) != nil { children[name] = nil }
    }
}

/// Small builders so the default trees read like the kernel's layout.
func dir(_ children: [String: Node]) -> Node { Node(directory: children) }
func file(_ kind: FileKind, _ content: String) -> Node { Node(file: kind, content) }
