import Foundation
import XCTest
@testable import ScenarioSpec

/// DESIGN §1.4 at its edges: absent keys, `$regex` on strings only, null versus a tombstone, Unicode scalars,
/// and a `$regex` that backtracks without end (issue 21, items 6, 7, 8, 12).
final class MatcherVerdictTests: XCTestCase {
    private let context = TemplateContext(variables: ["nfc": .string("caf\u{E9}")])

    private func node(_ yaml: String) throws -> Node {
        try XCTUnwrap(YAMLReader().read(Array(yaml.utf8), file: "t.yaml").0)
    }

    private func failures(_ yaml: String, _ actual: JSONValue?) throws -> [String] {
        try Matcher.compile(node(yaml)).mismatches(actual, at: "value", context: context).map(\.description)
    }

    private func messageFailures(_ yaml: String, _ message: JSONValue) throws -> [MatchFailure] {
        try MessageMatcher.compile(node(yaml)).mismatches(message, context: context)
    }

    // MARK: item 8: every expected key must be present, whatever its matcher

    func testNegationsAndRegexFailOnAnAbsentKey() throws {
        let event = JSONValue.object([JSONMember("status", .string("ok"))])
        for matcher in ["{ $not: error }", "{ $not: { $regex: '^err' } }", "{ $not: { $type: string } }",
                        "{ $ne: error }", "{ $regex: '.*' }", "{ $not: { $in: [a, b] } }", "{ $type: null }"] {
            let found = try failures("{ gone: \(matcher) }", event)
            XCTAssertEqual(found.count, 1, "\(matcher): \(found)")
            XCTAssertTrue(found.first?.hasSuffix("got nothing (key absent)") ?? false, "\(matcher): \(found)")
        }
        XCTAssertEqual(try failures("{ gone: { $exists: false } }", event), [])
        XCTAssertEqual(try failures("{ gone: { $or: [{ $exists: false }, { $not: error }] } }", event), [])
    }

    func testRegexMatchesStringsOnly() throws {
        for value in [JSONValue.int(50), .double(5.5), .bool(true), .null, .object([]), .array([.string("5")])] {
            let found = try failures("{ $regex: '.*' }", value)
            XCTAssertEqual(found.count, 1, "\(value)")
            XCTAssertTrue(found.first?.contains("expected a string matching /.*/") ?? false, "\(found)")
        }
        XCTAssertEqual(try failures("{ $regex: '^5' }", .string("50")), [])
        // `$not` of a regex on a number fails too: a number is not text that fails to match.
        XCTAssertEqual(try failures("{ $not: { $regex: '^x' } }", .int(5)), [])
    }

    func testKeysAndHeaderValuesAreTextForRegex() throws {
        let message = JSONValue.object([JSONMember("key", .int(12345)), JSONMember("headers", .object([JSONMember("v", .string("2"))]))])
        XCTAssertEqual(try messageFailures("{ key: { $regex: '^123' }, headers: { v: { $regex: '^2$' } } }", message), [])
    }

    // MARK: item 6: null is a tombstone; the JSON text null is a value

    func testValueNullMatchesOnlyATombstone() throws {
        let tombstone = JSONValue.object([JSONMember("key", .string("k")), JSONMember("headers", .object([]))])
        let jsonNull = JSONValue.object([JSONMember("key", .string("k")), JSONMember("value", .null), JSONMember("headers", .object([]))])
        XCTAssertEqual(try messageFailures("{ value: null }", tombstone), [])
        XCTAssertEqual(try messageFailures("{ value: null }", jsonNull).map(\.description), ["value: expected no value (a tombstone), got null (null)"])
        XCTAssertEqual(try messageFailures("{ value: { $type: \"null\" } }", jsonNull), [])
        XCTAssertEqual(try messageFailures("{ value: { $type: \"null\" } }", tombstone).map(\.description),
                       ["value: expected a value of type null, got nothing (key absent)"])
        XCTAssertEqual(try messageFailures("{ key: null }", tombstone).map(\.description), ["key: expected no key, got \"k\" (string)"])
    }

    // MARK: item 7: strings compare by Unicode scalars

