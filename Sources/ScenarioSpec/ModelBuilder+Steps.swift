/// Steps: the one-step-key rule, then one builder per step kind.
extension ModelBuilder {
    static let stepKindNames = FormatSpec.stepKinds.map(\.name)
    static let stepKindSpecs: [MappingSpec] = StepKinds.buildable.compactMap { $0.mapping }

    func step(_ node: Node, scope: TemplateScope) -> Step? {
        guard let pairs = node.mappingPairs else {
            report(node, "expected a step (a mapping with one step key), got \(node.describedValue)",
                   help: "e.g. '- produce: { topic: orders, value: x }'; step keys: " + Self.stepKindNames.joined(separator: ", "))
            return nil
        }
        let common = Set(FormatSpec.stepCommonKeys.map(\.name))
        var kinds: [(key: Node, value: Node)] = []
        var unknown = false
        for pair in pairs {
            let name = pair.key.scalarText ?? ""
            if Self.stepKindNames.contains(name) { kinds.append(pair); continue }
            if common.contains(name) { continue }
            unknown = true
            if let suggestion = Suggestion.closest(to: name, in: Self.stepKindNames + Array(common)) {
                report(pair.key, "unknown step key '\(name)'", help: "did you mean '\(suggestion)'?", length: pair.key.length)
            } else if FormatSpec.scenario.key(name) != nil {
                report(pair.key, "'\(name)' is a key of the scenario, not of a step",
                       help: "move it out of the step list: write it at the indentation of 'steps:'", length: pair.key.length)
            } else if let owner = Self.stepKindSpecs.first(where: { $0.key(name) != nil }) {
                let under = kinds.first?.key.scalarText ?? pairs.first { Self.stepKindNames.contains($0.key.scalarText ?? "") }?.key.scalarText
                report(pair.key, "'\(name)' is not a step key",
                       help: under.map { "indent it under '\($0):' — it is a key of \(owner.name)" }
                           ?? "it is a key of \(owner.name); write it under '\(owner.name):'",
                       length: pair.key.length)
            } else {
                report(pair.key, "unknown step key '\(name)'",
                       help: "step keys: " + Self.stepKindNames.joined(separator: ", "), length: pair.key.length)
            }
        }
        if kinds.count > 1 {
            let names = kinds.map { "'\($0.key.scalarText ?? "")'" }
            let first = kinds[0].key.scalarText ?? ""
            let help = kinds[0].value.isNull
                ? "'\(first):' is empty: indent the keys below it to put them inside \(first)"
                : "split them into separate steps, each starting with '- '"
            report(kinds[1].key, "a step has exactly one step key, but this one has \(names.joined(separator: " and "))",
                   help: help, length: kinds[1].key.length)
            return nil
        }
        guard let kind = kinds.first else {
            if !unknown {
                report(node, "step has no step key",
                       help: "add one of: " + Self.stepKindNames.joined(separator: ", "))
            }
            return nil
        }
        let (body, inside) = splitStepKeysInside(kind)
        var given: [String: (key: Node, value: Node)] = [:]
        var twice = false
        for pair in pairs + inside {
            let key = pair.key.scalarText ?? ""
            guard common.contains(key) else { continue }
            if let first = given[key] {
                let later = (pair.key.location.line, pair.key.location.column)
                    < (first.key.location.line, first.key.location.column) ? first.key : pair.key
                report(later, "'\(key)' is given twice for this step: beside '\(kind.key.scalarText ?? "")' and inside it",
                       help: "keep one of them", length: later.length)
                twice = true
            } else {
                given[key] = pair
            }
        }
        let name = given["name"].flatMap { string($0.value) }
        let errorNode = given["expect_error"]?.value
        let expectError = errorExpectation(errorNode)
        guard let stepKind = stepKind(kind.key, body, scope: scope), !twice,
              (errorNode == nil) == (expectError == nil) else { return nil }
        return Step(name: name, expectError: expectError, kind: stepKind, location: kind.key.location)
    }

    /// The step kind's mapping without the common step keys written inside it, and those keys.
    private func splitStepKeysInside(_ kind: (key: Node, value: Node)) -> (body: Node, inside: [(key: Node, value: Node)]) {
        guard let pairs = kind.value.mappingPairs,
              let spec = Self.stepKindSpecs.first(where: { kind.key.scalarText == $0.name }) else { return (kind.value, []) }
        let names = Set(FormatSpec.stepKeysInside(spec).map(\.name))
        let inside = pairs.filter { names.contains($0.key.scalarText ?? "") }
        guard !inside.isEmpty else { return (kind.value, []) }
        let rest = pairs.filter { !names.contains($0.key.scalarText ?? "") }
        var body = kind.value
        body.kind = .mapping(rest)
        return (body, inside)
    }

    private func stepKind(_ key: Node, _ value: Node, scope: TemplateScope) -> (any StepModel)? {
        StepKinds.named(key.scalarText ?? "")?.build(value, key: key, scope: scope, self)
    }

    /// The topic a step reads or writes, remembered for the "declared topic never used" warning.
    func topicRef(_ node: Node?, scope: TemplateScope) -> ValueTemplate? {
        guard let t = template(node, scope: scope) else { return nil }
        if case .literal(.string(let name)) = t {
            usage.topicsUsed.insert(name)
            if let node { usage.topicReferences.append((name, node)) }
        } else {
            usage.topicUseIsDynamic = true
        }
        return t
    }

    func messageMatcher(_ node: Node?, scope: TemplateScope) -> MessageMatcher? {
        guard let node, let f = fields(node, FormatSpec.messageMatcher) else { return nil }
        var ok = true
        func part(_ name: String) -> Matcher? {
            guard let partNode = f[name] else { return nil }
            checkTemplates(in: partNode, scope: scope)
            let m = catching(partNode) { try MessageMatcher.compilePart(name, partNode) }
            if m == nil { ok = false }
            return m
        }
        var alternatives: [MessageMatcher] = []
        if f.has("$or"), let orNode = f["$or"] {
            let items = list(orNode, of: "message matchers")
            if items?.isEmpty == true {
                report(orNode, "$or needs at least one message matcher",
                       help: "for example $or: [{ key: user_1 }, { headers: { source: qa } }]")
            }
            alternatives = (items ?? []).compactMap { messageMatcher($0, scope: scope) }
            if items == nil || items?.isEmpty == true || alternatives.count != items?.count { ok = false }
        }
        let result = MessageMatcher(key: part("key"), value: part("value"), headers: part("headers"),
                                    partition: part("partition"), anyOf: alternatives, location: node.location)
        return ok ? result : nil
    }

    func latency(_ node: Node?, owner: Node?) -> LatencyAssertion? {
        guard let node, let f = fields(node, FormatSpec.latency, owner: owner) else { return nil }
        var checks: [(percentile: String, comparison: Comparison)] = []
        var ok = true
        for name in FormatSpec.latencyNames where f.has(name) {
            if let c = durationComparison(f[name]) { checks.append((percentile: name, comparison: c)) } else { ok = false }
        }
        return ok ? LatencyAssertion(checks: checks) : nil
    }

}
