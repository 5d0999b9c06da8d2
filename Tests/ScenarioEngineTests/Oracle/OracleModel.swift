/// The verdict oracle's model: what DESIGN §1.4 and §2 say an assertion means, written from the design and not
/// from the engine (it shares no code with ScenarioSpec's matchers or the expect runner). Values are a small JSON;
/// text is compared as Unicode scalars; an absent key, a tombstone and a message without a key are `nil`.
enum OValue: Equatable, CustomStringConvertible {
    case null, bool(Bool), int(Int), string(String), array([OValue]), object([(String, OValue)])

    static func == (a: OValue, b: OValue) -> Bool { OModel.equal(a, b) }

    /// JSON text, written here rather than by the engine's printer.
    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .string(let s): return OModel.quote(s)
        case .array(let items): return "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { OModel.quote($0.0) + ":" + $0.1.description }.joined(separator: ",") + "}"
        }
    }
}

/// A message as the model sees it: no key, no value (a tombstone) or a value; `valueText` is the bytes sent.
struct OMessage: CustomStringConvertible {
    var key: String?
    var value: OValue?
    /// What goes on the wire: JSON text, or plain text that is not JSON (then `value` is that text as a string).
    var valueText: String?
    var description: String { "{key: \(key.map(OModel.quote) ?? "none"), value: \(valueText.map { "bytes " + OModel.quote($0) } ?? "tombstone")}" }
}

indirect enum OMatcher {
    case literal(OValue)          // a scalar literal: equality of JSON value
    case ne(OValue), not(OMatcher), regex(ORegex), type(String), exists(Bool), len(Int), oneOf([OValue])
    case gt(Int), lt(Int), or([OMatcher]), object([(String, OMatcher)])
    /// `$contains` of a scalar: a string contains its text, a list an element equal to it.
    case contains(OValue)
    /// `$gte` with a string: the text is at or after it, scalar by scalar.
    case atOrAfter(String)
}

/// The regexes the generators write: a literal text, anchored or not; the model searches for it by scalars.
struct ORegex {
    var text: String
    var anchoredStart: Bool
    var pattern: String { (anchoredStart ? "^" : "") + text }
}

/// `{key, value}` of a message matcher: nil when the part is not given.
struct OMessageMatcher {
    enum KeyPart { case text(String), none, regex(ORegex) }
    enum ValuePart { case tombstone, matcher(OMatcher) }
    var key: KeyPart?
    var value: ValuePart?
}

