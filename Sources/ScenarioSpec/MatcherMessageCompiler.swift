extension MessageMatcher {
    /// The keys a message matcher accepts.
    public static let keys = FormatSpec.messageMatcher.keyNames

    /// Builds a message matcher from `{ key, value, headers, partition }`, each optional.
    /// Plain scalars under `key` and `headers` are matched as text, since Kafka keys and header
    /// values are bytes: `key: 12345` matches the key "12345".
    public static func compile(_ node: Node) throws -> MessageMatcher {
        guard case .mapping(let pairs) = node.kind else {
            throw Diagnostic(at: node.location, "a message matcher must be a mapping, got \(node.kindDescription)",
                             help: "for example { key: user_1, value: { event_type: login } }")
        }
        var matcher = MessageMatcher(key: nil, value: nil, headers: nil, partition: nil, location: node.location)
        for pair in pairs {
            let name = pair.key.scalarText ?? ""
            guard keys.contains(name) else {
                throw Diagnostic(at: pair.key.location, "unknown key '\(name)' in a message matcher",
                                 help: Suggestion.help(for: name, in: keys)
                                    ?? "expected one of: " + keys.joined(separator: ", "),
                                 length: name.count)
            }
            if name == "$or" {
                guard case .sequence(let items) = pair.value.kind, !items.isEmpty else {
                    throw Diagnostic(at: pair.value.location, "$or needs a list of message matchers, got \(pair.value.kindDescription)",
                                     help: "for example $or: [{ key: user_1 }, { headers: { source: qa } }]")
                }
                matcher.anyOf = try items.map(compile)
                continue
            }
            let part = try compilePart(name, pair.value)
            switch name {
            case "key": matcher.key = part
            case "value": matcher.value = part
            case "headers": matcher.headers = part
            default: matcher.partition = part
            }
        }
        return matcher
    }

    /// One part of a message matcher (`key`, `value`, `headers` or `partition`); the model builder uses it too,
    /// so a scenario file and this compiler read `key: 12345` the same way.
    static func compilePart(_ name: String, _ node: Node) throws -> Matcher {
        if name == "key" || name == "value", case .scalar(_, quoted: false) = node.kind, node.scalarValue == .null {
            return .operators([.nothing(part: name)])
        }
        switch name {
        case "key": return try compileText(node)
        case "headers": return try compileHeaders(node)
        default: return try Matcher.compile(node)
        }
    }

    private static func compileText(_ node: Node) throws -> Matcher {
        if case .scalar(let text, quoted: false) = node.kind, node.scalarValue != .null, !text.contains("{{") {
            return .equals(.literal(.string(text)))
        }
        if let alternatives = try orAlternatives(node, compileText) { return alternatives }
        return try Matcher.compile(comparedAsText(node))
    }

    /// Keys and headers are text, so `$eq`, `$ne` and `$in` compare with text: `key: { $in: [1, 2] }` means
    /// the keys "1" and "2", as `key: 1` does (a number would never equal a key).
    private static func comparedAsText(_ node: Node) -> Node {
        guard case .mapping(let pairs) = node.kind else { return node }
        var copy = node
        copy.kind = .mapping(pairs.map { pair in
            switch pair.key.scalarText {
            case "$eq", "$ne", "$in": return (key: pair.key, value: quotedScalars(pair.value))
            case "$not": return (key: pair.key, value: comparedAsText(pair.value))
            default: return pair
            }
        })
        return copy
    }

    private static func quotedScalars(_ node: Node) -> Node {
        var copy = node
        switch node.kind {
        case .scalar(let text, quoted: false) where node.scalarValue != .null && !text.contains("{{"):
            copy.kind = .scalar(text, quoted: true)
        case .sequence(let items):
            copy.kind = .sequence(items.map(quotedScalars))
        default:
            break
        }
        return copy
    }

    /// `{ $or: [...] }` alone, its alternatives read the way the part reads them (`key: { $or: [12345, a] }`
    /// matches the key "12345", as `key: 12345` does); nil for any other node.
    private static func orAlternatives(_ node: Node, _ compile: (Node) throws -> Matcher) throws -> Matcher? {
        guard case .mapping(let pairs) = node.kind, pairs.count == 1, pairs[0].key.scalarText == "$or",
              case .sequence(let items) = pairs[0].value.kind, !items.isEmpty else { return nil }
        return .operators([.anyOf(try items.map(compile))])
    }

    private static func compileHeaders(_ node: Node) throws -> Matcher {
        if let alternatives = try orAlternatives(node, compileHeaders) { return alternatives }
        guard case .mapping(let pairs) = node.kind,
              !pairs.contains(where: { $0.key.scalarText?.hasPrefix("$") == true }) else {
            return try Matcher.compile(node)
        }
        return .object(try pairs.map { pair in
            guard let name = pair.key.scalarText else {
                throw Diagnostic(at: pair.key.location, "a header name must be a string, not \(pair.key.kindDescription)")
            }
            return (name, try compileText(pair.value))
        }, exact: false)
    }
}
