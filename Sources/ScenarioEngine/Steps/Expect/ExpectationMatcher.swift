import ScenarioResults
import ScenarioSpec

/// Assigns arriving messages to expected messages under an order rule. With `order: any` the
/// assignment is a maximum bipartite matching kept up to date as messages arrive (one augmenting
/// path per message, Kuhn's algorithm): the order in which expectations are listed never changes the
/// verdict. With `strict` and `per_key` the order itself assigns: each message goes to the first unmet
/// expectation it matches. Expectations with a literal string key are indexed by it, so a message
/// only meets the expectations of its own key (and those without a literal key); each list is
/// searched from its first unmet entry, so messages arriving in the expected order cost O(1) each.
struct ExpectationMatcher {
    let expectations: [MessageMatcher]
    let order: Order
    let exact: Bool
    let context: TemplateContext

    private var met: [Bool]
    /// By the key's UTF-8 bytes: keys compare by Unicode scalars.
    private var keyed: [[UInt8]: Candidates] = [:]
    /// `order: any`: the message each met expectation holds, and the messages held.
    private var holder: [Int?]
    private var held: [Held] = []
    private var unkeyed = Candidates()
    private var firstUnmet = 0
    private(set) var matchedCount = 0
    private(set) var seen = 0
    private(set) var firstMatch: JSONValue?
    /// The most recent messages, kept to explain a failure with the closest one.
    private var recent: [JSONValue] = []
    private static let recentLimit = 200

    private struct Held {
        let message: JSONValue
        let key: [UInt8]?
        /// Every expectation the message matches, computed when a rerouting first needs it.
        var edges: [Int]?
    }

    /// Expectation indices in ascending order, with the position of the first unmet one.
    private struct Candidates {
        var indices: [Int] = []
        var cursor = 0

        mutating func advance(_ met: [Bool]) {
            while cursor < indices.count, met[indices[cursor]] { cursor += 1 }
        }
    }

    init(expectations: [MessageMatcher], order: Order, exact: Bool, context: TemplateContext) {
        self.expectations = expectations
        self.order = order
        self.exact = exact
        self.context = context
        met = Array(repeating: false, count: expectations.count)
        holder = Array(repeating: nil, count: expectations.count)
        for (i, expectation) in expectations.enumerated() {
            if let key = Self.literalKey(expectation) { keyed[key, default: Candidates()].indices.append(i) } else { unkeyed.indices.append(i) }
        }
    }

    var allMatched: Bool { matchedCount == expectations.count }

    mutating func consume(_ message: JSONValue) throws {
        seen += 1
        if recent.count == Self.recentLimit { recent.removeFirst(Self.recentLimit / 2) }
        recent.append(message)
        if expectations.isEmpty, firstMatch == nil { firstMatch = message }   // what `capture:` reads without `messages:`
        let messageKey = Self.key(of: message)
        if order == .any { return try consumeAnyOrder(message, key: messageKey) }
        guard let index = try firstMatching(message, key: messageKey) else {
            if exact {
                throw StepError.assertion("unexpected message (exact: true): it matches no expected message",
                                          details: MessageView.pretty(message), reason: .unmatchedMessage)
            }
            return
        }
        if order != .any, let earlier = earlierUnmet(before: index, message: message, key: messageKey) {
            throw StepError.assertion("order broken: a message matching expected message #\(index + 1) arrived before #\(earlier + 1)",
                                      details: MessageView.pretty(message), type: "OrderViolation",
                                      reason: .orderBroken(expected: index + 1, arrivedBefore: earlier + 1))
        }
        met[index] = true
        matchedCount += 1
        if firstMatch == nil { firstMatch = message }
        if let key = Self.literalKey(expectations[index]) { keyed[key]?.advance(met) } else { unkeyed.advance(met) }
        while firstUnmet < met.count, met[firstUnmet] { firstUnmet += 1 }
    }

    private func matches(_ i: Int, _ message: JSONValue) throws -> Bool {
        try Self.decided(expectations[i].mismatches(message, context: context)).isEmpty
    }

