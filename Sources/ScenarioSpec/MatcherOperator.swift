import Foundation

/// One `$` operator of a matcher mapping.
public enum MatcherOperator: Sendable {
    case eq(ValueTemplate)
    case ne(ValueTemplate)
    /// `$gt $gte $lt $lte`: numbers by value, strings lexicographically.
    case compare(Comparison.Op, ValueTemplate)
    case regex(MatcherRegex)
    case type(MatcherType)
    /// `$exists: true` the key is present (any value, null included); `false` it is absent.
    case exists(Bool)
    /// Length of a string (Unicode scalars), array (elements) or object (keys), matched as a number.
    case length(Matcher)
    /// An array element matching, or for strings a substring.
    case contains(Matcher)
    case oneOf([ValueTemplate])
    case not(Matcher)
    /// `$any: true`: any value, as long as the key is present.
    case any
    /// `$exact`: the inner matcher, with every plain mapping inside forbidding extra keys.
    case exact(Matcher)
    /// `$or`: any one of the matchers.
    case anyOf([Matcher])
    /// `value: null` / `key: null` of a message matcher: the message has no value (a tombstone) or no key.
    /// A payload that is the JSON text `null` has one (`$type: "null"` matches it).
    case nothing(part: String)

    /// The operator names as written in YAML.
    public static let names = ["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$regex", "$type", "$exists",
                               "$len", "$contains", "$in", "$not", "$any", "$exact", "$or"]
}

/// `$type` names: JSON Schema's, so `integer` also accepts `3.0`.
public enum MatcherType: String, Sendable, CaseIterable {
    case string, number, integer, boolean, null, object, array

    func accepts(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.boolean, .bool), (.null, .null), (.object, .object), (.array, .array),
             (.number, .int), (.number, .double), (.integer, .int):
            return true
        case (.integer, .double(let d)):
            return d.isFinite && d == d.rounded()
        default:
            return false
        }
    }
}

/// A regular expression compiled when the scenario is loaded; searched (unanchored) at match time.
/// A search has a time budget, so that no expression (`(.*.*)*=` on a long value backtracks without end)
/// can hold a step past its deadline: ICU's matcher reports progress while it backtracks
/// (`.reportProgress`) and the search stops when the budget is spent — a failure, never a match.
public struct MatcherRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from several threads.
    private let expression: NSRegularExpression
    public let pattern: String
    /// Seconds one search may take.
    public static let budget = 0.5

    public enum Outcome: Equatable { case found, notFound, overBudget(String) }

    public init(_ pattern: String) throws {
        self.pattern = pattern
        self.expression = try NSRegularExpression(pattern: pattern)
    }

    public func search(_ text: String, budget: Double = MatcherRegex.budget) -> Outcome {
        let started = DispatchTime.now().uptimeNanoseconds
        let limit = UInt64(budget * 1e9)
        var found = false
        var gaveUp = false
        expression.enumerateMatches(in: text, options: [.reportProgress],
                                    range: NSRange(text.startIndex..<text.endIndex, in: text)) { result, _, stop in
            if result != nil {
                found = true
                stop.pointee = true
            } else if DispatchTime.now().uptimeNanoseconds - started > limit {
                gaveUp = true
                stop.pointee = true
            }
        }
        if found { return .found }
        return gaveUp ? .overBudget(Duration(seconds: budget).description) : .notFound
    }

    public func matches(_ text: String) -> Bool { search(text) == .found }
}
