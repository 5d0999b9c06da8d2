import Foundation
import JSONValues

/// A JSON Schema document, validated against by a documented subset of keywords (docs/schemas.md).
/// A keyword outside the subset is an error when the schema is read, never ignored.
public struct JSONSchema: Sendable {
    /// The schema text as given (what is registered).
    public let text: String
    /// The parsed schema as compact JSON (what local ids are keyed by).
    public let normalizedJSON: String
    let root: JSONValue
    private let patterns: [String: NSRegularExpressionBox]

    static let validationKeywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
        "uniqueItems", "minProperties", "maxProperties", "multipleOf", "anyOf", "oneOf", "allOf", "not", "$ref",
    ]
    /// Keywords that do not constrain a value (JSON Schema calls them annotations); `format` is one by default.
    static let annotationKeywords: Set<String> = [
        "$schema", "$id", "$comment", "$anchor", "title", "description", "default", "examples", "definitions", "$defs",
        "format", "readOnly", "writeOnly", "deprecated", "contentMediaType", "contentEncoding",
    ]

    public init(text: String) throws(SchemaParseError) {
        let document: JSONValue
        do { document = try JSONText.parse(text) } catch { throw SchemaParseError("not JSON: \(error)") }
        try self.init(document: document, text: text)
    }

    public init(document: JSONValue, text: String? = nil) throws(SchemaParseError) {
        var patterns: [String: NSRegularExpressionBox] = [:]
        var problems: [String] = []
        Self.survey(document, pointer: "#", root: document, patterns: &patterns, problems: &problems)
        if !problems.isEmpty { throw SchemaParseError(problems.joined(separator: "; ")) }
        self.root = document
        self.patterns = patterns
        self.text = text ?? document.compactJSON
        self.normalizedJSON = document.compactJSON
    }

    /// Every problem with the value, in document order (empty: it fits).
    public func errors(in value: JSONValue) -> [SchemaValueError] {
        var found: [SchemaValueError] = []
        validate(value, against: root, at: FieldPath(), depth: 0, into: &found)
        return found
    }

    /// The first problem, or nil when the value fits.
    public func check(_ value: JSONValue) -> SchemaValueError? { errors(in: value).first }

    /// The value as compact JSON text, after checking it.
    public func encode(_ value: JSONValue) throws(SchemaValueError) -> [UInt8] {
        if let error = check(value) { throw error }
        return Array(value.compactJSON.utf8)
    }

    /// JSON text → value, checked against the schema.
    public func decode(_ bytes: [UInt8]) throws(SchemaDecodeError) -> JSONValue {
        let value: JSONValue
        do { value = try JSONText.parse(String(decoding: bytes, as: UTF8.self)) } catch {
            throw SchemaDecodeError("not JSON: \(error)")
        }
        if let error = check(value) { throw SchemaDecodeError("the value does not fit its JSON Schema: \(error)") }
        return value
    }

    // MARK: reading the schema

    private static func survey(_ schema: JSONValue, pointer: String, root: JSONValue,
                               patterns: inout [String: NSRegularExpressionBox], problems: inout [String]) {
        switch schema {
        case .bool: return
        case .object(let members):
            for member in members {
                let here = "\(pointer)/\(member.key)"
                if annotationKeywords.contains(member.key) {
                    if member.key == "definitions" || member.key == "$defs", case .object(let defs) = member.value {
                        for def in defs {
                            survey(def.value, pointer: "\(here)/\(def.key)", root: root, patterns: &patterns, problems: &problems)
                        }
                    }
                    continue
                }
                guard validationKeywords.contains(member.key) else {
                    problems.append("unsupported JSON Schema keyword \(member.key) at \(pointer)")
                    continue
                }
                switch member.key {
                case "properties":
                    guard case .object(let properties) = member.value else { problems.append("\(here) must be an object"); continue }
                    for property in properties {
                        survey(property.value, pointer: "\(here)/\(property.key)", root: root, patterns: &patterns, problems: &problems)
                    }
                case "additionalProperties", "items", "not":
                    if case .array = member.value, member.key == "items" {
                        problems.append("unsupported JSON Schema keyword items with an array (tuple form) at \(pointer)")
                        continue
                    }
                    survey(member.value, pointer: here, root: root, patterns: &patterns, problems: &problems)
                case "anyOf", "oneOf", "allOf":
                    guard case .array(let schemas) = member.value, !schemas.isEmpty else {
                        problems.append("\(here) must be a non-empty array"); continue
                    }
                    for (index, sub) in schemas.enumerated() {
                        survey(sub, pointer: "\(here)/\(index)", root: root, patterns: &patterns, problems: &problems)
                    }
                case "pattern":
                    guard case .string(let pattern) = member.value else { problems.append("\(here) must be a string"); continue }
                    guard let regex = try? NSRegularExpression(pattern: pattern) else {
                        problems.append("\(here): invalid regular expression \(pattern)"); continue
                    }
                    patterns[pattern] = NSRegularExpressionBox(regex)
                case "$ref":
                    guard case .string(let ref) = member.value else { problems.append("\(here) must be a string"); continue }
                    if resolve(ref, in: root) == nil {
                        problems.append("\(here): $ref \(ref) is not a local #/definitions/… or #/$defs/… schema of this document")
                    }
                case "type":
                    let names: [JSONValue]
                    if case .array(let list) = member.value { names = list } else { names = [member.value] }
                    for name in names where !Self.typeNames.contains(name.stringValue ?? "") {
                        problems.append("\(here): unknown type \(name.compactJSON)")
                    }
                default:
                    continue
                }
            }
        default:
            problems.append("\(pointer) is not a schema (an object or true/false)")
        }
    }

    static let typeNames: Set<String> = ["null", "boolean", "object", "array", "number", "integer", "string"]

    /// `#`, `#/definitions/name` or `#/$defs/name` (JSON Pointer, with ~0 and ~1).
    static func resolve(_ ref: String, in root: JSONValue) -> JSONValue? {
        guard ref.hasPrefix("#") else { return nil }
        var node = root
        for token in ref.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = node[key] else { return nil }
            node = next
        }
        return node
    }

    // MARK: validating a value

    private func validate(_ value: JSONValue, against schema: JSONValue, at path: FieldPath, depth: Int,
                          into found: inout [SchemaValueError]) {
        guard depth < 64 else { found.append(path.error("$ref nesting deeper than 64")); return }
        if case .bool(let accepts) = schema {
            if !accepts { found.append(path.error("no value is allowed here (schema false)")) }
            return
        }
        guard case .object(let keywords) = schema else { return }
        for keyword in keywords {
            let rule = keyword.value
            switch keyword.key {
            case "type":
                let names: [String]
                if case .array(let list) = rule { names = list.compactMap(\.stringValue) } else { names = [rule.stringValue ?? ""] }
                if !names.contains(where: { Self.has(value, type: $0) }) {
                    found.append(path.error("expected \(names.joined(separator: " or ")), got \(value.describedForError)"))
                }
            case "enum":
                guard case .array(let options) = rule else { continue }
                if !options.contains(where: { Self.equal($0, value) }) {
                    found.append(path.error("\(value.describedForError) is not one of \(options.map(\.compactJSON).joined(separator: ", "))"))
                }
            case "const":
                if !Self.equal(rule, value) { found.append(path.error("expected \(rule.compactJSON), got \(value.describedForError)")) }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
                guard let bound = rule.doubleValue, let number = value.doubleValue, !Self.isBool(value) else { continue }
                let fits: Bool
                let words: String
                switch keyword.key {
                case "minimum": fits = number >= bound; words = "at least"
                case "maximum": fits = number <= bound; words = "at most"
                case "exclusiveMinimum": fits = number > bound; words = "greater than"
                default: fits = number < bound; words = "less than"
                }
                if !fits { found.append(path.error("\(value.compactJSON) is not \(words) \(rule.compactJSON) (\(keyword.key))")) }
            case "minLength", "maxLength":
                guard case .string(let s) = value, case .int(let limit) = rule else { continue }
                let length = s.unicodeScalars.count
                if keyword.key == "minLength" ? length < limit : length > limit {
                    found.append(path.error("length \(length) is \(keyword.key == "minLength" ? "shorter" : "longer") than \(keyword.key) \(limit)"))
                }
            case "minItems", "maxItems":
                guard case .array(let items) = value, case .int(let limit) = rule else { continue }
                if keyword.key == "minItems" ? items.count < limit : items.count > limit {
                    found.append(path.error("\(items.count) items, \(keyword.key) is \(limit)"))
                }
            case "uniqueItems":
                guard case .array(let items) = value, case .bool(true) = rule else { continue }
                for (index, item) in items.enumerated() {
                    if let first = items[..<index].firstIndex(where: { Self.equal($0, item) }) {
                        found.append(path.error("items \(first) and \(index) are equal (uniqueItems)"))
                        break
                    }
                }
            case "minProperties", "maxProperties":
                guard case .object(let members) = value, case .int(let limit) = rule else { continue }
                if keyword.key == "minProperties" ? members.count < limit : members.count > limit {
                    found.append(path.error("\(members.count) fields, \(keyword.key) is \(limit)"))
                }
            case "multipleOf":
                guard let divisor = rule.doubleValue, divisor > 0, let number = value.doubleValue, !Self.isBool(value) else { continue }
                let fits: Bool
                if case .int(let i) = value, case .int(let d) = rule { fits = i % d == 0 } else {
                    let quotient = number / divisor
                    fits = abs(quotient - quotient.rounded()) < 1e-9 * max(1, abs(quotient))
                }
                if !fits { found.append(path.error("\(value.compactJSON) is not a multiple of \(rule.compactJSON)")) }
            case "pattern":
                guard case .string(let s) = value, let pattern = rule.stringValue, let regex = patterns[pattern] else { continue }
                if !regex.matches(s) { found.append(path.error("\(value.describedForError) does not match pattern \(pattern)")) }
            case "required":
                guard case .object(let members) = value, case .array(let names) = rule else { continue }
                for name in names.compactMap(\.stringValue) where !members.contains(where: { $0.key == name }) {
                    found.append(SchemaValueError(path: path.text, problem: "missing field \(path.field(name).text)"))
                }
            case "properties":
                guard case .object(let members) = value, case .object(let properties) = rule else { continue }
                for member in members {
                    if let sub = properties.first(where: { $0.key == member.key })?.value {
                        validate(member.value, against: sub, at: path.field(member.key), depth: depth, into: &found)
                    }
                }
            case "additionalProperties":
                guard case .object(let members) = value else { continue }
                let declared = schema["properties"].flatMap { p -> [String]? in
                    if case .object(let ms) = p { return ms.map(\.key) }
                    return nil
                } ?? []
                for member in members where !declared.contains(member.key) {
                    if case .bool(false) = rule {
                        let known = declared.isEmpty ? "none are allowed" : "declared: " + declared.joined(separator: ", ")
                        found.append(SchemaValueError(path: path.text, problem: "unknown field \(path.field(member.key).text) (\(known))"))
                    } else {
                        validate(member.value, against: rule, at: path.field(member.key), depth: depth, into: &found)
                    }
                }
            case "items":
                guard case .array(let items) = value else { continue }
                for (index, item) in items.enumerated() {
                    validate(item, against: rule, at: path.index(index), depth: depth, into: &found)
                }
            case "allOf":
                guard case .array(let schemas) = rule else { continue }
                for sub in schemas { validate(value, against: sub, at: path, depth: depth, into: &found) }
            case "anyOf", "oneOf":
                guard case .array(let schemas) = rule else { continue }
                var failures: [[SchemaValueError]] = []
                for sub in schemas {
                    var subErrors: [SchemaValueError] = []
                    validate(value, against: sub, at: path, depth: depth, into: &subErrors)
                    failures.append(subErrors)
                }
                let matching = failures.filter(\.isEmpty).count
                if matching == 0 {
                    let first = failures.compactMap(\.first).first.map { " (the first says: \($0))" } ?? ""
                    found.append(path.error("\(value.describedForError) fits none of the \(keyword.key) schemas\(first)"))
                } else if keyword.key == "oneOf", matching > 1 {
                    found.append(path.error("\(value.describedForError) fits \(matching) of the oneOf schemas; exactly one must fit"))
                }
            case "not":
                var subErrors: [SchemaValueError] = []
                validate(value, against: rule, at: path, depth: depth, into: &subErrors)
                if subErrors.isEmpty { found.append(path.error("\(value.describedForError) fits the schema under not")) }
            case "$ref":
                guard let ref = rule.stringValue, let target = Self.resolve(ref, in: root) else { continue }
                validate(value, against: target, at: path, depth: depth + 1, into: &found)
            default:
                continue
            }
        }
    }

    private static func isBool(_ value: JSONValue) -> Bool {
        if case .bool = value { return true }
        return false
    }

    static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("object", .object), ("array", .array), ("string", .string),
             ("number", .int), ("number", .double), ("integer", .int):
            return true
        case ("integer", .double(let d)):
            return d == d.rounded() && d.isFinite
        default:
            return false
        }
    }

    /// JSON equality: 1 equals 1.0, object members in any order.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            return x == y
        case (.int, .double), (.double, .int), (.double, .double):
            return a.doubleValue == b.doubleValue
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { m in y.contains { $0.key == m.key && equal($0.value, m.value) } }
        default:
            return a == b
        }
    }
}

/// NSRegularExpression is immutable and thread-safe but not marked Sendable in swift-corelibs-foundation.
final class NSRegularExpressionBox: @unchecked Sendable {
    // @unchecked: the wrapped expression is never mutated after init.
    private let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }

    /// JSON Schema's `pattern` is not anchored: a match anywhere counts.
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