enum OModel {
    static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }
    static func sameText(_ a: String, _ b: String) -> Bool { scalars(a) == scalars(b) }

    static func equal(_ a: OValue, _ b: OValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.string(x), .string(y)): return sameText(x, y)
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (.object(x), .object(y)):
            return x.count == y.count && x.allSatisfy { m in y.contains { sameText($0.0, m.0) && equal($0.1, m.1) } }
        default: return false
        }
    }

    static func member(_ object: [(String, OValue)], _ name: String) -> OValue? {
        object.first { sameText($0.0, name) }?.1
    }

    /// §1.4: every expected key must be present whatever its matcher, except `$exists: false` (and a `$or`
    /// with an alternative that holds on absence).
    static func holds(_ matcher: OMatcher, _ actual: OValue?) -> Bool {
        switch matcher {
        case .exists(let wanted): return wanted == (actual != nil)
        case .or(let alternatives): return alternatives.contains { holds($0, actual) }
        default: break
        }
        guard let actual else { return false }
        switch matcher {
        case .literal(let v): return equal(v, actual)
        case .ne(let v): return !equal(v, actual)
        case .not(let inner): return !holds(inner, actual)
        case .regex(let regex):
            guard case .string(let text) = actual else { return false }   // strings only
            return search(regex, text)
        case .type(let name):
            switch (name, actual) {
            case ("string", .string), ("boolean", .bool), ("null", .null), ("object", .object), ("array", .array),
                 ("number", .int), ("integer", .int): return true
            default: return false
            }
        case .len(let n):
            switch actual {
            case .string(let s): return scalars(s).count == n
            case .array(let items): return items.count == n
            case .object(let members): return members.count == n
            default: return false
            }
        case .oneOf(let options): return options.contains { equal($0, actual) }
        case .gt(let bound): if case .int(let i) = actual { return i > bound } else { return false }
        case .lt(let bound): if case .int(let i) = actual { return i < bound } else { return false }
        case .object(let fields):
            guard case .object(let members) = actual else { return false }
            return fields.allSatisfy { holds($0.1, member(members, $0.0)) }
        case .contains(let part):
            switch (actual, part) {
            case (.array(let items), _): return items.contains { equal($0, part) }
            case (.string(let text), .string(let s)): return search(ORegex(text: s, anchoredStart: false), text)
            case (.string(let text), .int(let i)): return search(ORegex(text: String(i), anchoredStart: false), text)
            case (.string(let text), .bool(let b)): return search(ORegex(text: b ? "true" : "false", anchoredStart: false), text)
            default: return false
            }
        case .atOrAfter(let bound):
            guard case .string(let text) = actual else { return false }
            return !scalars(text).lexicographicallyPrecedes(scalars(bound), by: { $0.value < $1.value })
        case .exists, .or: fatalError("handled above")
        }
    }

    static func search(_ regex: ORegex, _ text: String) -> Bool {
        let haystack = scalars(text), needle = scalars(regex.text)
        if needle.isEmpty { return true }
        guard haystack.count >= needle.count else { return false }
        if regex.anchoredStart { return Array(haystack.prefix(needle.count)) == needle }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    /// §1.4: keys are text; `key: null` is a message without a key, `value: null` a tombstone.
    static func holds(_ matcher: OMessageMatcher, _ message: OMessage) -> Bool {
        switch matcher.key {
        case nil: break
        case .none?: if message.key != nil { return false }
        case .text(let text)?: guard let key = message.key, sameText(key, text) else { return false }
        case .regex(let regex)?: guard let key = message.key, search(regex, key) else { return false }
        }
        switch matcher.value {
        case nil: return true
        case .tombstone?: return message.value == nil
        case .matcher(let m)?: return holds(m, message.value)
        }
    }

    /// §1.4: expected messages are assigned to distinct messages by a maximum matching. Brute force over the
    /// (small) cases: does an assignment exist that meets every expectation, and, with `exact`, places every message?
    static func assignable(_ expectations: [OMessageMatcher], _ messages: [OMessage], exact: Bool) -> Bool {
        let edges = expectations.map { e in messages.indices.filter { holds(e, messages[$0]) } }
        if exact && messages.count != expectations.count { return false }
        var used = Set<Int>()
        func place(_ i: Int) -> Bool {
            if i == expectations.count { return true }
            for m in edges[i] where !used.contains(m) {
                used.insert(m)
                if place(i + 1) { return true }
                used.remove(m)
            }
            return false
        }
        return place(0)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// How a matcher is written in a scenario file (YAML flow style, JSON-compatible).
enum OYAML {
    static func matcher(_ m: OMatcher) -> String {
        switch m {
        case .literal(let v): return v.description
        case .ne(let v): return "{\"$ne\": \(v)}"
        case .not(let inner): return "{\"$not\": \(matcher(inner))}"
        case .regex(let r): return "{\"$regex\": \(OModel.quote(r.pattern))}"
        case .type(let t): return "{\"$type\": \"\(t)\"}"
        case .exists(let b): return "{\"$exists\": \(b)}"
        case .len(let n): return "{\"$len\": \(n)}"
        case .oneOf(let vs): return "{\"$in\": [" + vs.map(\.description).joined(separator: ", ") + "]}"
        case .gt(let n): return "{\"$gt\": \(n)}"
        case .lt(let n): return "{\"$lt\": \(n)}"
        case .or(let ms): return "{\"$or\": [" + ms.map(matcher).joined(separator: ", ") + "]}"
        case .object(let fields): return "{" + fields.map { OModel.quote($0.0) + ": " + matcher($0.1) }.joined(separator: ", ") + "}"
        case .contains(let v): return "{\"$contains\": \(v)}"
        case .atOrAfter(let s): return "{\"$gte\": \(OModel.quote(s))}"
        }
    }

    static func messageMatcher(_ m: OMessageMatcher) -> String {
        var parts: [String] = []
        switch m.key {
        case nil: break
        case .none?: parts.append("key: null")
        case .text(let t)?: parts.append("key: " + OModel.quote(t))
        case .regex(let r)?: parts.append("key: {\"$regex\": \(OModel.quote(r.pattern))}")
        }
        switch m.value {
        case nil: break
        case .tombstone?: parts.append("value: null")
        case .matcher(let inner)?: parts.append("value: " + matcher(inner))
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
