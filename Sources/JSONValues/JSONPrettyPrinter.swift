/// JSON text indented by two spaces, members in their given order: stable output for committed files.
package enum JSONPrettyPrinter {
    package static func render(_ value: JSONValue) -> String {
        var out = ""
        append(value, indent: "", to: &out)
        return out
    }

    private static func append(_ value: JSONValue, indent: String, to out: inout String) {
        let inner = indent + "  "
        switch value {
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                append(item, indent: inner, to: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            for (i, member) in members.enumerated() {
                out += inner
                TemplateJSONText.appendQuoted(member.key, to: &out)
                out += ": "
                append(member.value, indent: inner, to: &out)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        default:
            out += TemplateJSONText.render(value)
        }
    }
}
