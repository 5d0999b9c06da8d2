/// Compact JSON text of values, for rendering templates into strings and for match failure messages.
package enum TemplateJSONText {
    /// Compact JSON (`{"a":1,"b":[true,null]}`); non-finite doubles become `null`.
    package static func render(_ value: JSONValue) -> String {
        var out = ""
        append(value, to: &out)
        return out
    }

    /// How a value reads inside a rendered string: strings raw, everything else as compact JSON.
    package static func text(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return render(value)
    }

    /// Compact JSON cut to `limit` characters with a trailing `…`.
    package static func display(_ value: JSONValue, limit: Int = 120) -> String {
        let full = render(value)
        guard full.count > limit else { return full }
        return String(full.prefix(limit)) + "…"
    }

    package static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        return "\(d)"
    }

    /// JSON type name as used by `$type`: string, number, boolean, null, object, array.
    package static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    private static func append(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += number(d)
        case .string(let s): appendQuoted(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                append(item, to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                appendQuoted(member.key, to: &out)
                out += ":"
                append(member.value, to: &out)
            }
            out += "}"
        }
    }

    package static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
