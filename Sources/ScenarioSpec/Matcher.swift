// STUB: interface fixed; implementation to be written (matchers, DESIGN.md 1.4).

/// One difference between what was expected and what was seen.
public struct MatchFailure: Equatable, Sendable, CustomStringConvertible {
    /// Dotted path, e.g. `value.data.bet_amount` or `value.items[2]`.
    public var path: String
    public var expected: String
    public var actual: String
    public init(path: String, expected: String, actual: String) {
        self.path = path
        self.expected = expected
        self.actual = actual
    }
    /// `value.data.bet_amount: expected >= 100, got 50`
    public var description: String { "\(path): expected \(expected), got \(actual)" }
}

public indirect enum Matcher: Sendable {
    case todo

    /// Compiles a matcher from the node tree; unknown operators, bad regexes, bad `$type` names are diagnostics.
    public static func compile(_ node: Node) throws -> Matcher { fatalError("TODO") }

    /// All differences (empty when `actual` matches). `actual` nil means the key is absent.
    public func mismatches(_ actual: JSONValue?, at path: String, context: TemplateContext) -> [MatchFailure] {
        fatalError("TODO")
    }
}

extension MessageMatcher {
    /// Matches a message given as `{ key, value, headers, partition }` (see `MessageView`).
    public func mismatches(_ message: JSONValue, context: TemplateContext) -> [MatchFailure] {
        fatalError("TODO")
    }
}
