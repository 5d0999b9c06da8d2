// STUB: interface fixed; implementation to be written.

/// A YAML value whose strings may be templates: rendered to JSON at run time.
public indirect enum ValueTemplate: Sendable {
    case literal(JSONValue)
    case template(Template)
    case array([ValueTemplate])
    case object([(key: String, value: ValueTemplate)])

    /// Converts a node tree (scalars resolved by YAML 1.1 core rules unless quoted) into a value template.
    public static func compile(_ node: Node) throws -> ValueTemplate { fatalError("TODO") }

    public func render(in context: TemplateContext) throws -> JSONValue { fatalError("TODO") }

    public var referencedVariables: Set<String> { fatalError("TODO") }
}
