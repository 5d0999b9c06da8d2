/// Equality of JSON values as a user means it: numbers by value (`50 == 50.0`), objects regardless of key order,
/// strings by Unicode scalars (NFC is not NFD).
enum TemplateJSONEquality {
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.int, .double), (.double, .int), (.double, .double):
            return a.doubleValue == b.doubleValue
        case (.string(let x), .string(let y)): return ScalarText.equal(x, y)
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { member in y.contains { ScalarText.equal($0.key, member.key) && equal($0.value, member.value) } }
        default: return false
        }
    }
}
