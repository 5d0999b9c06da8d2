/// Typed values from nodes: each bad value becomes a diagnostic at the value saying what was expected.
extension ModelBuilder {
    func string(_ node: Node?) -> String? {
        guard let node else { return nil }
        guard case .scalar(let text, _) = node.kind, !node.isNull else {
            report(node, "expected a string, got \(node.describedValue)", help: "write a single text value, e.g. 'name: orders'")
            return nil
        }
        return text
    }

    func bool(_ node: Node?) -> Bool? {
        guard let node else { return nil }
        guard case .bool(let value)? = node.scalarValue else {
            report(node, "expected true or false, got \(node.describedValue)")
            return nil
        }
        return value
    }

    func integer(_ node: Node?, minimum: Int, what: String) -> Int? {
        guard let node else { return nil }
        guard case .int(let value)? = node.scalarValue, let int = Int(exactly: value) else {
            report(node, "expected \(ValueType.integer(minimum: minimum).summary) for \(what), got \(node.describedValue)",
                   help: "write a whole number, e.g. \(what): \(max(minimum, 3))")
            return nil
        }
        guard int >= minimum else {
            report(node, minimum == 1 ? "\(what) must be at least 1, got \(int)" : "\(what) must not be negative, got \(int)",
                   help: "use a number ≥ \(minimum)")
            return nil
        }
        return int
    }

    func duration(_ node: Node?) -> Duration? {
        guard let node else { return nil }
        if let text = node.scalarText, !node.isNull, let d = Duration.parse(text) { return d }
        report(node, "expected \(ValueType.duration.summary), got \(node.describedValue)",
               help: Self.durationHelp(node.scalarValue?.doubleValue != nil ? node.scalarText : nil, written: node.scalarText))
        return nil
    }

    func comparison(_ node: Node?) -> Comparison? {
        guard let node else { return nil }
        switch node.scalarValue {
        case .int(let i)?: return Comparison(.eq, Double(i))
        case .double(let d)? where d.isFinite: return Comparison(.eq, d)
        case .string(let text)?:
            if let c = Comparison.parse(text) { return c }
        default: break
        }
        report(node, "expected \(ValueType.comparison.summary), got \(node.describedValue)",
               help: "a number means equality; operators are == != < <= > >=, units a duration (5s) or a rate (10/s)")
        return nil
    }

    /// A comparison that must carry a duration unit (latency bounds).
    /// `500` → offer 500ms and 500s; `15 s` → no space; `5 seconds` → 5s.
    static func durationHelp(_ bareNumber: String?, written: String?) -> String {
        if let number = bareNumber { return "add a unit: \(number)ms or \(number)s (units: ms, s, m, h)" }
        let words = ["ms": "ms", "msec": "ms", "millis": "ms", "millisecond": "ms", "milliseconds": "ms",
                     "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
                     "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
                     "h": "h", "hr": "h", "hour": "h", "hours": "h"]
        let text = (written ?? "").trimmingCharacters(in: .whitespaces)
        if let split = text.firstIndex(where: { $0.isLetter }), Double(text[..<split].trimmingCharacters(in: .whitespaces)) != nil,
           let unit = words[text[split...].lowercased()] {
            let number = text[..<split].trimmingCharacters(in: .whitespaces)
            let fixed = number + unit
            return text[..<split].hasSuffix(" ") && unit == text[split...].lowercased()
                ? "no space between the number and the unit: \(fixed)"
                : "write it as \(fixed) (units: ms, s, m, h)"
        }
        return "units are ms, s, m and h"
    }

    func durationComparison(_ node: Node?) -> Comparison? {
        guard let node, let c = comparison(node) else { return nil }
        guard c.unit == .duration else {
            report(node, "expected a latency bound like \"< 100ms\", got \(node.describedValue)",
                   help: "give the bound a duration unit: ms, s or m")
            return nil
        }
        return c
    }

    /// A rate; `.some(nil)` for `unlimited` when allowed.
    func rate(_ node: Node?, unlimited: Bool) -> Rate?? {
        guard let node else { return nil }
        if let text = node.scalarText {
            if let r = Rate.parse(text) { return .some(r) }
            if unlimited && text == "unlimited" { return .some(nil) }
        }
        report(node, "expected \(ValueType.rate(unlimited: unlimited).summary), got \(node.describedValue)",
               help: "a rate is messages per second, e.g. 500/s")
        return nil
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ node: Node?, _ type: E.Type, what: String) -> E?
        where E.RawValue == String {
        guard let node else { return nil }
        let words = E.allCases.map(\.rawValue)
        if let text = node.scalarText, let value = E(rawValue: text) { return value }
        report(node, "expected '\(what)' to be one of \(words.joined(separator: ", ")), got \(node.describedValue)",
               help: node.scalarText.flatMap { Suggestion.help(for: $0, in: words) })
        return nil
    }

