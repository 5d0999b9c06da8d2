import ScenarioSpec
import XCTest
@testable import ScenarioEngine

/// Every JSON kind decodes to its own JSONValue case, whatever order the decoder tries them in.
final class JSONDecodingTests: XCTestCase {
    private func decode(_ text: String) -> JSONValue { MessageView.decode(Array(text.utf8)) }

    func testEachScalarKindKeepsItsCase() {
        XCTAssertEqual(decode(#""text""#), .string("text"))
        XCTAssertEqual(decode(#""1""#), .string("1"))
        XCTAssertEqual(decode(#""true""#), .string("true"))
        XCTAssertEqual(decode("true"), .bool(true))
        XCTAssertEqual(decode("false"), .bool(false))
        XCTAssertEqual(decode("null"), .null)
        XCTAssertEqual(decode("-3"), .int(-3))
        XCTAssertEqual(decode("2.5"), .double(2.5))
        XCTAssertEqual(decode("9223372036854775808"), .double(9223372036854775808))
    }

    func testContainersNestEveryKind() {
        XCTAssertEqual(decode(#"[1, "a", {"b": false}, null, [2.5]]"#),
                       .array([.int(1), .string("a"), .object([JSONMember("b", .bool(false))]), .null, .array([.double(2.5)])]))
        XCTAssertEqual(decode(#"{"seq": "12"}"#), .object([JSONMember("seq", .string("12"))]))
        XCTAssertEqual(decode("{}"), .object([]))
        XCTAssertEqual(decode("[]"), .array([]))
    }
}
