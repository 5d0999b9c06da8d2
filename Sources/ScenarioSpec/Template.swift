// STUB: interface fixed; implementation to be written (templates, DESIGN.md 1.5).

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

/// A string that may contain `{{ expr }}` parts.
public struct Template: Sendable {
    /// Parses `text` (the scalar found at `location`); syntax errors are diagnostics pointing into the string.
    public static func parse(_ text: String, at location: SourceLocation) throws -> Template {
        fatalError("TODO")
    }

    /// True when the string contains no `{{`.
    public var isLiteral: Bool { fatalError("TODO") }

    /// A template that is exactly one `{{ expr }}` keeps the result's type; otherwise the result is a string.
    public func render(in context: TemplateContext) throws -> JSONValue { fatalError("TODO") }

    /// Top-level variable names the template reads (for validate-time checks of undefined names).
    public var referencedVariables: Set<String> { fatalError("TODO") }
}
