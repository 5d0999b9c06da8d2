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
