/// Paths in `capture:` and `unique:`, in the path syntax of templates (FieldPath), checked when the file loads.
extension ModelBuilder {
    /// Where a path may start and how far it may go: `value` anywhere, `key` nowhere (it is text),
    /// `headers` one name deep.
    struct PathRoot {
        let name: String
        let steps: ClosedRange<Int>
        /// What the root holds, for "reads into key, which is text".
        let holds: String

        static func any(_ name: String) -> PathRoot { PathRoot(name: name, steps: 0...Int.max, holds: "") }
        static func whole(_ name: String, holds: String) -> PathRoot { PathRoot(name: name, steps: 0...0, holds: holds) }
    }

    /// The roots of a consumed message as matchers and captures see it.
    static let messageRoots: [PathRoot] = [
        .any("value"), .whole("key", holds: "is text"), PathRoot(name: "headers", steps: 0...1, holds: "holds text by header name"),
        .whole("topic", holds: "is text"), .whole("partition", holds: "is a number"), .whole("offset", holds: "is a number"),
        .whole("timestamp", holds: "is a number"),
    ]

    /// The path written in `node`, parsed; nil after reporting why not.
    func fieldPath(_ node: Node, what: String) -> FieldPath? {
        guard let text = string(node) else { return nil }
        return catching(node) {
            try FieldPath.parse(text, at: node.location, contentColumnOffset: node.templateColumnOffset, what: what)
        }
    }

    /// `capture: { name: PATH }`: its names (pending until the step is built) and the parsed paths that `accept`
    /// takes (it reports the others); nil when one is not a path or not accepted.
    func capturePaths(_ node: Node?, accept: (_ name: String, FieldPath, Node) -> Bool) -> [(name: String, path: FieldPath)]? {
        guard let node, stringMap(node) != nil, let pairs = node.mappingPairs else { return nil }
        var captures: [(name: String, path: FieldPath)] = []
        for pair in pairs where pair.value.scalarText != nil && pair.value.mappingPairs == nil {
            let name = pair.key.scalarText ?? ""
            usage.pendingCaptures.append(name)
            if let path = fieldPath(pair.value, what: "capture"), accept(name, path, pair.value) {
                captures.append((name: name, path: path))
            }
        }
        return captures.count == pairs.count ? captures : nil
    }

    /// `capture:` on expect: paths into the first matched message.
    func messageCaptures(_ node: Node?) -> [(name: String, path: FieldPath)]? {
        capturePaths(node) { _, path, at in
            check(path, at: at, what: "capture", roots: Self.messageRoots) { path in
                ("capture: '\(path)' is not a path into the message: it starts with value, key, headers, topic, partition, offset or timestamp",
                 Self.rootSuggestion(path, in: Self.messageRoots, otherwise: "e.g. capture: { id: value.id }"))
            }
        }
    }

    static let uniqueRoots = messageRoots.filter { ["key", "value", "headers"].contains($0.name) }

    /// `unique:` on expect: a path into the message that starts at key, value or headers.
    func uniquePath(_ node: Node?) -> FieldPath? {
        guard let node, let path = fieldPath(node, what: "unique") else { return nil }
        let accepted = check(path, at: node, what: "unique", roots: Self.uniqueRoots) { path in
            ("unique: '\(path)' is not a path into the message: it starts with key, value or headers",
             Self.rootSuggestion(path, in: Self.uniqueRoots, otherwise: "e.g. unique: value.order_id, unique: key or unique: headers.trace"))
        }
        return accepted ? path : nil
    }

    /// Reports `path` unless it starts at one of `roots` and goes no deeper than its root allows;
    /// `unknownRoot` words the first problem (message, help) for the caller's key.
    func check(_ path: FieldPath, at node: Node, what: String, roots: [PathRoot],
               unknownRoot: (FieldPath) -> (message: String, help: String)) -> Bool {
        guard let root = roots.first(where: { $0.name == path.root }) else {
            let problem = unknownRoot(path)
            report(node, problem.message, help: problem.help)
            return false
        }
        guard root.steps.contains(path.steps.count) else {
            if path.steps.count < root.steps.lowerBound {
                report(node, "\(what): '\(path)' names no part of \(root.name)", help: "e.g. \(root.name).NAME or \(root.name)['trace-id']")
            } else {
                report(node, "\(what): '\(path)' reads into \(root.name), which \(root.holds)",
                       help: root.steps.upperBound == 0 ? "write '\(root.name)' for the whole of it" : "e.g. \(root.name).NAME or \(root.name)['trace-id']")
            }
            return false
        }
        return true
    }

    /// "did you mean 'value.x'?" for a path whose root is a misspelling of one of `roots`, else `otherwise`.
    static func rootSuggestion(_ path: FieldPath, in roots: [PathRoot], otherwise: String) -> String {
        let rest = path.description.dropFirst(path.root.count)
        return Suggestion.closest(to: path.root, in: roots.map(\.name)).map { "did you mean '\($0)\(rest)'?" } ?? otherwise
    }
}
