extension TemplateExpression {
    /// Evaluates the expression; `source` is the `{{ ... }}` it came from, quoted in error messages.
    func evaluate(_ context: TemplateContext, source: String) throws -> JSONValue {
        switch self {
        case .literal(let value):
            return value
        case .path(let root, let steps, _):
            return try resolvePath(root: root, steps: steps, context: context, source: source)
        case .negate(let operand):
            return try TemplateArithmetic.negate(try operand.evaluate(context, source: source), source: source)
        case .binary(let op, let lhs, let rhs):
            return try TemplateArithmetic.apply(op, try lhs.evaluate(context, source: source),
                                                try rhs.evaluate(context, source: source), source: source)
        case .call(let function, let arguments):
            return try function.call(try arguments.map { try $0.evaluate(context, source: source) }, context: context, source: source)
        }
    }

    private func resolvePath(root: String, steps: [TemplatePathStep], context: TemplateContext,
                             source: String) throws -> JSONValue {
        var current: JSONValue
        var first = 0
        if root == "env", case .member(let name)? = steps.first {
            guard let value = context.environment[name] else {
                throw TemplateError("environment variable '\(name)' is not set (used in \(source))")
            }
            current = .string(value)
            first = 1
        } else if let value = context.variables[root] {
            current = value
        } else {
            throw TemplateError(Self.unknownVariableMessage(root, context: context, source: source))
        }
        for i in first..<steps.count {
            switch steps[i] {
            case .member(let name):
                current = try Self.member(name, of: current, walked: Self.text(root, steps[..<i]), source: source)
            case .index(let expression, let text):
                let walked = Self.text(root, steps[..<i])
                switch try expression.evaluate(context, source: source) {
                case .string(let name):
                    current = try Self.member(name, of: current, walked: walked, source: source)
                case .int(let index):
                    current = try Self.element(Int(truncatingIfNeeded: index), of: current, walked: walked,
                                               text: text, source: source)
                case let other:
                    throw TemplateError("index in '\(walked)\(text)' must be an integer or a string, got "
                                        + "\(TemplateJSONText.display(other)) (\(TemplateJSONText.typeName(other)))")
                }
            }
        }
        return current
    }

    private static func text(_ root: String, _ steps: ArraySlice<TemplatePathStep>) -> String {
        steps.reduce(root) { $0 + $1.text }
    }

    private static func unknownVariableMessage(_ name: String, context: TemplateContext, source: String) -> String {
        let known = context.variables.keys.sorted()
        if let suggestion = Suggestion.closest(to: name, in: known + ["env"]) {
            return "unknown variable '\(name)' in \(source) (did you mean '\(suggestion)'?)"
        }
        return "unknown variable '\(name)' in \(source) (defined: \(list(known, limit: 12)))"
    }

    private static func member(_ name: String, of value: JSONValue, walked: String, source: String) throws -> JSONValue {
        guard case .object(let members) = value else {
            throw TemplateError("'\(walked).\(name)' does not exist (\(walked) is \(describe(value)), not an object)")
        }
        if let found = members.first(where: { ScalarText.equal($0.key, name) }) { return found.value }
        let keys = members.map(\.key)
        var message = "'\(walked).\(name)' does not exist (\(walked) has: \(list(keys)))"
        if let suggestion = Suggestion.closest(to: name, in: keys) {
            message += "; did you mean '\(walked).\(suggestion)'?"
        }
        throw TemplateError(message)
    }

    private static func element(_ index: Int, of value: JSONValue, walked: String, text: String,
                                source: String) throws -> JSONValue {
        guard case .array(let items) = value else {
            throw TemplateError("'\(walked)\(text)' does not exist (\(walked) is \(describe(value)), not an array)")
        }
        guard items.indices.contains(index) else {
            throw TemplateError("'\(walked)\(text)' does not exist (\(walked) has \(items.count) element\(items.count == 1 ? "" : "s"))")
        }
        return items[index]
    }

    /// `a, b, c, ...` limited to `limit` names.
    private static func list(_ names: [String], limit: Int = 8) -> String {
        if names.isEmpty { return "nothing" }
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? shown + ", ..." : shown
    }

    private static func describe(_ value: JSONValue) -> String {
        let type = TemplateJSONText.typeName(value)
        switch type {
        case "null": return "null"
        case "array", "object": return "an " + type
        default: return "a " + type
        }
    }
}
