/// How values and paths read in match failures.
enum MatcherText {
    /// `value.data` + `bet_amount`; keys that are not plain names are bracketed: `headers["x y"]`.
    static func child(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "-"
        }
        if !plain { return path + "[" + quoted(key) + "]" }
        return path.isEmpty ? key : path + "." + key
    }

    static func quoted(_ key: String) -> String {
        var out = ""
        TemplateJSONText.appendQuoted(key, to: &out)
        return out
    }

    /// Compact JSON, truncated when long.
    static func value(_ value: JSONValue) -> String { TemplateJSONText.display(value) }

    /// `"50" (string)`: used when the two sides differ in type.
    static func typed(_ value: JSONValue) -> String {
        "\(TemplateJSONText.display(value)) (\(TemplateJSONText.typeName(value)))"
    }

    static func optional(_ value: JSONValue?) -> String { value.map(Self.value) ?? matcherAbsentText }

    /// `any of: "paid", matching /^refund/`
    static func anyOf(_ alternatives: [String]) -> String { "any of: " + alternatives.joined(separator: ", ") }

    /// `key "b", value {"status":"new"}`: the parts of a message named (each once, in message order).
    static func parts(of message: JSONValue, named names: [String]) -> String {
        let wanted = ["key", "value", "headers", "partition"].filter(names.contains)
        return wanted.map { "\($0) \(optional(message[$0]))" }.joined(separator: ", ")
    }

    /// For two strings that read the same but differ in Unicode scalars (NFC and NFD): the scalars of the one seen,
    /// ` (other Unicode scalars: c a f e U+0301)`, since the two would otherwise print alike. Empty otherwise.
    static func scalarNote(_ expected: JSONValue, _ actual: JSONValue) -> String {
        guard case .string(let a) = expected, case .string(let b) = actual, a == b, !ScalarText.equal(a, b) else { return "" }
        let scalars = b.unicodeScalars.prefix(40).map { $0.isASCII && $0.value > 0x20 ? String($0) : hex($0.value) }
        return " (other Unicode scalars: " + scalars.joined(separator: " ") + ")"
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func elements(_ count: Int) -> String { count == 1 ? "1 element" : "\(count) elements" }

    static func expectedValue(_ template: ValueTemplate, _ context: TemplateContext) -> String {
        guard let value = try? template.render(in: context) else {
            if case .template(let t) = template { return t.source }
            return "?"
        }
        return Self.value(value)
    }

    static func templateFailure(_ template: ValueTemplate, _ error: Error) -> String {
        let source: String
        if case .template(let t) = template { source = t.source } else { source = "the expected value" }
        return "a value from \(source) (template error: \(error))"
    }

    static func holds(_ op: Comparison.Op, _ a: String, _ b: String) -> Bool {
        switch op {
        case .eq: return ScalarText.equal(a, b)
        case .ne: return !ScalarText.equal(a, b)
        case .lt: return ScalarText.less(a, b)
        case .le: return !ScalarText.less(b, a)
        case .gt: return ScalarText.less(b, a)
        case .ge: return !ScalarText.less(a, b)
        }
    }
}
