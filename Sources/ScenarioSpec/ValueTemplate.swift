/// A YAML value whose strings may be templates: rendered to JSON at run time.
public indirect enum ValueTemplate: Sendable {
    case literal(JSONValue)
    case template(Template)
    case array([ValueTemplate])
    case object([(key: String, value: ValueTemplate)])

    /// Converts a node tree (scalars resolved by YAML 1.1 core rules unless quoted) into a value template.
    /// Subtrees without templates are folded into one `.literal`, so rendering them costs nothing.
    public static func compile(_ node: Node) throws -> ValueTemplate {
        switch node.kind {
        case .scalar(let text, _):
            if text.contains("{{") {
                return .template(try Template.parse(text, at: node.location, contentColumnOffset: node.templateColumnOffset))
            }
            return .literal(node.scalarValue ?? .string(text))
        case .sequence(let items):
            let compiled = try items.map(compile)
            if let literals = literalValues(compiled) { return .literal(.array(literals)) }
            return .array(compiled)
        case .mapping(let pairs):
            var members: [(key: String, value: ValueTemplate)] = []
            members.reserveCapacity(pairs.count)
            for pair in pairs {
                guard let key = pair.key.scalarText else {
                    throw Diagnostic(at: pair.key.location, "a key must be a plain name, not \(pair.key.kindDescription)")
                }
                members.append((key, try compile(pair.value)))
            }
            if let literals = literalValues(members.map(\.value)) {
                return .literal(.object(zip(members, literals).map { JSONMember($0.0.key, $0.1) }))
            }
            return .object(members)
        }
    }

    private static func literalValues(_ items: [ValueTemplate]) -> [JSONValue]? {
        var values: [JSONValue] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard case .literal(let value) = item else { return nil }
            values.append(value)
        }
        return values
    }

    public func render(in context: TemplateContext) throws -> JSONValue {
        switch self {
        case .literal(let value): return value
        case .template(let template): return try template.render(in: context)
        case .array(let items): return .array(try items.map { try $0.render(in: context) })
        case .object(let members):
            return .object(try members.map { JSONMember($0.key, try $0.value.render(in: context)) })
        }
    }

    public var referencedVariables: Set<String> {
        switch self {
        case .literal: return []
        case .template(let template): return template.referencedVariables
        case .array(let items): return items.reduce(into: Set()) { $0.formUnion($1.referencedVariables) }
        case .object(let members): return members.reduce(into: Set()) { $0.formUnion($1.value.referencedVariables) }
        }
    }

    /// True when rendering always yields the same value (no templates anywhere).
    public var isLiteral: Bool {
        if case .literal = self { return true }
        return false
    }
}