    /// The differences of a match, unless a `$regex` spent its budget on it: then nothing was decided, an error.
    static func decided(_ failures: [MatchFailure]) throws -> [MatchFailure] {
        guard let pattern = failures.lazy.compactMap(\.regexOverBudget).first else { return failures }
        let budget = Duration(seconds: MatcherRegex.budget).description
        throw StepError.couldNotRun("$regex /\(pattern)/ gave up after \(budget) on one message: the expression backtracks too much to decide (simplify it, e.g. no nested quantifiers)",
                                    reason: .regexOverBudget(pattern: pattern, budget: budget))
    }

    /// `order: any`: the message takes a free expectation it matches, or one whose message can move
    /// to another free expectation (an augmenting path), so the matching stays maximum.
    private mutating func consumeAnyOrder(_ message: JSONValue, key: [UInt8]?) throws {
        // exact: every message needs an expectation of its own, so one more than can be assigned fails.
        if allMatched {
            if exact { throw Self.unmatched(message) }
            return
        }
        held.append(Held(message: message, key: key, edges: nil))
        let newcomer = held.count - 1
        if let free = try firstMatching(message, key: key) {
            assign(newcomer, to: free)
            return
        }
        if try augment(from: newcomer) {
            matchedCount += 1
            if firstMatch == nil { firstMatch = message }
            return
        }
        held.removeLast()
        if exact { throw Self.unmatched(message) }
    }

    private mutating func assign(_ message: Int, to expectation: Int) {
        holder[expectation] = message
        met[expectation] = true
        matchedCount += 1
        if firstMatch == nil { firstMatch = held[message].message }
        if let key = Self.literalKey(expectations[expectation]) { keyed[key]?.advance(met) } else { unkeyed.advance(met) }
    }

    /// Finds a free expectation for held message `root`, moving held messages along the way (a depth-first search
    /// kept on an explicit stack: a path may be as long as the list of expectations); nothing moves when it fails.
    private mutating func augment(from root: Int) throws -> Bool {
        var visited = Set<Int>()
        // Each frame: a held message, its edges, the next edge to try, and the expectation it was reached through.
        var stack: [(message: Int, edges: [Int], next: Int, via: Int?)] = [(root, try edges(of: root), 0, nil)]
        while let top = stack.indices.last {
            guard stack[top].next < stack[top].edges.count else {
                stack.removeLast()
                continue
            }
            let e = stack[top].edges[stack[top].next]
            stack[top].next += 1
            guard visited.insert(e).inserted else { continue }
            if let other = holder[e] {
                stack.append((other, try edges(of: other), 0, e))
                continue
            }
            // A free expectation: each message on the path takes the expectation after it.
            var target = e
            for frame in stack.reversed() {
                holder[target] = frame.message
                if let via = frame.via { target = via }
            }
            met[e] = true
            if let key = Self.literalKey(expectations[e]) { keyed[key]?.advance(met) } else { unkeyed.advance(met) }
            return true
        }
        return false
    }

    private mutating func edges(of m: Int) throws -> [Int] {
        if let edges = held[m].edges { return edges }
        var found: [Int] = []
        for i in candidates(for: held[m].key) where try matches(i, held[m].message) { found.append(i) }
        held[m].edges = found
        return found
    }

    /// The expectations a message with this key can meet, in list order.
    private func candidates(for key: [UInt8]?) -> [Int] {
        if key == Self.anyKey { return Array(expectations.indices) }
        let bucket = key.flatMap { keyed[$0]?.indices } ?? []
        return bucket.isEmpty ? unkeyed.indices : (bucket + unkeyed.indices).sorted()
    }

    private static func unmatched(_ message: JSONValue) -> StepError {
        StepError.assertion("unexpected message (exact: true): it matches no expected message left unmatched",
                            details: MessageView.pretty(message), reason: .unmatchedMessage)
    }

    private func firstMatching(_ message: JSONValue, key: [UInt8]?) throws -> Int? {
        if key == Self.anyKey {
            for i in expectations.indices where !met[i] { if try matches(i, message) { return i } }
            return nil
        }
        let inBucket = try key.flatMap { keyed[$0] }.flatMap { try first(in: $0, matching: message) }
        let inRest = try first(in: unkeyed, matching: message, below: inBucket ?? Int.max)
        return inRest ?? inBucket
    }

    private func first(in candidates: Candidates, matching message: JSONValue, below limit: Int = Int.max) throws -> Int? {
        var position = candidates.cursor
        while position < candidates.indices.count {
            let i = candidates.indices[position]
            if i >= limit { return nil }
            if !met[i], try matches(i, message) { return i }
            position += 1
        }
        return nil
    }

