import ScenarioSpec
import XCTest
@testable import ScenarioEngine

final class ExpectationMatcherTests: XCTestCase {
    private let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    private func expectation(key: String?, seq: Int) -> MessageMatcher {
        MessageMatcher(key: key.map { .equals(.literal(.string($0))) },
                       value: .object([(key: "seq", matcher: .equals(.literal(.int(Int64(seq)))))], exact: false),
                       headers: nil, partition: nil, location: here)
    }

    private func message(key: String?, seq: Int) -> JSONValue {
        .object([JSONMember("key", key.map(JSONValue.string) ?? .null),
                 JSONMember("value", .object([JSONMember("seq", .int(Int64(seq)))]))])
    }

    private func matcher(_ expectations: [MessageMatcher], order: Order = .any, exact: Bool = false) -> ExpectationMatcher {
        ExpectationMatcher(expectations: expectations, order: order, exact: exact, context: TemplateContext())
    }

    func testKeyedExpectationsMatchInAnyOrder() throws {
        var m = matcher((0..<50).map { expectation(key: "k\($0)", seq: $0) })
        for i in (0..<50).reversed() { try m.consume(message(key: "k\(i)", seq: i)) }
        XCTAssertTrue(m.allMatched)
    }

    func testAMessageOfTheRightKeyButWrongValueMatchesNothing() throws {
        var m = matcher([expectation(key: "k1", seq: 1), expectation(key: "k2", seq: 2)])
        try m.consume(message(key: "k1", seq: 2))
        try m.consume(message(key: "k3", seq: 2))
        XCTAssertEqual(m.matchedCount, 0)
        try m.consume(message(key: "k2", seq: 2))
        XCTAssertEqual(m.matchedCount, 1)
    }

    func testAMessageGoesToTheFirstUnmetExpectationAcrossKeyedAndUnkeyed() throws {
        // #1 has no key, #2 has key k: a message with key k and seq 7 matches both; #1 comes first.
        var m = matcher([expectation(key: nil, seq: 7), expectation(key: "k", seq: 7)])
        try m.consume(message(key: "k", seq: 7))
        XCTAssertEqual(m.matchedCount, 1)
        XCTAssertFalse(m.allMatched)
        try m.consume(message(key: "k", seq: 7))
        XCTAssertTrue(m.allMatched)
    }

    func testStrictOrderFailsOnAnEarlyMessageOfAnotherKey() throws {
        var ok = matcher([expectation(key: "a", seq: 1), expectation(key: "b", seq: 2)], order: .strict)
        try ok.consume(message(key: "a", seq: 1))
        try ok.consume(message(key: "b", seq: 2))
        XCTAssertTrue(ok.allMatched)

        var broken = matcher([expectation(key: "a", seq: 1), expectation(key: "b", seq: 2)], order: .strict)
        XCTAssertThrowsError(try broken.consume(message(key: "b", seq: 2)))
    }

    func testPerKeyOrderOnlyComparesMessagesOfOneKey() throws {
        let expectations = [expectation(key: "a", seq: 1), expectation(key: "b", seq: 1), expectation(key: "a", seq: 2)]
        var ok = matcher(expectations, order: .perKey)
        try ok.consume(message(key: "b", seq: 1))
        try ok.consume(message(key: "a", seq: 1))
        try ok.consume(message(key: "a", seq: 2))
        XCTAssertTrue(ok.allMatched)

        var broken = matcher(expectations, order: .perKey)
        XCTAssertThrowsError(try broken.consume(message(key: "a", seq: 2)))
    }

    func testPerKeyOrderCountsAnEarlierExpectationWithoutKey() throws {
        var m = matcher([expectation(key: nil, seq: 1), expectation(key: "a", seq: 2)], order: .perKey)
        XCTAssertThrowsError(try m.consume(message(key: "a", seq: 2)))
    }

    func testExactRejectsAMessageMatchingNothing() throws {
        var m = matcher([expectation(key: "a", seq: 1)], exact: true)
        try m.consume(message(key: "a", seq: 1))
        XCTAssertThrowsError(try m.consume(message(key: "a", seq: 1)))
    }

    func testExplainMissingIsBounded() throws {
        var m = matcher((0..<30).map { expectation(key: "k\($0)", seq: $0) })
        try m.consume(message(key: "k0", seq: 0))
        let text = m.explainMissing(limit: 3)
        XCTAssertTrue(text.contains("expected message #2 "))
        XCTAssertFalse(text.contains("expected message #5 "))
        XCTAssertTrue(text.contains("and 26 more"))
    }
}

