/// Builds matchers from the node tree, reporting every mistake at its position.
enum MatcherCompiler {
    static func compile(_ node: Node, exact: Bool) throws -> Matcher {
        switch node.kind {
        case .scalar:
            return .equals(try ValueTemplate.compile(node))
        case .sequence(let items):
            return .array(try items.map { try compile($0, exact: exact) })
        case .mapping(let pairs):
            var plain: [(key: String, matcher: Matcher)] = []
            var operators: [MatcherOperator] = []
            var firstPlain: Node?
            var firstOperator: Node?
            for pair in pairs {
                guard let key = pair.key.scalarText else {
                    throw Diagnostic(at: pair.key.location, "a matcher key must be a name, not \(pair.key.kindDescription)")
                }
                if key.hasPrefix("$") {
                    firstOperator = firstOperator ?? pair.key
                    operators.append(try compileOperator(key, keyNode: pair.key, value: pair.value, exact: exact))
                } else {
                    firstPlain = firstPlain ?? pair.key
                    plain.append((key, try compile(pair.value, exact: exact)))
                }
            }
            if let firstOperator, let firstPlain {
                let op = firstOperator.scalarText ?? "$"
                throw Diagnostic(at: firstOperator.location,
                                 "a matcher cannot mix operators and keys: '\(op)' beside '\(firstPlain.scalarText ?? "")'",
                                 help: "put the operator under the key it tests, e.g. \(firstPlain.scalarText ?? "reward"): { \(op): ... }",
                                 length: op.count)
            }
            return operators.isEmpty ? .object(plain, exact: exact) : .operators(operators)
        }
    }

    private static func compileOperator(_ name: String, keyNode: Node, value: Node, exact: Bool) throws -> MatcherOperator {
        switch name {
        case "$eq": return .eq(try ValueTemplate.compile(value))
        case "$ne": return .ne(try ValueTemplate.compile(value))
        case "$gt": return .compare(.gt, try comparable(name, value))
        case "$gte": return .compare(.ge, try comparable(name, value))
        case "$lt": return .compare(.lt, try comparable(name, value))
        case "$lte": return .compare(.le, try comparable(name, value))
        case "$regex":
            guard let pattern = value.scalarText, value.scalarValue != .null else {
                throw Diagnostic(at: value.location, "$regex needs a pattern string, got \(value.kindDescription)",
                                 help: "for example $regex: '^user_[0-9]+$'")
            }
            do {
                return .regex(try MatcherRegex(pattern))
            } catch {
                throw Diagnostic(at: value.location, "invalid regular expression '\(pattern)'",
                                 help: "check brackets, parentheses and escapes (ICU syntax)")
            }
        case "$type":
            let names = MatcherType.allCases.map(\.rawValue)
            guard let text = value.scalarText, let type = MatcherType(rawValue: text) else {
                let written = value.scalarText ?? value.kindDescription
                throw Diagnostic(at: value.location, "unknown type '\(written)' for $type",
                                 help: Suggestion.help(for: written, in: names)
                                    ?? "one of: " + names.joined(separator: ", "),
                                 length: value.scalarText?.count ?? 1)
            }
            return .type(type)
        case "$exists":
            guard case .bool(let flag)? = value.scalarValue else {
                throw Diagnostic(at: value.location, "$exists needs true or false, got \(value.kindDescription)")
            }
            return .exists(flag)
        case "$len":
            return .length(try lengthMatcher(value, exact: exact))
        case "$contains":
            return .contains(try compile(value, exact: exact))
        case "$in":
            guard case .sequence(let items) = value.kind else {
                throw Diagnostic(at: value.location, "$in needs a list of values, got \(value.kindDescription)",
                                 help: "for example $in: [SLOT_SPIN, BONUS]")
            }
            return .oneOf(try items.map(ValueTemplate.compile))
        case "$not":
            return .not(try compile(value, exact: exact))
        case "$any":
            guard case .bool(true)? = value.scalarValue else {
                throw Diagnostic(at: value.location, "$any takes true, got \(value.scalarText ?? value.kindDescription)",
                                 help: "to require that a key is absent write $exists: false")
            }
            return .any
        case "$exact":
            return .exact(try compile(value, exact: true))
        case "$or":
            guard case .sequence(let items) = value.kind, !items.isEmpty else {
                throw Diagnostic(at: value.location, "$or needs a list of matchers, got \(value.kindDescription)",
                                 help: "for example $or: [paid, { $regex: '^refund' }]")
            }
            return .anyOf(try items.map { try compile($0, exact: exact) })
        default:
            throw Diagnostic(at: keyNode.location, "unknown operator '\(name)'",
                             help: Suggestion.help(for: name, in: MatcherOperator.names)
                                ?? "operators: " + MatcherOperator.names.joined(separator: " "),
                             length: name.count)
        }
    }

    private static func comparable(_ name: String, _ value: Node) throws -> ValueTemplate {
        let template = try ValueTemplate.compile(value)
        switch template {
        case .template, .literal(.int), .literal(.double), .literal(.string): return template
        default:
            throw Diagnostic(at: value.location, "\(name) needs a number or a string, got \(value.kindDescription)",
                             help: "for example \(name): 100")
        }
    }

    private static func lengthMatcher(_ value: Node, exact: Bool) throws -> Matcher {
        switch value.kind {
        case .scalar:
            guard case .int(let n)? = value.scalarValue, n >= 0 else {
                throw Diagnostic(at: value.location, "$len needs a non-negative integer or a comparison, got \(value.scalarText ?? "")",
                                 help: "for example $len: 3 or $len: { $gte: 2 }")
            }
            return .equals(.literal(.int(n)))
        case .mapping(let pairs) where !pairs.isEmpty && pairs.allSatisfy({ $0.key.scalarText?.hasPrefix("$") == true }):
            return try compile(value, exact: exact)
        default:
            throw Diagnostic(at: value.location, "$len needs a non-negative integer or a comparison, got \(value.kindDescription)",
                             help: "for example $len: 3 or $len: { $gte: 2 }")
        }
    }
}
