import ScenarioSpec
import XCTest
@testable import ScenarioEngine

/// What a consumed key or value becomes. The table was checked against the JSONDecoder path this reader
/// replaced; the rows under "changed" are where the two differ on purpose.
final class JSONDecodingTests: XCTestCase {
    private func decode(_ text: String) -> JSONValue { MessageView.decode(Array(text.utf8)) }

    private func assertTable(_ rows: [(String, JSONValue)], file: StaticString = #filePath, line: UInt = #line) {
        for (text, expected) in rows {
            XCTAssertEqual(decode(text), expected, "decoding \(text.debugDescription)", file: file, line: line)
        }
    }

    func testEachScalarKindKeepsItsCase() {
        assertTable([
            (#""text""#, .string("text")), (#""1""#, .string("1")), (#""true""#, .string("true")),
            ("true", .bool(true)), ("false", .bool(false)), ("null", .null),
            ("-3", .int(-3)), ("2.5", .double(2.5)), ("-0", .int(0)), ("0.5e-3", .double(0.0005)), ("1.5e300", .double(1.5e300)),
            ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
            ("9223372036854775808", .double(9223372036854775808)), ("-9223372036854775809", .double(-9223372036854775808)),
            ("12345678901234567890.5", .double(12345678901234567890.5)),
        ])
    }

    func testEscapesAndSpaceAroundTheValue() {
        assertTable([
            (#""\ud83d\ude00""#, .string("😀")), (#""\u00e9""#, .string("é")), (#""\/\b\f\n\r\t""#, .string("/\u{08}\u{0C}\n\r\t")),
            ("  {\"a\":1}\n ", .object([JSONMember("a", .int(1))])), ("\t42\r\n", .int(42)),
        ])
    }

    func testContainersNestEveryKind() {
        assertTable([
            (#"[1, "a", {"b": false}, null, [2.5]]"#,
             .array([.int(1), .string("a"), .object([JSONMember("b", .bool(false))]), .null, .array([.double(2.5)])])),
            (#"{"seq": "12"}"#, .object([JSONMember("seq", .string("12"))])),
            ("{}", .object([])), ("[]", .array([])),
        ])
    }

    func testWhatIsNotJSONStaysText() {
        let texts = ["plain text", "{broken", "01", "1.", "-.5", "-", "+1", "1e400", "nul", "true x", #""a" "b""#, "NaN", "   ", "",
                     #""\ud800""#, #""\udc00""#, "\"\u{01}\"", "\u{FEFF}{}"]
        assertTable(texts.map { ($0, .string($0)) })
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x22, 0x7D], [0x22, 0xF0, 0x9F, 0x98, 0x22]] {
            XCTAssertEqual(MessageView.decode(bytes), .string(String(decoding: bytes, as: UTF8.self)), "\(bytes)")
        }
    }

    func testChanged() {
        // Members in the order written (JSONDecoder gave them in its dictionary's order).
        assertTable([(#"{"b":1,"a":2}"#, .object([JSONMember("b", .int(1)), JSONMember("a", .int(2))]))])
        // Written with a fraction or an exponent: a double (JSONDecoder made integral ones ints). Matchers compare
        // numbers by value, so `1` still matches; only the rendering shows `1.0`.
        assertTable([("1.0", .double(1)), ("1e2", .double(100)), ("1.5E3", .double(1500)), ("-0.0", .double(-0.0)), ("1e-400", .double(0))])
        // Trailing commas are not JSON (JSONDecoder let them through).
        assertTable([("[1,]", .string("[1,]")), (#"{"a":1,}"#, .string(#"{"a":1,}"#))])
        // A repeated name is kept twice; a path finds the first, as JSONDecoder's single member did.
        XCTAssertEqual(decode(#"{"a":1,"a":2}"#), .object([JSONMember("a", .int(1)), JSONMember("a", .int(2))]))
        XCTAssertEqual(decode(#"{"a":1,"a":2}"#)["a"], .int(1))
    }
}
