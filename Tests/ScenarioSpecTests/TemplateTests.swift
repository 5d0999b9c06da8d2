import XCTest
@testable import ScenarioSpec

final class TemplateTests: XCTestCase {
    private let here = SourceLocation(file: "t.yaml", line: 4, column: 10)
    private let context = TemplateContext(
        variables: [
            "user": .string("user_12345"),
            "index": .int(3),
            "ratio": .double(0.5),
            "items": .array([.int(10), .int(20), .int(30)]),
            "in": .object([
                JSONMember("key", .string("k1")),
                JSONMember("value", .object([
                    JSONMember("user_id", .string("u1")),
                    JSONMember("event_type", .string("spin")),
                    JSONMember("data", .object([JSONMember("bet_amount", .int(50))])),
                ])),
            ]),
            "run": .object([JSONMember("id", .string("ab12"))]),
        ],
        environment: ["STAGE": "qa"])

    private func render(_ text: String) throws -> JSONValue {
        try Template.parse(text, at: here).render(in: context)
    }

    private func parseError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        do {
            _ = try Template.parse(text, at: here)
            XCTFail("expected a parse error for \(text)", file: file, line: line)
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return nil
        }
    }

    private func runtimeError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            let value = try render(text)
            XCTFail("expected a runtime error for \(text), got \(value)", file: file, line: line)
            return ""
        } catch let error as TemplateError {
            return error.message
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return ""
        }
    }

    // MARK: - Literals and type keeping

    func testTextWithoutTemplatesIsLiteral() throws {
        let template = try Template.parse("plain } text {", at: here)
        XCTAssertTrue(template.isLiteral)
        XCTAssertEqual(try template.render(in: context), .string("plain } text {"))
        XCTAssertFalse(try Template.parse("a {{ user }}", at: here).isLiteral)
    }

    func testSingleTemplateKeepsTheResultType() throws {
        XCTAssertEqual(try render("{{ index }}"), .int(3))
        XCTAssertEqual(try render("{{index}}"), .int(3))
        XCTAssertEqual(try render("{{ ratio }}"), .double(0.5))
        XCTAssertEqual(try render("{{ items }}"), .array([.int(10), .int(20), .int(30)]))
        XCTAssertEqual(try render("{{ true }}"), .bool(true))
        XCTAssertEqual(try render("{{ null }}"), .null)
    }

    func testMixedTextConcatenatesToAString() throws {
        XCTAssertEqual(try render("user_{{ index }}"), .string("user_3"))
        XCTAssertEqual(try render("{{ user }}-{{ index }}"), .string("user_12345-3"))
        XCTAssertEqual(try render(" {{ index }}"), .string(" 3"))
        XCTAssertEqual(try render("items={{ items }}"), .string("items=[10,20,30]"))
        XCTAssertEqual(try render("d={{ in.value.data }}"), .string("d={\"bet_amount\":50}"))
    }

    // MARK: - Paths

    func testPathsIntoVariables() throws {
        XCTAssertEqual(try render("{{ in.value.user_id }}"), .string("u1"))
        XCTAssertEqual(try render("{{ in.key }}"), .string("k1"))
        XCTAssertEqual(try render("{{ in.value.data.bet_amount }}"), .int(50))
        XCTAssertEqual(try render("{{ run.id }}"), .string("ab12"))
        XCTAssertEqual(try render("{{ items[1] }}"), .int(20))
        XCTAssertEqual(try render("{{ items[index - 1] }}"), .int(30))
        XCTAssertEqual(try render("{{ in['value'].user_id }}"), .string("u1"))
        XCTAssertEqual(try render("{{ env.STAGE }}"), .string("qa"))
    }

    // MARK: - Operators

    func testArithmeticPrecedenceAndParentheses() throws {
        XCTAssertEqual(try render("{{ 2 + 3 * 4 }}"), .int(14))
        XCTAssertEqual(try render("{{ (2 + 3) * 4 }}"), .int(20))
        XCTAssertEqual(try render("{{ 10 - 4 - 3 }}"), .int(3))
        XCTAssertEqual(try render("{{ -index + 1 }}"), .int(-2))
        XCTAssertEqual(try render("{{ -(index * 2) }}"), .int(-6))
        XCTAssertEqual(try render("{{ in.value.data.bet_amount * 2 }}"), .int(100))
        XCTAssertEqual(try render("{{ 7 % 3 }}"), .int(1))
    }

    func testDivisionIsIntOnlyWhenExact() throws {
        XCTAssertEqual(try render("{{ 6 / 3 }}"), .int(2))
        XCTAssertEqual(try render("{{ 7 / 2 }}"), .double(3.5))
        XCTAssertEqual(try render("{{ 1.5 * 2 }}"), .double(3.0))
        XCTAssertEqual(try render("{{ ratio + 1 }}"), .double(1.5))
    }

    func testIntOverflowFallsBackToDouble() throws {
        XCTAssertEqual(try render("{{ 9223372036854775807 + 1 }}"), .double(9223372036854775808.0))
    }

    func testPlusWithAStringConcatenates() throws {
        XCTAssertEqual(try render("{{ 'id-' + index }}"), .string("id-3"))
        XCTAssertEqual(try render("{{ index + \"x\" }}"), .string("3x"))
        XCTAssertEqual(try render("{{ user + '}}' }}"), .string("user_12345}}"))
    }

    func testComparisons() throws {
        XCTAssertEqual(try render("{{ index == 3 }}"), .bool(true))
        XCTAssertEqual(try render("{{ index == 3.0 }}"), .bool(true))
        XCTAssertEqual(try render("{{ index != 3 }}"), .bool(false))
        XCTAssertEqual(try render("{{ index < 3 }}"), .bool(false))
        XCTAssertEqual(try render("{{ index <= 3 }}"), .bool(true))
        XCTAssertEqual(try render("{{ index > 2 }}"), .bool(true))
        XCTAssertEqual(try render("{{ index >= 4 }}"), .bool(false))
        XCTAssertEqual(try render("{{ 'a' < 'b' }}"), .bool(true))
        XCTAssertEqual(try render("{{ user == 'user_12345' }}"), .bool(true))
    }

    func testStringLiteralEscapes() throws {
        XCTAssertEqual(try render(#"{{ 'it\'s' }}"#), .string("it's"))
        XCTAssertEqual(try render(#"{{ "a\"b" }}"#), .string("a\"b"))
    }

    // MARK: - Functions

    func testUUIDIsLowercaseAndFresh() throws {
        let first = try render("{{ uuid() }}").stringValue ?? ""
        let second = try render("{{ uuid() }}").stringValue ?? ""
        XCTAssertNotNil(first.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                                    options: .regularExpression), first)
        XCTAssertNotEqual(first, second)
    }

    func testNowIsFractionalSecondsAndNowMsIsAnInteger() throws {
        let before = Date().timeIntervalSince1970
        guard case .double(let now) = try render("{{ now() }}") else { return XCTFail("now() must be a double") }
        guard case .int(let ms) = try render("{{ now_ms() }}") else { return XCTFail("now_ms() must be an int") }
        let after = Date().timeIntervalSince1970
        XCTAssertGreaterThanOrEqual(now, before)
        XCTAssertLessThanOrEqual(now, after)
        XCTAssertGreaterThanOrEqual(Double(ms), (before * 1000).rounded(.down))
        XCTAssertLessThanOrEqual(Double(ms), after * 1000)
    }

    func testRandomIntIsInclusive() throws {
        let template = try Template.parse("{{ random_int(1, 3) }}", at: here)
        var seen = Set<Int64>()
        for _ in 0..<300 {
            guard case .int(let value) = try template.render(in: context) else { return XCTFail("not an int") }
            seen.insert(value)
        }
        XCTAssertEqual(seen, [1, 2, 3])
        XCTAssertEqual(try render("{{ random_int(5, 5) }}"), .int(5))
        XCTAssertEqual(try render("{{ random_int(-2, -2) }}"), .int(-2))
    }

    func testRandomStringIsAlphanumericOfTheGivenLength() throws {
        let value = try render("{{ random_string(40) }}").stringValue ?? ""
        XCTAssertEqual(value.count, 40)
        XCTAssertTrue(value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }, value)
        XCTAssertEqual(try render("{{ random_string(0) }}"), .string(""))
    }

    func testFunctionArgumentErrors() {
        XCTAssertEqual(runtimeError("{{ random_int(5, 1) }}"),
                       "random_int(a, b) needs a <= b, got 5 and 1 in {{ random_int(5, 1) }}")
        XCTAssertTrue(runtimeError("{{ random_string(user) }}").contains("'n' must be an integer, got \"user_12345\" (string)"))
        XCTAssertTrue(runtimeError("{{ random_string(-1) }}").contains("random_string(n) needs 0 <= n"))
    }

    // MARK: - Referenced variables

    func testReferencedVariablesAreTopLevelNamesWithoutEnvOrFunctions() throws {
        let template = try Template.parse(
            "{{ user }} {{ in.value.user_id + index }} {{ env.HOME }} {{ uuid() }} {{ items[pos] }} {{ random_int(1, n) }}",
            at: here)
        XCTAssertEqual(template.referencedVariables, ["user", "in", "index", "items", "pos", "n"])
        XCTAssertEqual(try Template.parse("no templates", at: here).referencedVariables, [])
    }

    // MARK: - Parse errors

    func testUnterminatedTemplatePointsAtItsStart() {
        let diagnostic = parseError("hello {{ user")
        XCTAssertEqual(diagnostic?.message, "unterminated template: missing '}}'")
        XCTAssertEqual(diagnostic?.location, SourceLocation(file: "t.yaml", line: 4, column: 16))
        XCTAssertEqual(parseError("{{ user + ")?.message, "unterminated template: missing '}}'")
        XCTAssertEqual(parseError("{{ uuid(")?.message, "unterminated template: missing '}}'")
    }

    func testUnknownFunctionSuggestsTheClosest() {
        let diagnostic = parseError("{{ uid() }}")
        XCTAssertEqual(diagnostic?.message, "unknown function 'uid'")
        XCTAssertEqual(diagnostic?.help, "did you mean 'uuid'?")
        XCTAssertEqual(diagnostic?.location.column, 13)
        XCTAssertEqual(diagnostic?.length, 3)
        XCTAssertEqual(parseError("{{ randomint(1, 2) }}")?.help, "did you mean 'random_int'?")
        XCTAssertTrue(parseError("{{ frobnicate() }}")?.help?.contains("random_string(n)") ?? false)
    }

    func testWrongArityIsADiagnostic() {
        XCTAssertEqual(parseError("{{ uuid(1) }}")?.message, "uuid takes no arguments, got 1")
        XCTAssertEqual(parseError("{{ random_int(1) }}")?.message, "random_int takes 2 arguments, got 1")
        XCTAssertEqual(parseError("{{ random_string() }}")?.message, "random_string takes 1 argument, got 0")
        XCTAssertEqual(parseError("{{ random_int(1) }}")?.help, "write random_int(a, b)")
    }

    func testOtherSyntaxErrorsPointAtTheExactColumn() {
        let empty = parseError("x{{ }}")
        XCTAssertEqual(empty?.message, "empty template: write an expression between '{{' and '}}'")
        XCTAssertEqual(empty?.location.column, 11)

        let chained = parseError("{{ 1 < 2 < 3 }}")
        XCTAssertEqual(chained?.message, "comparisons cannot be chained")

        let single = parseError("{{ index = 3 }}")
        XCTAssertEqual(single?.message, "'=' is not an operator")
        XCTAssertEqual(single?.help, "use '==' to compare")
        XCTAssertEqual(single?.location.column, 19)

        let string = parseError("{{ 'abc }}")
        XCTAssertEqual(string?.message, "unterminated string: missing closing \"'\"")
        XCTAssertEqual(string?.location.column, 13)

        let junk = parseError("{{ user # }}")
        XCTAssertEqual(junk?.message, "unexpected '#' in template: expected '}}' to close the template")
        XCTAssertEqual(junk?.location.column, 18)

        XCTAssertEqual(parseError("{{ (1 + 2 }}")?.message, "missing ')' for this '('")
        XCTAssertEqual(parseError("{{ items[0 }}")?.message, "missing ']' for this '['")
        XCTAssertEqual(parseError("{{ env }}")?.message, "'env' needs a variable name")
        XCTAssertEqual(parseError("{{ 1 + }}")?.message,
                       "unexpected '}}': expected a value (a variable, number, 'string' or function call)")
        XCTAssertEqual(parseError("{{ 99999999999999999999 }}")?.message, "integer 99999999999999999999 is too large")
    }

    func testQuotedScalarsShiftColumnsByTheOpeningQuote() throws {
        XCTAssertThrowsError(try Template.parse("{{ uid() }}", at: here, contentColumnOffset: 1)) { error in
            XCTAssertEqual((error as? Diagnostic)?.location.column, 14)
        }
    }

    func testErrorsAfterALineBreakPointAtTheScalar() {
        XCTAssertEqual(parseError("first line\n{{ uid() }}")?.location, here)
    }

    // MARK: - Runtime errors

    func testUnknownVariableSuggestsTheClosest() {
        XCTAssertEqual(runtimeError("{{ usr }}"), "unknown variable 'usr' in {{ usr }} (did you mean 'user'?)")
        XCTAssertEqual(runtimeError("a {{ zzzzzz }}"),
                       "unknown variable 'zzzzzz' in {{ zzzzzz }} (defined: in, index, items, ratio, run, user)")
    }

    func testMissingMemberListsWhatExists() {
        XCTAssertEqual(runtimeError("{{ in.value.user_idd }}"),
                       "'in.value.user_idd' does not exist (in.value has: user_id, event_type, data); did you mean 'in.value.user_id'?")
        XCTAssertEqual(runtimeError("{{ in.value.zzz }}"),
                       "'in.value.zzz' does not exist (in.value has: user_id, event_type, data)")
        XCTAssertEqual(runtimeError("{{ user.name }}"),
                       "'user.name' does not exist (user is a string, not an object)")
        XCTAssertEqual(runtimeError("{{ items[3] }}"), "'items[3]' does not exist (items has 3 elements)")
        XCTAssertEqual(runtimeError("{{ index[0] }}"), "'index[0]' does not exist (index is a number, not an array)")
    }

    func testTypeAndArithmeticErrorsNameTheTemplate() {
        XCTAssertEqual(runtimeError("{{ user * 2 }}"),
                       "cannot apply '*' to \"user_12345\" (string) and 2 (number) in {{ user * 2 }}")
        XCTAssertEqual(runtimeError("{{ index / 0 }}"), "division by zero in {{ index / 0 }}")
        XCTAssertEqual(runtimeError("{{ -user }}"), "cannot negate \"user_12345\" (string) in {{ -user }}")
        XCTAssertEqual(runtimeError("{{ user < 3 }}"),
                       "cannot compare \"user_12345\" (string) and 3 (number) with '<' in {{ user < 3 }}")
        XCTAssertEqual(runtimeError("{{ env.NOPE }}"),
                       "environment variable 'NOPE' is not set (used in {{ env.NOPE }})")
    }
}