    func errorExpectation(_ node: Node?) -> ErrorExpectation? {
        guard let node else { return nil }
        if let text = node.scalarText {
            if text == "any" { return .any }
            if let first = text.unicodeScalars.first, ("A"..."Z").contains(first) || first == "_",
               text.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) {
                let name = text.hasPrefix("_") ? String(text.drop { $0 == "_" }) : text
                if KafkaErrorNames.known.contains(name) { return .named(name) }
                report(node, "unknown librdkafka error name '\(text)'",
                       help: Suggestion.help(for: name, in: KafkaErrorNames.all)
                           ?? "use any, or a name librdkafka reports, e.g. TOPIC_EXCEPTION, MSG_TIMED_OUT, UNKNOWN_TOPIC_OR_PART",
                       length: text.count)
                return nil
            }
        }
        let upper = node.scalarText.map { $0.uppercased().replacingOccurrencesOfNonWord() }
        report(node, "expected \(ValueType.errorName.summary), got \(node.describedValue)",
               help: upper.map { "error names are capitals and underscores, e.g. \($0)" })
        return nil
    }

    func list(_ node: Node?, of what: String) -> [Node]? {
        guard let node else { return nil }
        guard let items = node.sequenceItems else {
            report(node, "expected a list of \(what), got \(node.describedValue)",
                   help: "write each item on its own line starting with '- '")
            return nil
        }
        return items
    }

    func stringList(_ node: Node?, of what: String) -> [String]? {
        guard let items = list(node, of: what) else { return nil }
        let strings = items.compactMap(string)
        return strings.count == items.count ? strings : nil
    }

    /// A mapping of names to plain values (topic configs): scalars are kept as text.
    func stringMap(_ node: Node?) -> [(key: String, value: String)]? {
        guard let node else { return nil }
        guard let pairs = node.mappingPairs else {
            report(node, "expected a mapping of names to values, got \(node.describedValue)",
                   help: "e.g. { retention.ms: 60000 }")
            return nil
        }
        var result: [(key: String, value: String)] = []
        for pair in pairs {
            guard let text = pair.value.scalarText, pair.value.mappingPairs == nil else {
                report(pair.value, "expected a single value for '\(pair.key.scalarText ?? "")', got \(pair.value.describedValue)")
                continue
            }
            result.append((key: pair.key.scalarText ?? "", value: text))
        }
        return result
    }

    /// A mapping of names to template strings (headers).
    func templateMap(_ node: Node?, scope: TemplateScope) -> [(name: String, value: ValueTemplate)]? {
        guard let node else { return nil }
        guard let pairs = node.mappingPairs else {
            report(node, "expected a mapping of names to strings, got \(node.describedValue)", help: "e.g. { source: qa }")
            return nil
        }
        var result: [(name: String, value: ValueTemplate)] = []
        for pair in pairs {
            if let value = template(pair.value, scope: scope) { result.append((name: pair.key.scalarText ?? "", value: value)) }
        }
        return result
    }

    /// A string that may contain templates (topic names, keys, headers).
    func template(_ node: Node?, scope: TemplateScope, nullable: Bool = false) -> ValueTemplate? {
        guard let node else { return nil }
        if nullable && node.isNull { return .literal(.null) }
        guard node.scalarText != nil, !node.isNull else {
            report(node, "expected a string, got \(node.describedValue)")
            return nil
        }
        return value(node, scope: scope)
    }

    /// Any value; strings may be templates. Values without `{{` are kept literally.
    func value(_ node: Node?, scope: TemplateScope) -> ValueTemplate? {
        guard let node else { return nil }
        guard node.containsTemplate else { return .literal(node.jsonValue) }
        checkTemplates(in: node, scope: scope)
        return catching(node) { try ValueTemplate.compile(node) }
    }
}

private extension String {
    func replacingOccurrencesOfNonWord() -> String {
        String(unicodeScalars.map { ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_" })
    }
}