    /// For `strict`: any unmet expectation before `index`; for `per_key`: one whose key also matches.
    private func earlierUnmet(before index: Int, message: JSONValue, key: [UInt8]?) -> Int? {
        if order == .strict { return firstUnmet < index ? firstUnmet : nil }
        // per_key: the unmet expectations of the same literal key come first in the bucket.
        var earliest: Int?
        if let key, let bucket = keyed[key], bucket.cursor < bucket.indices.count, bucket.indices[bucket.cursor] < index {
            earliest = bucket.indices[bucket.cursor]
        }
        var position = unkeyed.cursor
        while position < unkeyed.indices.count, unkeyed.indices[position] < min(index, earliest ?? Int.max) {
            let i = unkeyed.indices[position]
            position += 1
            guard !met[i] else { continue }
            guard let keyMatcher = expectations[i].key else { return i }
            let keyOnly = MessageMatcher(key: keyMatcher, value: nil, headers: nil, partition: nil, location: expectations[i].location)
            if keyOnly.mismatches(message, context: context).isEmpty { return i }
        }
        return earliest
    }

    /// The key an expectation names literally (`key: user_1`), if any.
    private static func literalKey(_ expectation: MessageMatcher) -> [UInt8]? {
        if case .equals(.literal(.string(let key)))? = expectation.key { return ScalarText.key(key) }
        return nil
    }

    /// A message's key as text (a schema-decoded key is matched by its JSON text, see `MessageMatcher`).
    private static func key(of message: JSONValue) -> [UInt8]? {
        switch message["key"] {
        case .string(let key)?: return ScalarText.key(key)
        case nil, .null?: return nil
        case _?: return anyKey
        }
    }

    /// The key of a message whose key is not text (a schema-decoded number, say): any expectation may match it.
    private static let anyKey: [UInt8] = [0xFF]   // never a byte of UTF-8

    /// The differences of the closest recent message to the first unmet expectation, for one-line messages.
    func closestDifferences() -> [MatchFailure]? {
        guard let index = met.firstIndex(of: false) else { return nil }
        return recent.map { expectations[index].mismatches($0, context: context) }.min { $0.count < $1.count }
    }

    /// The first unmet expectations (at most `limit`), each with the closest recent message and its
    /// differences, and how many more are unmet.
    func unmet(limit: Int = 10) -> (messages: [UnmetMessage], more: Int) {
        let unmet = expectations.indices.filter { !met[$0] }
        let messages = unmet.prefix(limit).map { i -> UnmetMessage in
            let expectation = expectations[i]
            let scored = recent.map { ($0, expectation.mismatches($0, context: context)) }
            let closest = scored.min(by: { $0.1.count < $1.1.count })
            return UnmetMessage(index: i + 1, line: expectation.location.line, closest: closest.map { MessageView.pretty($0.0) },
                                differences: closest?.1.map(Difference.init) ?? [])
        }
        return (messages, max(0, unmet.count - limit))
    }

    func explainMissing(limit: Int = 10) -> String {
        let unmet = unmet(limit: limit)
        return Self.explain(unmet.messages, more: unmet.more)
    }

    /// `unmet` in English, for the failure's details.
    static func explain(_ unmet: [UnmetMessage], more: Int) -> String {
        var lines: [String] = []
        for message in unmet {
            lines.append("expected message #\(message.index) (line \(message.line)) was not found.")
            if let closest = message.closest {
                lines.append("  closest message seen:")
                lines.append(contentsOf: closest.split(separator: "\n").map { "    " + $0 })
                lines.append("  differences:")
                lines.append(contentsOf: message.differences.map { "    " + MatchFailure($0).description })
            } else {
                lines.append("  no message was seen on the topic.")
            }
        }
        if more > 0 { lines.append("… and \(more) more expected messages not found.") }
        return lines.joined(separator: "\n")
    }
}

extension Difference {
    init(_ failure: MatchFailure) { self.init(path: failure.path, expected: failure.expected, actual: failure.actual) }
}

extension MatchFailure {
    init(_ difference: Difference) { self.init(path: difference.path, expected: difference.expected, actual: difference.actual) }
}
