/// The parsed form of one `{{ expr }}`.
indirect enum TemplateExpression: Sendable {
    case literal(JSONValue)
    /// `root.member[index]...`; `text` is the path as written, for error messages.
    case path(root: String, steps: [TemplatePathStep], text: String)
    case negate(TemplateExpression)
    case binary(TemplateBinaryOperator, TemplateExpression, TemplateExpression)
    case call(TemplateFunction, [TemplateExpression])

    /// Top-level variable names read by the expression (`env` excluded: it reads the environment).
    func collectVariables(into names: inout Set<String>) {
        switch self {
        case .literal: break
        case .path(let root, let steps, _):
            if root != "env" { names.insert(root) }
            for case .index(let expression, _) in steps { expression.collectVariables(into: &names) }
        case .negate(let operand): operand.collectVariables(into: &names)
        case .binary(_, let lhs, let rhs):
            lhs.collectVariables(into: &names)
            rhs.collectVariables(into: &names)
        case .call(_, let arguments):
            for argument in arguments { argument.collectVariables(into: &names) }
        }
    }

    /// `root.name` and `root['name']` paths, and `topic('name')` as ("topics", name): what validate checks
    /// against the declared topics and services.
    func collectNamedMembers(into found: inout [(root: String, member: String, field: String?)]) {
        switch self {
        case .literal: break
        case .path(let root, let steps, _):
            var field: String?
            if steps.count > 1, case .member(let name) = steps[1] { field = name }
            switch steps.first {
            case .member(let name)?: found.append((root, name, field))
            case .index(.literal(.string(let name)), _)?: found.append((root, name, field))
            default: break
            }
            for case .index(let expression, _) in steps { expression.collectNamedMembers(into: &found) }
        case .negate(let operand): operand.collectNamedMembers(into: &found)
        case .binary(_, let lhs, let rhs):
            lhs.collectNamedMembers(into: &found)
            rhs.collectNamedMembers(into: &found)
        case .call(let function, let arguments):
            if function == .topic, case .literal(.string(let name))? = arguments.first { found.append(("topics", name, nil)) }
            for argument in arguments { argument.collectNamedMembers(into: &found) }
        }
    }
}

enum TemplatePathStep: Sendable {
    case member(String)
    /// `[expr]`; `text` is the bracket as written, e.g. `[0]`.
    case index(TemplateExpression, text: String)

    var text: String {
        switch self {
        case .member(let name): return "." + name
        case .index(_, let text): return text
        }
    }
}

enum TemplateBinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}
