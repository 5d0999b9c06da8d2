/// What a template can read: variables (vars, index, captures, `in`, `run`), and `env.NAME`.
public struct TemplateContext: Sendable {
    public var variables: [String: JSONValue]
    public var environment: [String: String]
    public init(variables: [String: JSONValue] = [:], environment: [String: String] = [:]) {
        self.variables = variables
        self.environment = environment
    }
}

/// A failure to evaluate a template at run time, e.g. "unknown variable 'usr' (did you mean 'user'?)".
public struct TemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A string that may contain `{{ expr }}` parts. Parsed once, rendered many times.
public struct Template: Sendable {
    private let parts: [TemplatePart]
    /// The text as written.
    public let source: String

    /// Parses `text` (the scalar found at `location`); syntax errors are diagnostics pointing into the string.
    public static func parse(_ text: String, at location: SourceLocation) throws -> Template {
        try parse(text, at: location, contentColumnOffset: 0)
    }

    /// Like `parse(_:at:)`, for text that starts `contentColumnOffset` columns after `location`
    /// (1 for a single- or double-quoted scalar whose location is its opening quote). Columns are
    /// exact on the text's first line; an error after a line break points at `location` itself.
    public static func parse(_ text: String, at location: SourceLocation, contentColumnOffset: Int) throws -> Template {
        guard text.contains("{{") else { return Template(parts: text.isEmpty ? [] : [.text(text)], source: text) }
        var parser = TemplateParser(text, at: location, contentColumnOffset: contentColumnOffset)
        return Template(parts: try parser.parseParts(), source: text)
    }

    private init(parts: [TemplatePart], source: String) {
        self.parts = parts
        self.source = source
    }

    /// True when the string contains no `{{`.
    public var isLiteral: Bool {
        !parts.contains { if case .expression = $0 { return true } else { return false } }
    }

    /// A template that is exactly one `{{ expr }}` keeps the result's type; otherwise the result is a string.
    public func render(in context: TemplateContext) throws -> JSONValue {
        if parts.count == 1, case .expression(let expression, let source) = parts[0] {
            return try expression.evaluate(context, source: source)
        }
        var out = ""
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .expression(let expression, let source):
                out += TemplateJSONText.text(try expression.evaluate(context, source: source))
            }
        }
        return .string(out)
    }

    /// `topics.NAME`, `topic('NAME')`, `services.NAME`, ...: (root, first member) pairs the template reads.
    /// `topics.NAME`, `services.NAME` (with the field read after it, `url`), `topic('NAME')`.
    var namedMembers: [(root: String, member: String, field: String?)] {
        var found: [(root: String, member: String, field: String?)] = []
        for case .expression(let expression, _) in parts { expression.collectNamedMembers(into: &found) }
        return found
    }

    /// Top-level variable names the template reads (for validate-time checks of undefined names).
    public var referencedVariables: Set<String> {
        var names = Set<String>()
        for case .expression(let expression, _) in parts { expression.collectVariables(into: &names) }
        return names
    }
}
