/// One difference between what was expected and what was seen.
public struct MatchFailure: Equatable, Sendable, CustomStringConvertible {
    /// Dotted path, e.g. `value.data.bet_amount` or `value.items[2]`.
    public var path: String
    public var expected: String
    public var actual: String
    /// Set when a `$regex` search spent its time budget: the step cannot decide, which is an error.
    public var regexOverBudget: String?
    public init(path: String, expected: String, actual: String, regexOverBudget: String? = nil) {
        self.path = path
        self.expected = expected
        self.actual = actual
        self.regexOverBudget = regexOverBudget
    }
    /// `value.data.bet_amount: expected >= 100, got 50`
    public var description: String { "\(path): expected \(expected), got \(actual)" }
}

/// An expectation on a JSON value (docs/scenario-reference.md, Matchers). Compile once with `compile(_:)`, match many times.
public indirect enum Matcher: Sendable {
    /// Equality of JSON value (`50` matches `50.0`, not `"50"`); templates are rendered at match time.
    case equals(ValueTemplate)
    /// Every listed key present and matching; `exact` also forbids other keys.
    case object([(key: String, matcher: Matcher)], exact: Bool)
    /// Same length, element by element.
    case array([Matcher])
    /// A mapping of `$` operators, all of which must hold.
    case operators([MatcherOperator])

    /// Compiles a matcher from the node tree; unknown operators, bad regexes, bad `$type` names are diagnostics.
    public static func compile(_ node: Node) throws -> Matcher {
        try MatcherCompiler.compile(node, exact: false)
    }

    /// All differences (empty when `actual` matches). `actual` nil means the key is absent.
    public func mismatches(_ actual: JSONValue?, at path: String, context: TemplateContext) -> [MatchFailure] {
        var failures: [MatchFailure] = []
        collectMismatches(actual, at: path, context: context, into: &failures)
        return failures
    }

    /// True when `actual` matches.
    public func matches(_ actual: JSONValue?, context: TemplateContext) -> Bool {
        mismatches(actual, at: "", context: context).isEmpty
    }
}

extension MessageMatcher {
    /// Matches a message given as `{ key, value, headers, partition }` (see `MessageView`).
    /// Keys and header values are compared as text: a non-string key is matched by its JSON text.
    public func mismatches(_ message: JSONValue, context: TemplateContext) -> [MatchFailure] {
        var failures: [MatchFailure] = []
        if let key {
            var actual = message["key"]
            if let value = actual, value != .null, value.stringValue == nil {
                actual = .string(TemplateJSONText.render(value))
            }
            key.collectMismatches(actual, at: "key", context: context, into: &failures)
        }
        value?.collectMismatches(message["value"], at: "value", context: context, into: &failures)
        headers?.collectMismatches(message["headers"] ?? .object([]), at: "headers", context: context, into: &failures)
        partition?.collectMismatches(message["partition"], at: "partition", context: context, into: &failures)
        if !anyOf.isEmpty, !anyOf.contains(where: { $0.matches(message, context: context) }) {
            failures.append(MatchFailure(path: "message", expected: MatcherText.anyOf(anyOf.map { $0.describe(context) }),
                                         actual: MatcherText.parts(of: message, named: anyOf.flatMap(\.partNames))))
        }
        return failures
    }

    /// The expected side in words: `{key "user_1", value {"status":"paid"}}`.
    func describe(_ context: TemplateContext) -> String {
        var parts: [String] = []
        for (name, matcher) in [("key", key), ("value", value), ("headers", headers), ("partition", partition)] {
            if let matcher { parts.append("\(name) \(matcher.describe(context))") }
        }
        if !anyOf.isEmpty { parts.append("(" + MatcherText.anyOf(anyOf.map { $0.describe(context) }) + ")") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The message parts this matcher looks at, in message order.
    var partNames: [String] {
        let own = [("key", key), ("value", value), ("headers", headers), ("partition", partition)]
            .filter { $0.1 != nil }.map(\.0)
        return own + anyOf.flatMap(\.partNames)
    }

    /// True when the message matches.
    public func matches(_ message: JSONValue, context: TemplateContext) -> Bool {
        mismatches(message, context: context).isEmpty
    }
}
