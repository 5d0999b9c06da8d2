/// A mapping node checked against its `MappingSpec`: lookups by key name, with spec defaults applied.
struct Fields {
    let spec: MappingSpec
    let node: Node
    private let entries: [String: (key: Node, value: Node)]

    init(spec: MappingSpec, node: Node, entries: [String: (key: Node, value: Node)]) {
        self.spec = spec
        self.node = node
        self.entries = entries
    }

    /// The value written for `name`, or the spec's default (as a node at the mapping), or nil.
    subscript(_ name: String) -> Node? {
        if let entry = entries[name] { return entry.value }
        guard let text = spec.key(name)?.defaultValue else { return nil }
        return Node(.scalar(text, quoted: false), at: node.location)
    }

    /// True when the key is written in the file (defaults don't count).
    func has(_ name: String) -> Bool { entries[name] != nil }

    /// The key node as written.
    func keyNode(_ name: String) -> Node? { entries[name]?.key }
}

extension ModelBuilder {
    /// Checks `node` is a mapping of `spec`: unknown keys (with "did you mean", also pointing at the sibling spec a
    /// key belongs to), missing required keys, and the spec's exactly-one-of groups. Nil when it is not a mapping.
    func fields(_ node: Node, _ spec: MappingSpec, owner: Node? = nil, siblings: [MappingSpec] = [],
                checkGroups: Bool = true) -> Fields? {
        guard case .mapping(let pairs) = node.kind else {
            report(node, "expected \(spec.name) to be a mapping, got \(node.describedValue)",
                   help: "write its keys on indented lines below, e.g. \(spec.keys.first.map { "'\($0.name): \($0.example)'" } ?? "")")
            return nil
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        var suggestedKeys = Set<String>()
        let known = Set(spec.keyNames)
        for pair in pairs {
            let name = pair.key.scalarText ?? ""
            if known.contains(name) {
                entries[name] = pair
                continue
            }
            let suggestion = Suggestion.closest(to: name, in: spec.keyNames + FormatSpec.stepKeysInside(spec).map(\.name))
            if let suggestion { suggestedKeys.insert(suggestion) }
            report(pair.key, "unknown key '\(name)' in \(spec.name)",
                   help: suggestion.map { "did you mean '\($0)'?" } ?? unknownKeyHelp(name, spec: spec, siblings: siblings),
                   length: pair.key.length)
        }
        let at = owner ?? node
        for key in spec.keys where key.required && entries[key.name] == nil && !suggestedKeys.contains(key.name) {
            report(at, "missing required key '\(key.name)' in \(spec.name)",
                   help: "add it, e.g. '\(key.name): \(key.example)'", length: at.length)
        }
        if checkGroups {
            for group in spec.exactlyOneOf {
                let present = group.filter { entries[$0] != nil }
                if present.count > 1, let second = entries[present[1]]?.key {
                    report(second, "'\(present[0])' and '\(present[1])' cannot be used together in \(spec.name)",
                           help: "keep only one of them", length: second.length)
                } else if present.isEmpty && !group.contains(where: suggestedKeys.contains) {
                    report(at, "\(spec.name) needs one of \(group.map { "'\($0)'" }.joined(separator: ", "))",
                           help: "add '\(group[0]): \(spec.key(group[0])?.example ?? "...")'", length: at.length)
                }
            }
        }
        return Fields(spec: spec, node: node, entries: entries)
    }

    private func unknownKeyHelp(_ name: String, spec: MappingSpec, siblings: [MappingSpec]) -> String {
        if let owner = siblings.first(where: { $0.name != spec.name && $0.key(name) != nil }) {
            return "'\(name)' is a key of \(owner.name), not of \(spec.name)"
        }
        return "\(spec.name) accepts: " + spec.keyNames.joined(separator: ", ")
    }
}

