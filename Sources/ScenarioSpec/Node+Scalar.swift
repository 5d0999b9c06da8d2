extension Node {
    /// The scalar's JSON value by YAML core-schema rules: unquoted `null`/`~`/empty → null,
    /// `true`/`false` → bool, integers → int, floats → double; anything else, and every quoted
    /// scalar, is a string. Nil for mappings and sequences.
    public var scalarValue: JSONValue? {
        guard case .scalar(let text, let quoted) = kind else { return nil }
        return quoted ? .string(text) : Self.plainScalarValue(text)
    }

    /// An unquoted scalar's value by the same rules (`--var limit=1000` is a number, `--var name=abc` a string).
    public static func plainScalarValue(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let i = Int64(text) { return .int(i) }
        if text.hasPrefix("0x"), let i = Int64(text.dropFirst(2), radix: 16) { return .int(i) }
        if text.contains(where: { $0.isNumber }), !text.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" }),
           let d = Double(text), d.isFinite { return .double(d) }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: return .string(text)
        }
    }

    /// The scalar text, quoted or not; nil for collections.
    public var scalarText: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// A short name of the node's kind for messages: "a string", "a mapping", "a list", "a number", ...
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            switch scalarValue {
            case .null?: return "null"
            case .bool?: return "a boolean"
            case .int?, .double?: return "a number"
            default: return "a string"
            }
        }
    }
}