/// Issue 21 item 9: expected messages are assigned by a maximum matching, so the order of the list never
/// changes the verdict; item 7: keys compare by Unicode scalars.
final class ExpectationAssignmentTests: XCTestCase {
    private let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    private func node(_ yaml: String) throws -> Node {
        try XCTUnwrap(YAMLReader().read(Array(yaml.utf8), file: "t.yaml").0)
    }

    private func matcher(_ yaml: [String], order: Order = .any, exact: Bool = false) throws -> ExpectationMatcher {
        ExpectationMatcher(expectations: try yaml.map { try MessageMatcher.compile(node($0)) }, order: order, exact: exact,
                           context: TemplateContext())
    }

    private func message(_ value: [JSONMember], key: String = "k") -> JSONValue {
        .object([JSONMember("key", .string(key)), JSONMember("value", .object(value)), JSONMember("headers", .object([]))])
    }

    func testTheOrderOfExpectationsNeverChangesTheVerdict() throws {
        let both = message([JSONMember("reward", .int(100)), JSONMember("bonus", .bool(true))])
        let small = message([JSONMember("reward", .int(5))])
        for list in [["{ value: { reward: { $gte: 1 } } }", "{ value: { bonus: true } }"],
                     ["{ value: { bonus: true } }", "{ value: { reward: { $gte: 1 } } }"]] {
            var m = try matcher(list)
            try m.consume(both)
            try m.consume(small)
            XCTAssertTrue(m.allMatched, "\(list)")
        }
    }

    func testALongAugmentingPathMovesSeveralMessages() throws {
        // Messages match a chain: m1 {a,b}, m2 {b,c}, m3 {c,d}, m4 {a}: m4 must push the others along.
        var m = try matcher(["{ value: { a: 1 } }", "{ value: { b: 1 } }", "{ value: { c: 1 } }", "{ value: { d: 1 } }"])
        try m.consume(message([JSONMember("a", .int(1)), JSONMember("b", .int(1))]))
        try m.consume(message([JSONMember("b", .int(1)), JSONMember("c", .int(1))]))
        try m.consume(message([JSONMember("c", .int(1)), JSONMember("d", .int(1))]))
        XCTAssertEqual(m.matchedCount, 3)
        try m.consume(message([JSONMember("a", .int(1))]))
        XCTAssertTrue(m.allMatched)
    }

    func testAnAugmentingPathAsLongAsTheListMovesEveryMessage() throws {
        // Listed f_n first … f_0 last, message i (fields f_i and f_i+1) takes f_i+1; the last message has only f_n,
        // so every earlier message must move one place down for all n + 1 expectations to be met.
        let n = 300
        var m = try matcher((0...n).reversed().map { "{ value: { f\($0): 1 } }" })
        for i in 0..<n { try m.consume(message([JSONMember("f\(i)", .int(1)), JSONMember("f\(i + 1)", .int(1))])) }
        XCTAssertEqual(m.matchedCount, n)
        try m.consume(message([JSONMember("f\(n)", .int(1))]))
        XCTAssertTrue(m.allMatched)
    }

    func testExactAcceptsMessagesThatAMatchingCanPlace() throws {
        var m = try matcher(["{ value: { reward: { $gte: 1 } } }", "{ value: { bonus: true } }"], exact: true)
        try m.consume(message([JSONMember("reward", .int(100)), JSONMember("bonus", .bool(true))]))
        try m.consume(message([JSONMember("reward", .int(5))]))
        XCTAssertTrue(m.allMatched)
        XCTAssertThrowsError(try m.consume(message([JSONMember("reward", .int(7))])))
    }

    func testAKeyInNFDIsNotTheKeyInNFC() throws {
        var m = try matcher(["{ key: \"caf\u{E9}\" }"])
        try m.consume(message([], key: "cafe\u{301}"))
        XCTAssertEqual(m.matchedCount, 0)
        try m.consume(message([], key: "caf\u{E9}"))
        XCTAssertTrue(m.allMatched)
    }

    func testASchemaDecodedNumericKeyMeetsItsLiteralExpectation() throws {
        var m = try matcher(["{ key: 5 }"])
        try m.consume(.object([JSONMember("key", .int(5)), JSONMember("value", .int(1)), JSONMember("headers", .object([]))]))
        XCTAssertTrue(m.allMatched)
    }

    func testARegexOverItsBudgetIsAStepErrorNamingIt() throws {
        var m = try matcher(["{ value: { $regex: \"(.*.*.*.*)*=\" } }"])
        XCTAssertThrowsError(try m.consume(.object([JSONMember("value", .string(String(repeating: "a", count: 20_000)))]))) { error in
            guard case StepError.errored(let failure)? = error as? StepError,
                  case .regexOverBudget(let pattern, _)? = failure.reason else { return XCTFail("\(error)") }
            XCTAssertEqual(pattern, "(.*.*.*.*)*=")
        }
    }
}
