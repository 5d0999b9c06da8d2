import ScenarioResults
import ScenarioSpec

/// Assigns arriving messages to expected messages under an order rule. Messages arriving in the
/// expected order cost O(1) each: the search starts at the first unmet expectation.
struct ExpectationMatcher {
    let expectations: [MessageMatcher]
    let order: Order
    let exact: Bool
    let context: TemplateContext

    private var met: [Bool]
    private var firstUnmet = 0
    private(set) var matchedCount = 0
    private(set) var seen = 0
    private(set) var firstMatch: JSONValue?
    /// The most recent messages, kept to explain a failure with the closest one.
    private var recent: [JSONValue] = []
    private static let recentLimit = 200

    init(expectations: [MessageMatcher], order: Order, exact: Bool, context: TemplateContext) {
        self.expectations = expectations
        self.order = order
        self.exact = exact
        self.context = context
        met = Array(repeating: false, count: expectations.count)
    }

    var allMatched: Bool { matchedCount == expectations.count }

    mutating func consume(_ message: JSONValue) throws {
        seen += 1
        if recent.count == Self.recentLimit { recent.removeFirst(Self.recentLimit / 2) }
        recent.append(message)
        guard let index = firstMatching(message) else {
            if exact {
                throw StepError.assertion("unexpected message (exact: true): it matches no expected message",
                                          details: MessageView.pretty(message))
            }
            return
        }
        if order != .any, let earlier = earlierUnmet(before: index, sameKeyAs: message) {
            throw StepError.assertion("order broken: a message matching expected message #\(index + 1) arrived before #\(earlier + 1)",
                                      details: MessageView.pretty(message), type: "OrderViolation")
        }
        met[index] = true
        matchedCount += 1
        if firstMatch == nil { firstMatch = message }
        while firstUnmet < met.count, met[firstUnmet] { firstUnmet += 1 }
    }

    private func matches(_ i: Int, _ message: JSONValue) -> Bool {
        expectations[i].mismatches(message, context: context).isEmpty
    }

    private func firstMatching(_ message: JSONValue) -> Int? {
        var i = firstUnmet
        while i < expectations.count {
            if !met[i], matches(i, message) { return i }
            i += 1
        }
        return nil
    }

    /// For `strict`: any unmet expectation before `index`; for `per_key`: one whose key also matches.
    private func earlierUnmet(before index: Int, sameKeyAs message: JSONValue) -> Int? {
        for i in firstUnmet..<index where !met[i] {
            if order == .strict { return i }
            guard let keyMatcher = expectations[i].key else { return i }
            let keyOnly = MessageMatcher(key: keyMatcher, value: nil, headers: nil, partition: nil, location: expectations[i].location)
            if keyOnly.mismatches(message, context: context).isEmpty { return i }
        }
        return nil
    }

    /// Each unmet expectation with the closest recent message and its differences.
    func explainMissing() -> String {
        var lines: [String] = []
        for (i, expectation) in expectations.enumerated() where !met[i] {
            lines.append("expected message #\(i + 1) (line \(expectation.location.line)) was not found.")
            let scored = recent.map { ($0, expectation.mismatches($0, context: context)) }
            if let closest = scored.min(by: { $0.1.count < $1.1.count }) {
                lines.append("  closest message seen:")
                lines.append(contentsOf: MessageView.pretty(closest.0).split(separator: "\n").map { "    " + $0 })
                lines.append("  differences:")
                lines.append(contentsOf: closest.1.map { "    " + $0.description })
            } else {
                lines.append("  no message was seen on the topic.")
            }
        }
        return lines.joined(separator: "\n")
    }
}
