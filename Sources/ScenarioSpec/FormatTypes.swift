/// The declarative description of the scenario file format: the one source of truth that drives
/// validation (unknown keys, missing keys, defaults) and, later, the JSON Schema and reference docs.

/// What a key's value must be.
public indirect enum ValueType: Sendable, Equatable {
    /// Plain text, no templates.
    case string
    /// Text that may contain `{{ expr }}` templates.
    case template
    case integer(minimum: Int)
    case boolean
    case null
    /// `250ms`, `2s`, `1.5s`, `1m`.
    case duration
    /// A number (equality) or `"<op> <number>[unit]"`.
    case comparison
    /// `500/s`; with `unlimited` also the word `unlimited`.
    case rate(unlimited: Bool)
    /// One of a fixed set of words.
    case enumeration([String])
    /// `any` or an error name in capitals, e.g. `TOPIC_EXCEPTION`.
    case errorName
    /// Any YAML value (mapping/list → JSON); strings may be templates.
    case anyValue
    /// A matcher: a value, or a mapping of `$` operators.
    case matcher
    case list(ValueType)
    /// A mapping with free-form keys whose values have the given type.
    case map(ValueType)
    /// A mapping described by the `MappingSpec` of this name (see `FormatSpec.mapping(named:)`).
    case object(String)
    /// Any of the given types.
    case oneOf([ValueType])

    /// How the type is named in messages and docs: "a duration", "a list of topic declarations", ...
    public var summary: String {
        switch self {
        case .string: return "a string"
        case .template: return "a string (templates allowed)"
        case .integer(let minimum): return minimum <= 0 ? "an integer ≥ \(minimum)" : "a positive integer"
        case .boolean: return "true or false"
        case .null: return "null"
        case .duration: return "a duration like 250ms, 2s or 1m"
        case .comparison: return "a comparison like \">= 10\", \"< 5s\" or \">= 100/s\""
        case .rate(let unlimited): return unlimited ? "a rate like 500/s, or unlimited" : "a rate like 500/s"
        case .enumeration(let words): return "one of " + words.joined(separator: ", ")
        case .errorName: return "any, or an error name like TOPIC_EXCEPTION"
        case .anyValue: return "any value"
        case .matcher: return "a matcher"
        case .list(let element): return "a list of \(element.pluralSummary)"
        case .map(let value): return "a mapping of names to \(value.pluralSummary)"
        case .object(let name): return "a mapping (\(name))"
        case .oneOf(let types): return types.map(\.summary).joined(separator: " or ")
        }
    }

    var pluralSummary: String {
        switch self {
        case .string, .template: return "strings"
        case .object(let name): return "\(name) mappings"
        case .anyValue: return "values"
        case .matcher: return "matchers"
        default: return summary
        }
    }
}

/// One key of a mapping.
public struct KeySpec: Sendable {
    public var name: String
    public var type: ValueType
    public var required: Bool
    /// The default as YAML text (applied when the key is absent); nil: no default.
    public var defaultValue: String?
    /// One line for the reference docs and the schema.
    public var description: String
    /// An example value as YAML text.
    public var example: String

    /// A list that `validate` refuses empty (`steps: []`); the schema says so with `minItems`.
    public var nonEmpty = false

    public init(_ name: String, _ type: ValueType, required: Bool = false, default defaultValue: String? = nil,
                _ description: String, example: String) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.description = description
        self.example = example
    }
}

extension KeySpec {
    /// This key, marked as a list `validate` refuses empty.
    public func nonEmptyList() -> KeySpec {
        var key = self
        key.nonEmpty = true
        return key
    }
}

/// A kind of mapping in the format (suite, scenario, produce step, ...), with its keys.
public struct MappingSpec: Sendable {
    /// The name used in messages: "unknown key 'x' in <name>".
    public var name: String
    public var description: String
    public var keys: [KeySpec]
    /// Groups of keys of which exactly one must be present (e.g. the fault actions).
    public var exactlyOneOf: [[String]]
    /// True when the mapping may be written empty as `key:` (null), e.g. `- cluster:`.
    public var acceptsNull: Bool

    public init(_ name: String, _ description: String, keys: [KeySpec], exactlyOneOf: [[String]] = [],
                acceptsNull: Bool = false) {
        self.name = name
        self.description = description
        self.keys = keys
        self.exactlyOneOf = exactlyOneOf
        self.acceptsNull = acceptsNull
    }

    public func key(_ name: String) -> KeySpec? { keys.first { $0.name == name } }
    public var keyNames: [String] { keys.map(\.name) }
}
