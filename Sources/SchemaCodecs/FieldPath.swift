import JSONValues

/// Where in a value the walk is: `reward.amount`, `items[2]`, `attributes.color`.
struct FieldPath: Sendable {
    private(set) var text = ""

    func field(_ name: String) -> FieldPath {
        var next = self
        next.text = text.isEmpty ? name : "\(text).\(name)"
        return next
    }

    func index(_ index: Int) -> FieldPath {
        var next = self
        next.text = "\(text)[\(index)]"
        return next
    }

    func error(_ problem: String) -> SchemaValueError { SchemaValueError(path: text, problem: problem) }
}

extension JSONValue {
    /// How an error names the value it got: `string "x"`, `int 5`, `number 2.5`, `boolean true`, `null`, `object`.
    var describedForError: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "boolean \(b)"
        case .int(let i): return "int \(i)"
        case .double(let d): return "number \(d)"
        case .string(let s): return "string \(JSONValue.string(s.count > 60 ? String(s.prefix(60)) + "…" : s).compactJSON)"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
