import ScenarioSpec
import XCTest

final class JSONTextTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONValue { try JSONText.parse(text) }

    private func syntaxError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONText.SyntaxError? {
        do {
            let value = try JSONText.parse(text)
            XCTFail("parsed \(value)", file: file, line: line)
            return nil
        } catch { return error }
    }

    func testObjectsKeepTheOrderMembersAreWrittenIn() throws {
        XCTAssertEqual(try parse(#"{"z": 1, "a": {"y": [], "b": null}}"#),
                       .object([JSONMember("z", .int(1)), JSONMember("a", .object([JSONMember("y", .array([])), JSONMember("b", .null)]))]))
    }

    func testIntegersInInt64RangeAreIntsAndOtherNumbersDoubles() throws {
        XCTAssertEqual(try parse("9223372036854775807"), .int(.max))
        XCTAssertEqual(try parse("-9223372036854775808"), .int(.min))
        XCTAssertEqual(try parse("9223372036854775808"), .double(9223372036854775808))
        XCTAssertEqual(try parse("-9223372036854775809"), .double(-9223372036854775808))
        XCTAssertEqual(try parse("0"), .int(0))
        XCTAssertEqual(try parse("-0"), .int(0))
        XCTAssertEqual(try parse("-0.0"), .double(-0.0))
        XCTAssertEqual(try parse("2.5"), .double(2.5))
        XCTAssertEqual(try parse("1.0"), .double(1))
        XCTAssertEqual(try parse("1e2"), .double(100))
        XCTAssertEqual(try parse("1E+2"), .double(100))
        XCTAssertEqual(try parse("-1.5e-3"), .double(-0.0015))
        XCTAssertEqual(try parse("1e-400"), .double(0))
    }

    func testNumbersOutsideTheGrammarAreErrorsNamingTheNumber() {
        for text in ["01", "-", "1.", "-.5", "1e", "1e+", "1.2.3", "1-2", "1e400", "--1"] {
            XCTAssertEqual(syntaxError(text)?.description, "line 1, column 1: invalid number \(text)", text)
        }
        XCTAssertEqual(syntaxError("[1, 2, 0x10]")?.description, "line 1, column 9: expected ',' or ']'")
        XCTAssertEqual(syntaxError("+1")?.message, "unexpected character '+'")
    }

    func testEscapesIncludingSurrogatePairs() throws {
        XCTAssertEqual(try parse(#""\"\\\/\b\f\n\r\t""#), .string("\"\\/\u{08}\u{0C}\n\r\t"))
        XCTAssertEqual(try parse(#""caf\u00e9 \u00E9""#), .string("café é"))
        XCTAssertEqual(try parse(#""\ud83d\ude00 and \uD83D\uDE00""#), .string("😀 and 😀"))
        XCTAssertEqual(try parse(#""before é \n after 😀""#), .string("before é \n after 😀"))
        XCTAssertEqual(syntaxError(#""\ud800""#)?.message, "invalid \\u escape")
        XCTAssertEqual(syntaxError(#""\udc00""#)?.message, "invalid \\u escape")
        XCTAssertEqual(syntaxError(#""\ud800\u0041""#)?.message, "invalid surrogate pair")
        XCTAssertEqual(syntaxError(#""\u12g4""#)?.message, "invalid \\u escape")
        XCTAssertEqual(syntaxError(#""\u+fff""#)?.message, "invalid \\u escape")
        XCTAssertEqual(syntaxError(#""\x""#)?.description, "line 1, column 4: invalid escape")
    }

    func testScalarsAtTheTopAndSpaceAroundTheValue() throws {
        XCTAssertEqual(try parse(#" "text" "#), .string("text"))
        XCTAssertEqual(try parse("\t42\r\n"), .int(42))
        XCTAssertEqual(try parse("true"), .bool(true))
        XCTAssertEqual(try parse("false"), .bool(false))
        XCTAssertEqual(try parse(" null\n"), .null)
    }

    func testAByteOrderMarkMayOpenTheText() throws {
        XCTAssertEqual(try JSONText.parse(bytes: [0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)), .object([JSONMember("a", .int(1))]))
        XCTAssertEqual(try parse("\u{FEFF} 7"), .int(7))
        XCTAssertNotNil(syntaxError("7\u{FEFF}"), "only at the start")
    }

    func testErrorsGiveLineAndColumnInCharacters() {
        XCTAssertEqual(syntaxError("{not json")?.description, "line 1, column 2: expected a member name")
        XCTAssertEqual(syntaxError("{\n  \"é\": tru }")?.description, "line 2, column 8: expected true")
        XCTAssertEqual(syntaxError("[1,]")?.description, "line 1, column 4: unexpected character ']'")
        XCTAssertEqual(syntaxError(#"{"a": 1,}"#)?.description, "line 1, column 9: expected a member name")
        XCTAssertEqual(syntaxError(#"{"a" 1}"#)?.message, "expected ':'")
        XCTAssertEqual(syntaxError(#"{"a": 1"#)?.message, "the object is not closed")
        XCTAssertEqual(syntaxError("[1 2]")?.message, "expected ',' or ']'")
        XCTAssertEqual(syntaxError("[1")?.message, "the array is not closed")
        XCTAssertEqual(syntaxError(#""open"#)?.message, "the string is not closed")
        XCTAssertEqual(syntaxError("\"a\u{01}\"")?.description, "line 1, column 4: a control character inside a string")
        XCTAssertEqual(syntaxError("")?.message, "a value is missing at the end")
        XCTAssertEqual(syntaxError("   ")?.message, "a value is missing at the end")
        XCTAssertEqual(syntaxError("true x")?.description, "line 1, column 6: unexpected text after the JSON value")
        XCTAssertEqual(syntaxError(#""a" "b""#)?.message, "unexpected text after the JSON value")
    }

    func testNestingIsLimited() throws {
        XCTAssertNoThrow(try parse(String(repeating: "[", count: 512) + String(repeating: "]", count: 512)))
        XCTAssertEqual(syntaxError(String(repeating: "[", count: 513) + String(repeating: "]", count: 513))?.message, "nested too deeply")
    }

    func testBytesAreReadInPlaceAndMustBeUTF8() throws {
        let text = #"{"k": ["é", 1, 2.5, "\u0041"]}"#
        let expected = try parse(text)
        XCTAssertEqual(try JSONText.parse(bytes: Array(text.utf8)), expected)
        XCTAssertEqual(try JSONText.parse(bytes: Array(text.utf8)[...]), expected)
        XCTAssertEqual(try JSONText.parse(bytes: text.utf8.lazy.map { $0 }), expected)   // not contiguous: copied first
        XCTAssertThrowsError(try JSONText.parse(bytes: [0x22, 0xFF, 0x22]))
        XCTAssertThrowsError(try JSONText.parse(bytes: [0x22, 0xF0, 0x9F, 0x98, 0x22]))           // cut short
        XCTAssertThrowsError(try JSONText.parse(bytes: [0x22, 0x5C, 0x6E, 0xC3, 0x22]))           // after an escape
        XCTAssertThrowsError(try JSONText.parse(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22]))           // an encoded surrogate
    }
}
