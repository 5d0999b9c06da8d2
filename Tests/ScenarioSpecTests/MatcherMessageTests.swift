import XCTest
@testable import ScenarioSpec

final class MatcherMessageTests: XCTestCase {
    private typealias N = TestNodes
    private let context = TemplateContext(variables: ["user": .string("user_12345")])

    private func message(key: JSONValue = .string("user_12345"), partition: Int64 = 1,
                         headers: [JSONMember] = [JSONMember("source", .string("qa")), JSONMember("version", .string("2"))]) -> JSONValue {
        .object([
            JSONMember("topic", .string("notifications")),
            JSONMember("partition", .int(partition)),
            JSONMember("offset", .int(42)),
            JSONMember("key", key),
            JSONMember("value", .object([JSONMember("event_type", .string("reward_notification")), JSONMember("reward", .int(100))])),
            JSONMember("headers", .object(headers)),
            JSONMember("timestamp", .int(1_700_000_000_000)),
        ])
    }

    private func failures(_ node: Node, _ message: JSONValue) throws -> [String] {
        try MessageMatcher.compile(node).mismatches(message, context: context).map(\.description)
    }

    func testAllPartsMatch() throws {
        let node = N.map([
            "key": N.quoted("{{ user }}"),
            "value": N.map(["event_type": N.plain("reward_notification"), "reward": N.map(["$gte": N.plain("100")])]),
            "headers": N.map(["source": N.plain("qa"), "version": N.plain("2")]),
            "partition": N.plain("1"),
        ])
        XCTAssertEqual(try failures(node, message()), [])
        XCTAssertTrue(try MessageMatcher.compile(node).matches(message(), context: context))
    }

    func testEveryPartReportsAtItsPath() throws {
        let node = N.map([
            "key": N.plain("user_1"),
            "value": N.map(["reward": N.map(["$gte": N.plain("200")])]),
            "headers": N.map(["source": N.plain("prod"), "trace": N.map(["$exists": N.plain("true")])]),
            "partition": N.plain("0"),
        ])
        XCTAssertEqual(try failures(node, message()), [
            "key: expected \"user_1\", got \"user_12345\"",
            "value.reward: expected >= 200, got 100",
            "headers.source: expected \"prod\", got \"qa\"",
            "headers.trace: expected a value (key present), got nothing (key absent)",
            "partition: expected 0, got 1",
        ])
    }

    func testKeysAndHeadersMatchAsText() throws {
        let node = N.map(["key": N.plain("12345"), "headers": N.map(["version": N.plain("2")])])
        XCTAssertEqual(try failures(node, message(key: .string("12345"))), [])
        XCTAssertEqual(try failures(node, message(key: .int(12345))), [])
        XCTAssertEqual(try failures(node, message(key: .string("54321"))), ["key: expected \"12345\", got \"54321\""])
    }

    func testOperatorsOnKeysAndHeadersCompareNumbersAsText() throws {
        let keyIn = N.map(["key": N.map(["$in": N.seq([N.plain("1"), N.plain("2")])])])
        XCTAssertEqual(try failures(keyIn, message(key: .string("2"))), [])
        XCTAssertEqual(try failures(keyIn, message(key: .string("3"))).count, 1)
        let keyNe = N.map(["key": N.map(["$ne": N.plain("5")])])
        XCTAssertEqual(try failures(keyNe, message(key: .string("6"))), [])
        XCTAssertEqual(try failures(keyNe, message(key: .string("5"))).count, 1)
        let keyNotIn = N.map(["key": N.map(["$not": N.map(["$in": N.seq([N.plain("7")])])])])
        XCTAssertEqual(try failures(keyNotIn, message(key: .string("7"))).count, 1)
        XCTAssertEqual(try failures(keyNotIn, message(key: .string("8"))), [])
        let headerIn = N.map(["headers": N.map(["version": N.map(["$in": N.seq([N.plain("2"), N.plain("3")])])])])
        XCTAssertEqual(try failures(headerIn, message()), [])
        XCTAssertEqual(try failures(N.map(["headers": N.map(["version": N.map(["$in": N.seq([N.plain("9")])])])]), message()).count, 1)
    }

    func testNullKeyAndMissingHeaders() throws {
        var keyless = message()
        if case .object(let members) = keyless { keyless = .object(members.filter { $0.key != "key" }) }
        XCTAssertEqual(try failures(N.map(["key": N.plain("null")]), keyless), [])
        XCTAssertEqual(try failures(N.map(["key": N.plain("null")]), message()), ["key: expected no key, got \"user_12345\" (string)"])
        var noHeaders = message()
        if case .object(let members) = noHeaders { noHeaders = .object(members.filter { $0.key != "headers" }) }
        XCTAssertEqual(try failures(N.map(["headers": N.map(["source": N.plain("qa")])]), noHeaders),
                       ["headers.source: expected \"qa\", got nothing (key absent)"])
    }

    func testUnknownKeySuggestsTheClosest() {
        XCTAssertThrowsError(try MessageMatcher.compile(N.map(["vaule": N.plain("1")]))) { error in
            let diagnostic = error as? Diagnostic
            XCTAssertEqual(diagnostic?.message, "unknown key 'vaule' in a message matcher")
            XCTAssertEqual(diagnostic?.help, "did you mean 'value'?")
        }
        XCTAssertThrowsError(try MessageMatcher.compile(N.plain("x"))) { error in
            XCTAssertEqual((error as? Diagnostic)?.message, "a message matcher must be a mapping, got a string")
        }
    }

    /// The loader (what `run` uses) must compile keys and headers the same way: Kafka keys and header values
    /// are bytes, so `key: 12345` is the text "12345".
    func testLoadedScenariosMatchKeysAndHeadersAsText() throws {
        let (suite, diagnostics) = loadSpec("""
            name: numeric key
            steps:
              - expect:
                  topic: orders
                  within: 1s
                  messages: [{ key: 12345, headers: { version: 2 } }]
            """)
        XCTAssertEqual(errors(diagnostics), [])
        guard let expect = try XCTUnwrap(suite).scenarios.first?.steps.first?.kind as? ExpectStep else {
            return XCTFail("not an expect step")
        }
        let matcher = try XCTUnwrap(expect.messages.first)
        XCTAssertEqual(matcher.mismatches(message(key: .string("12345")), context: context).map(\.description), [])
        XCTAssertEqual(matcher.mismatches(message(key: .string("12346")), context: context).map(\.description),
                       ["key: expected \"12345\", got \"12346\""])
    }
}
