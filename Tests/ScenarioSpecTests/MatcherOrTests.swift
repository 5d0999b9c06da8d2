import XCTest
@testable import ScenarioSpec

/// `$or: [m1, m2]`: in any matcher, and at the level of a message matcher (`when:`, `matching:`, `messages:`).
final class MatcherOrTests: XCTestCase {
    private let context = TemplateContext(variables: ["wanted": .string("paid")])

    private func node(_ yaml: String) throws -> Node {
        try XCTUnwrap(YAMLReader().read(Array(yaml.utf8), file: "t.yaml").0)
    }

    private func failures(_ yaml: String, _ actual: JSONValue?) throws -> [String] {
        try Matcher.compile(node(yaml)).mismatches(actual, at: "value.status", context: context).map(\.description)
    }

    private func message(key: String, status: String) -> JSONValue {
        .object([JSONMember("key", .string(key)), JSONMember("value", .object([JSONMember("status", .string(status))])),
                 JSONMember("headers", .object([])), JSONMember("partition", .int(0))])
    }

    func testPassesWhenAnyAlternativeMatches() throws {
        let or = "{ $or: [\"{{ wanted }}\", { $regex: '^refund' }] }"
        XCTAssertEqual(try failures(or, .string("paid")), [])
        XCTAssertEqual(try failures(or, .string("refunded")), [])
    }

    func testFailsWhenNoneMatchesNamingEveryAlternative() throws {
        let or = "{ $or: [\"{{ wanted }}\", { $regex: '^refund' }] }"
        XCTAssertEqual(try failures(or, .string("pending")),
                       [#"value.status: expected any of: "paid", matching /^refund/, got "pending""#])
        XCTAssertEqual(try failures(or, nil), [#"value.status: expected any of: "paid", matching /^refund/, got nothing (key absent)"#])
    }

    func testCombinesWithOtherOperatorsAndNests() throws {
        let yaml = "{ $or: [{ $lt: 0 }, { $gte: 7 }], $ne: 9 }"
        XCTAssertEqual(try failures(yaml, .int(8)), [])
        XCTAssertEqual(try failures(yaml, .int(9)), ["value.status: expected != 9, got 9"])
        XCTAssertEqual(try failures(yaml, .int(3)), ["value.status: expected any of: < 0, >= 7, got 3"])
        XCTAssertEqual(try failures("{ $not: { $or: [a, b] } }", .string("a")),
                       [#"value.status: expected not (any of: "a", "b"), got "a""#])
    }

    func testNeedsANonEmptyList() throws {
        for bad in ["{ $or: paid }", "{ $or: [] }"] {
            XCTAssertThrowsError(try Matcher.compile(node(bad)), bad) { error in
                XCTAssertTrue((error as? Diagnostic)?.message.hasPrefix("$or needs a list of matchers") == true, "\(error)")
            }
        }
    }

    func testMessageLevelOrInAProcessorsWhen() throws {
        let (suite, diagnostics) = loadSpec("""
            name: s
            topics: [{ name: a }, { name: b }]
            processors:
              - name: p
                from: a
                to: b
                when:
                  $or:
                    - value: { status: paid }
                    - key: { $regex: '^refund-' }
                emit: { value: x }
            steps:
              - produce: { topic: a, value: x }
            """)
        XCTAssertEqual(errors(diagnostics), [])
        let when = try XCTUnwrap(suite?.processors.first?.when ?? suite?.scenarios.first?.processors.first?.when)
        XCTAssertTrue(when.matches(message(key: "p-1", status: "paid"), context: context))
        XCTAssertTrue(when.matches(message(key: "refund-3", status: "reversed"), context: context))
        XCTAssertFalse(when.matches(message(key: "p-2", status: "pending"), context: context))
        XCTAssertEqual(when.mismatches(message(key: "p-2", status: "pending"), context: context).map(\.description),
                       [#"message: expected any of: {value {"status":"paid"}}, {key matching /^refund-/}, got key "p-2", value {"status":"pending"}"#])
    }

    func testMessageLevelOrFromTheCompilerAndItsErrors() throws {
        let matcher = try MessageMatcher.compile(node("{ $or: [{ key: a }, { key: b }], value: { status: paid } }"))
        XCTAssertTrue(matcher.matches(message(key: "b", status: "paid"), context: context))
        XCTAssertFalse(matcher.matches(message(key: "b", status: "new"), context: context), "the other parts must hold too")
        XCTAssertFalse(matcher.matches(message(key: "c", status: "paid"), context: context))
        XCTAssertThrowsError(try MessageMatcher.compile(node("{ $or: { key: a } }")))
        let (_, diagnostics) = loadSpec("""
            name: s
            topics: [{ name: a }]
            steps:
              - expect_none: { topic: a, for: 1s, matching: { $or: [] } }
              - expect_none: { topic: a, for: 1s, matching: { $or: [{ kee: a }] } }
            """)
        XCTAssertEqual(errors(diagnostics), ["$or needs at least one message matcher", "unknown key 'kee' in message"])
    }
}

extension MatcherOrTests {
    func testAlternativesOfKeyAndHeadersAreReadAsText() throws {
        let numeric: JSONValue = .object([JSONMember("key", .string("12345")),
                                          JSONMember("headers", .object([JSONMember("version", .string("2"))]))])
        XCTAssertTrue(try MessageMatcher.compile(node("{ key: { $or: [12345, abc] } }")).matches(numeric, context: context))
        XCTAssertTrue(try MessageMatcher.compile(node("{ headers: { $or: [{ version: 2 }, { source: qa }] } }"))
            .matches(numeric, context: context))
        XCTAssertFalse(try MessageMatcher.compile(node("{ headers: { $or: [{ version: 3 }, { source: qa }] } }"))
            .matches(numeric, context: context))
    }
}
