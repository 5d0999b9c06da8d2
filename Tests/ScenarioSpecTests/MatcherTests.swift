import XCTest
@testable import ScenarioSpec

final class MatcherTests: XCTestCase {
    private typealias N = TestNodes
    private let context = TemplateContext(variables: ["user": .string("user_12345"), "min": .int(100)])

    private let event: JSONValue = .object([
        JSONMember("event_type", .string("user_action")),
        JSONMember("user_id", .string("user_12345")),
        JSONMember("data", .object([JSONMember("action", .string("SLOT_SPIN")), JSONMember("bet_amount", .int(50))])),
        JSONMember("items", .array([.int(1), .int(2), .int(3)])),
        JSONMember("note", .null),
    ])

    /// The failure lines for `node` matched against `actual` at path `value`.
    private func failures(_ node: Node, _ actual: JSONValue?, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            return try Matcher.compile(node).mismatches(actual, at: "value", context: context).map(\.description)
        } catch {
            XCTFail("compile failed: \(error)", file: file, line: line)
            return ["<compile error>"]
        }
    }

    private func compileError(_ node: Node, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        do {
            _ = try Matcher.compile(node)
            XCTFail("expected a diagnostic", file: file, line: line)
            return nil
        } catch {
            return error as? Diagnostic
        }
    }

    private func op(_ name: String, _ argument: Node) -> Node { N.map([name: argument]) }

    // MARK: - Shapes

    func testMappingAllowsExtraKeysAndReportsEveryDifference() {
        XCTAssertEqual(failures(N.map(["event_type": N.plain("user_action"),
                                       "data": N.map(["action": N.plain("SLOT_SPIN")])]), event), [])
        XCTAssertEqual(failures(N.map(["event_type": N.plain("reward"),
                                       "data": N.map(["bet_amount": N.plain("60"), "currency": N.plain("EUR")])]), event), [
            "value.event_type: expected \"reward\", got \"user_action\"",
            "value.data.bet_amount: expected 60, got 50",
            "value.data.currency: expected \"EUR\", got nothing (key absent)",
        ])
        XCTAssertEqual(failures(N.map(["a": N.plain("1")]), .string("text")),
                       ["value: expected an object, got \"text\" (string)"])
    }

    func testExactForbidsExtraKeys() {
        let exact = op("$exact", N.map(["a": N.plain("1"), "b": N.map(["c": N.plain("2")])]))
        let ok: JSONValue = .object([JSONMember("b", .object([JSONMember("c", .int(2))])), JSONMember("a", .int(1))])
        XCTAssertEqual(failures(exact, ok), [])
        let extra: JSONValue = .object([JSONMember("a", .int(1)), JSONMember("b", .object([JSONMember("c", .int(2)), JSONMember("d", .int(3))])),
                                        JSONMember("z", .bool(true))])
        XCTAssertEqual(failures(exact, extra), [
            "value.b.d: expected no such key ($exact), got 3",
            "value.z: expected no such key ($exact), got true",
        ])
    }

    func testSequenceMatchesElementByElementWithTheSameLength() {
        let items = N.map(["items": N.seq([N.plain("1"), N.plain("2"), N.plain("3")])])
        XCTAssertEqual(failures(items, event), [])
        XCTAssertEqual(failures(N.map(["items": N.seq([N.plain("1"), N.plain("5")])]), event), [
            "value.items: expected 2 elements, got 3 elements: [1,2,3]",
            "value.items[1]: expected 5, got 2",
        ])
        XCTAssertEqual(failures(N.seq([N.plain("1")]), .int(1)), ["value: expected an array of 1, got 1 (number)"])
    }

    func testScalarsMatchByJSONValue() {
        XCTAssertEqual(failures(N.plain("50"), .int(50)), [])
        XCTAssertEqual(failures(N.plain("50"), .double(50.0)), [])
        XCTAssertEqual(failures(N.plain("50"), .string("50")), ["value: expected 50 (number), got \"50\" (string)"])
        XCTAssertEqual(failures(N.quoted("50"), .int(50)), ["value: expected \"50\" (string), got 50 (number)"])
        XCTAssertEqual(failures(N.plain("null"), .null), [])
        XCTAssertEqual(failures(N.plain("null"), nil), ["value: expected null, got nothing (key absent)"])
        XCTAssertEqual(failures(N.plain("true"), .bool(false)), ["value: expected true, got false"])
    }

    func testTextValuesMatchAsStrings() {
        XCTAssertEqual(failures(N.plain("hello world"), .string("hello world")), [])
        XCTAssertEqual(failures(op("$regex", N.plain("^hello")), .string("hello world")), [])
        XCTAssertEqual(failures(N.plain("hello"), .string("bye")), ["value: expected \"hello\", got \"bye\""])
    }

    func testTemplatesInExpectedValuesRenderAtMatchTime() {
        XCTAssertEqual(failures(N.map(["user_id": N.quoted("{{ user }}")]), event), [])
        XCTAssertEqual(failures(N.map(["user_id": N.quoted("{{ user }}x")]), event),
                       ["value.user_id: expected \"user_12345x\", got \"user_12345\""])
        XCTAssertEqual(failures(N.map(["data": N.map(["bet_amount": op("$gte", N.quoted("{{ min }}"))])]), event),
                       ["value.data.bet_amount: expected >= 100, got 50"])
        XCTAssertEqual(failures(N.quoted("{{ usr }}"), .string("x")),
                       ["value: expected a value from {{ usr }} (template error: unknown variable 'usr' in {{ usr }} (did you mean 'user'?)), got \"x\""])
    }

    // MARK: - Operators

    func testEqAndNe() {
        XCTAssertEqual(failures(op("$eq", N.plain("50")), .double(50)), [])
        XCTAssertEqual(failures(op("$eq", N.plain("50")), .int(51)), ["value: expected 50, got 51"])
        XCTAssertEqual(failures(op("$eq", N.map(["a": N.plain("1")])), .object([JSONMember("a", .int(1))])), [])
        XCTAssertEqual(failures(op("$eq", N.map(["a": N.plain("1")])), .object([JSONMember("a", .int(1)), JSONMember("b", .int(2))])),
                       ["value: expected {\"a\":1}, got {\"a\":1,\"b\":2}"])
        XCTAssertEqual(failures(op("$ne", N.plain("error")), .string("ok")), [])
        XCTAssertEqual(failures(op("$ne", N.plain("error")), .string("error")), ["value: expected != \"error\", got \"error\""])
        XCTAssertEqual(failures(op("$ne", N.plain("error")), nil), ["value: expected != \"error\", got nothing (key absent)"])
    }

    func testOrderingOperators() {
        let bet = JSONValue.int(50)
        XCTAssertEqual(failures(op("$gt", N.plain("49")), bet), [])
        XCTAssertEqual(failures(op("$gt", N.plain("50")), bet), ["value: expected > 50, got 50"])
        XCTAssertEqual(failures(op("$gte", N.plain("50")), bet), [])
        XCTAssertEqual(failures(op("$gte", N.plain("100")), bet), ["value: expected >= 100, got 50"])
        XCTAssertEqual(failures(op("$lt", N.plain("50.5")), bet), [])
        XCTAssertEqual(failures(op("$lt", N.plain("50")), bet), ["value: expected < 50, got 50"])
        XCTAssertEqual(failures(op("$lte", N.plain("50")), bet), [])
        XCTAssertEqual(failures(op("$lte", N.plain("10")), bet), ["value: expected <= 10, got 50"])
        XCTAssertEqual(failures(op("$gte", N.plain("2024-01-01")), .string("2024-06-01")), [])
        XCTAssertEqual(failures(op("$gte", N.plain("100")), .string("500")),
                       ["value: expected >= 100 (number), got \"500\" (string)"])
        XCTAssertEqual(failures(op("$gte", N.plain("100")), nil), ["value: expected >= 100, got nothing (key absent)"])
    }

    func testSeveralOperatorsAreAnded() {
        let range = N.map(["$gte": N.plain("10"), "$lt": N.plain("20")])
        XCTAssertEqual(failures(range, .int(15)), [])
        XCTAssertEqual(failures(range, .int(25)), ["value: expected < 20, got 25"])
        XCTAssertEqual(failures(range, .int(5)), ["value: expected >= 10, got 5"])
    }

    func testRegexSearchesUnanchored() {
        XCTAssertEqual(failures(op("$regex", N.quoted("user_[0-9]+")), .string("id=user_12345;")), [])
        XCTAssertEqual(failures(op("$regex", N.quoted("^user_[0-9]+$")), .string("admin")),
                       ["value: expected matching /^user_[0-9]+$/, got \"admin\""])
        XCTAssertEqual(failures(op("$regex", N.quoted("^5")), .int(50)), ["value: expected a string matching /^5/, got 50 (number)"])
        XCTAssertEqual(failures(op("$regex", N.quoted("x")), .array([])), ["value: expected a string matching /x/, got [] (array)"])
    }

    func testType() {
        let cases: [(String, JSONValue, JSONValue)] = [
            ("string", .string("a"), .int(1)),
            ("number", .double(1.5), .string("1.5")),
            ("integer", .int(3), .double(3.5)),
            ("boolean", .bool(false), .null),
            ("null", .null, .bool(false)),
            ("object", .object([]), .array([])),
            ("array", .array([]), .object([])),
        ]
        for (name, good, bad) in cases {
            XCTAssertEqual(failures(op("$type", N.plain(name)), good), [], name)
            XCTAssertEqual(failures(op("$type", N.plain(name)), bad),
                           ["value: expected a value of type \(name), got \(TemplateJSONText.display(bad)) (\(TemplateJSONText.typeName(bad)))"])
        }
        XCTAssertEqual(failures(op("$type", N.plain("integer")), .double(3.0)), [])
    }

    func testExists() {
        XCTAssertEqual(failures(N.map(["note": op("$exists", N.plain("true"))]), event), [])
        XCTAssertEqual(failures(N.map(["error": op("$exists", N.plain("false"))]), event), [])
        XCTAssertEqual(failures(N.map(["error": op("$exists", N.plain("true"))]), event),
                       ["value.error: expected a value (key present), got nothing (key absent)"])
        XCTAssertEqual(failures(N.map(["user_id": op("$exists", N.plain("false"))]), event),
                       ["value.user_id: expected nothing (key absent), got \"user_12345\""])
    }

    func testLength() {
        XCTAssertEqual(failures(N.map(["items": op("$len", N.plain("3"))]), event), [])
        XCTAssertEqual(failures(N.map(["items": op("$len", N.plain("2"))]), event),
                       ["value.items: expected length 2, got length 3: [1,2,3]"])
        XCTAssertEqual(failures(op("$len", op("$gte", N.plain("2"))), .string("ab")), [])
        XCTAssertEqual(failures(op("$len", op("$gte", N.plain("2"))), .string("a")),
                       ["value: expected length >= 2, got length 1: \"a\""])
        XCTAssertEqual(failures(N.map(["data": op("$len", N.plain("2"))]), event), [])
        XCTAssertEqual(failures(op("$len", N.plain("1")), .int(5)), ["value: expected length 1, got 5 (number), which has no length"])
    }

    func testContains() {
        XCTAssertEqual(failures(N.map(["items": op("$contains", N.plain("2"))]), event), [])
        XCTAssertEqual(failures(N.map(["items": op("$contains", N.plain("9"))]), event),
                       ["value.items: expected an element matching 9, got [1,2,3]"])
        let objects: JSONValue = .array([.object([JSONMember("id", .int(1))]), .object([JSONMember("id", .int(2))])])
        XCTAssertEqual(failures(op("$contains", N.map(["id": op("$gt", N.plain("1"))])), objects), [])
        XCTAssertEqual(failures(op("$contains", N.map(["id": op("$gt", N.plain("5"))])), objects),
                       ["value: expected an element matching {\"id\":> 5}, got [{\"id\":1},{\"id\":2}]"])
        XCTAssertEqual(failures(N.map(["user_id": op("$contains", N.plain("123"))]), event), [])
        XCTAssertEqual(failures(N.map(["user_id": op("$contains", N.plain("999"))]), event),
                       ["value.user_id: expected containing \"999\", got \"user_12345\""])
        XCTAssertEqual(failures(op("$contains", N.plain("1")), .int(1)),
                       ["value: expected an array or string containing 1, got 1 (number)"])
    }

    func testIn() {
        let oneOf = op("$in", N.seq([N.plain("SLOT_SPIN"), N.plain("BONUS")]))
        XCTAssertEqual(failures(oneOf, .string("BONUS")), [])
        XCTAssertEqual(failures(oneOf, .string("LOGIN")), ["value: expected one of [\"SLOT_SPIN\",\"BONUS\"], got \"LOGIN\""])
    }

    func testNot() {
        XCTAssertEqual(failures(op("$not", N.plain("error")), .string("ok")), [])
        XCTAssertEqual(failures(op("$not", N.plain("error")), .string("error")), ["value: expected not \"error\", got \"error\""])
        XCTAssertEqual(failures(op("$not", op("$regex", N.quoted("^err"))), .string("error")),
                       ["value: expected not matching /^err/, got \"error\""])
        // Every expected key must be present, whatever its matcher (DESIGN §1.4); absence is `$exists: false`.
        XCTAssertEqual(failures(N.map(["missing": op("$not", op("$exists", N.plain("true")))]), event),
                       ["value.missing: expected a value (key present) not (present), got nothing (key absent)"])
        XCTAssertEqual(failures(N.map(["missing": op("$exists", N.plain("false"))]), event), [])
    }

    func testAny() {
        XCTAssertEqual(failures(N.map(["note": op("$any", N.plain("true"))]), event), [])
        XCTAssertEqual(failures(N.map(["gone": op("$any", N.plain("true"))]), event),
                       ["value.gone: expected any value, got nothing (key absent)"])
    }

    func testLongValuesAreTruncated() {
        let long = String(repeating: "x", count: 500)
        let lines = failures(N.plain("short"), .string(long))
        XCTAssertEqual(lines.count, 1)
        XCTAssertLessThan(lines[0].count, 200)
        XCTAssertTrue(lines[0].hasSuffix("…"), lines[0])
    }

    func testPathsBracketKeysThatAreNotNames() {
        XCTAssertEqual(failures(N.map(["a b": N.plain("1")]), .object([])),
                       ["value[\"a b\"]: expected 1, got nothing (key absent)"])
    }

    // MARK: - Compile errors

    func testUnknownOperatorSuggestsTheClosest() {
        let diagnostic = compileError(op("$gtee", N.plain("1")))
        XCTAssertEqual(diagnostic?.message, "unknown operator '$gtee'")
        XCTAssertEqual(diagnostic?.help, "did you mean '$gte'?")
        XCTAssertEqual(diagnostic?.length, 5)
        XCTAssertTrue(compileError(op("$frobnicate", N.plain("1")))?.help?.contains("$regex") ?? false)
    }

    func testMixingOperatorsAndKeysIsAnError() {
        let diagnostic = compileError(N.map(["reward": N.plain("1"), "$gte": N.plain("2")]))
        XCTAssertEqual(diagnostic?.message, "a matcher cannot mix operators and keys: '$gte' beside 'reward'")
        XCTAssertEqual(diagnostic?.location.line, 2)
    }

    func testBadOperatorArgumentsAreDiagnostics() {
        let type = compileError(op("$type", N.plain("integr")))
        XCTAssertEqual(type?.message, "unknown type 'integr' for $type")
        XCTAssertEqual(type?.help, "did you mean 'integer'?")
        XCTAssertEqual(compileError(op("$regex", N.quoted("([a-z")))?.message, "invalid regular expression '([a-z'")
        XCTAssertEqual(compileError(op("$exists", N.plain("yes please")))?.message, "$exists needs true or false, got a string")
        XCTAssertEqual(compileError(op("$len", N.plain("-1")))?.message, "$len needs a non-negative integer or a comparison, got -1")
        XCTAssertEqual(compileError(op("$len", N.map(["a": N.plain("1")])))?.message,
                       "$len needs a non-negative integer or a comparison, got a mapping")
        XCTAssertEqual(compileError(op("$in", N.plain("x")))?.message, "$in needs a list of values, got a string")
        XCTAssertEqual(compileError(op("$gt", N.map([:])))?.message, "$gt needs a number or a string, got a mapping")
        XCTAssertEqual(compileError(op("$any", N.plain("false")))?.message, "$any takes true, got false")
        XCTAssertNotNil(compileError(N.map(["a": op("$eq", N.quoted("{{ uid() }}"))])))
    }
}