    func testNFCAndNFDAreDifferentStringsEverywhere() throws {
        let nfd = JSONValue.string("cafe\u{301}")
        XCTAssertEqual(try failures("caf\u{E9}", nfd).count, 1)
        XCTAssertEqual(try failures("\"{{ nfc }}\"", nfd).count, 1)
        XCTAssertEqual(try failures("{ $in: [\"caf\u{E9}\"] }", nfd).count, 1)
        XCTAssertEqual(try failures("{ $ne: \"caf\u{E9}\" }", nfd), [])
        XCTAssertEqual(try failures("{ $gte: \"caf\u{E9}\" }", nfd).count, 1, "e (U+65) sorts before é (U+E9)")
        XCTAssertEqual(try failures("{ $contains: \"\u{E9}\" }", nfd).count, 1)
        XCTAssertEqual(try failures("{ $len: 5 }", nfd), [], "$len counts scalars: c a f e U+0301")
        XCTAssertEqual(try failures("{ $len: 4 }", .string("caf\u{E9}")), [])
        XCTAssertEqual(try failures("{ \"caf\u{E9}\": 1 }", .object([JSONMember("cafe\u{301}", .int(1))])).count, 1, "object keys too")
        let header = JSONValue.object([JSONMember("key", nfd), JSONMember("headers", .object([JSONMember("h", nfd)]))])
        XCTAssertEqual(try messageFailures("{ key: \"caf\u{E9}\" }", header).count, 1)
        XCTAssertEqual(try messageFailures("{ headers: { h: \"caf\u{E9}\" } }", header).count, 1)
    }

    /// Found by the verdict oracle: the YAML reader called NFC and NFD keys duplicates and dropped one.
    func testNFCAndNFDKeysAreTwoKeysOfAMatcher() throws {
        let (root, diagnostics) = YAMLReader().read(Array("{ \"caf\u{E9}\": 1, \"cafe\u{301}\": 2 }".utf8), file: "t.yaml")
        XCTAssertEqual(diagnostics.map(\.message), [])
        let matcher = try Matcher.compile(XCTUnwrap(root))
        XCTAssertEqual(matcher.mismatches(.object([JSONMember("caf\u{E9}", .int(1))]), at: "value", context: context).map(\.description),
                       ["value[\"cafe\u{301}\"]: expected 2, got nothing (key absent)"])
    }

    func testAFailureBetweenNFCAndNFDShowsTheScalars() throws {
        XCTAssertEqual(try failures("\"caf\u{E9}\"", .string("cafe\u{301}")),
                       ["value: expected \"caf\u{E9}\", got \"cafe\u{301}\" (other Unicode scalars: c a f e U+0301)"])
    }

    func testTemplateComparisonsUseScalars() throws {
        let template = try Template.parse("{{ a == b }}", at: SourceLocation(file: "t.yaml", line: 1, column: 1))
        let result = try template.render(in: TemplateContext(variables: ["a": .string("caf\u{E9}"), "b": .string("cafe\u{301}")]))
        XCTAssertEqual(result, .bool(false))
    }

    // MARK: item 12: a regex that backtracks without end spends a budget, never the deadline

    func testACatastrophicRegexGivesUpWithinItsBudgetAndNeverPasses() throws {
        let text = String(repeating: "a", count: 20_000)
        let started = Date()
        let found = try Matcher.compile(node("{ $regex: \"(.*.*.*.*)*=\" }")).mismatches(.string(text), at: "value", context: context)
        XCTAssertLessThan(Date().timeIntervalSince(started), MatcherRegex.budget + 1.0)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.regexOverBudget, "(.*.*.*.*)*=")
        // `$not` must not turn "undecided" into a pass.
        let negated = try Matcher.compile(node("{ $not: { $regex: \"(.*.*.*.*)*=\" } }")).mismatches(.string(text), at: "value", context: context)
        XCTAssertEqual(negated.first?.regexOverBudget, "(.*.*.*.*)*=")
        let inOr = try Matcher.compile(node("{ $not: { $or: [{ $regex: \"(.*.*.*.*)*=\" }, x] } }")).mismatches(.string(text), at: "value", context: context)
        XCTAssertEqual(inOr.first?.regexOverBudget, "(.*.*.*.*)*=")
    }

    func testAnOrdinaryRegexIsUnaffectedByTheBudget() throws {
        let text = String(repeating: "ab", count: 100_000) + "=end"
        XCTAssertEqual(try failures("{ $regex: \"=end$\" }", .string(text)), [])
        XCTAssertEqual(try failures("{ $regex: \"^(ab)+=e\" }", .string(text)), [])
    }
}
