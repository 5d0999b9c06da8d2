import XCTest
import ScenarioSpec
@testable import SchemaCodecs

final class AvroErrorTests: XCTestCase {
    func error(_ schemaText: String, _ value: JSONValue, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let schema = try AvroSchema(text: schemaText)
        do {
            let bytes = try schema.encode(value)
            XCTFail("encoded to \(bytes)", file: file, line: line)
            return ""
        } catch {
            XCTAssertEqual(schema.check(value), error, file: file, line: line)
            return error.description
        }
    }

    func spin(_ members: [JSONMember]) -> JSONValue {
        var base = [JSONMember("user_id", .string("u-1")), JSONMember("bet", .int(50)), JSONMember("action", .string("SLOT_SPIN"))]
        for member in members {
            if let i = base.firstIndex(where: { $0.key == member.key }) { base[i] = member } else { base.append(member) }
        }
        return .object(base.filter { $0.value != .string("<drop>") })
    }

    func testWrongTypeNamesTheFieldPath() throws {
        XCTAssertEqual(try error(AvroRoundTripTests.spin, spin([JSONMember("reward", .object([JSONMember("amount", .string("x"))]))])),
                       #"reward.amount: expected long, got string "x""#)
        XCTAssertEqual(try error(AvroRoundTripTests.spin, spin([JSONMember("bet", .double(2.5))])), "bet: expected int, got number 2.5")
        XCTAssertEqual(try error(AvroRoundTripTests.spin, spin([JSONMember("tags", .array([.string("a"), .int(1)]))])),
                       "tags[1]: expected string, got int 1")
        XCTAssertEqual(try error(AvroRoundTripTests.spin, spin([JSONMember("attributes", .object([JSONMember("k", .bool(true))]))])),
                       "attributes.k: expected one of int, string, got boolean true")
        XCTAssertEqual(try error(#""int""#, .int(1 << 40)), "1099511627776 does not fit in an int (32 bits)")
    }

    func testMissingAndUnknownFields() throws {
        XCTAssertEqual(try error(AvroRoundTripTests.spin, spin([JSONMember("user_id", .string("<drop>"))])), "missing field user_id")
        XCTAssertEqual(try error(AvroRoundTripTests.spin, spin([JSONMember("reward", .object([JSONMember("currency", .string("EUR"))]))])),
                       "reward: missing field reward.amount")
        XCTAssertEqual(try error(AvroRoundTripTests.spin, spin([JSONMember("usr_id", .string("x"))])),
                       "unknown field usr_id (casino.Spin has user_id, bet, action, reward, tags, attributes, again)")
    }

    func testUnknownEnumSymbolListsTheSymbols() throws {
        XCTAssertEqual(try error(AvroRoundTripTests.spin, spin([JSONMember("action", .string("FOO"))])),
                       "action: unknown enum symbol FOO for action (one of SLOT_SPIN, CASH_OUT)")
    }

    func testLogicalTypeTextThatDoesNotParse() throws {
        XCTAssertEqual(try error(#"{"type":"int","logicalType":"date"}"#, .string("2023-02-30")),
                       #"expected date (YYYY-MM-DD), got string "2023-02-30""#)
        XCTAssertEqual(try error(#"{"type":"long","logicalType":"timestamp-millis"}"#, .string("2024-03-01T12:00:00.1234Z")),
                       #"expected timestamp-millis (YYYY-MM-DDTHH:MM:SS.sssZ), got string "2024-03-01T12:00:00.1234Z""#)
        XCTAssertEqual(try error(#"{"type":"string","logicalType":"uuid"}"#, .string("nope")),
                       #"expected a uuid (8-4-4-4-12 hex digits), got string "nope""#)
        let decimal = #"{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}"#
        XCTAssertEqual(try error(decimal, .string("1.234")), "1.234 has 3 fraction digits; the schema's scale is 2")
        XCTAssertEqual(try error(decimal, .string("123.4")), "123.4 has more than 4 significant digits (the schema's precision)")
        XCTAssertEqual(try error(#""bytes""#, .string("☃")),
                       #"expected bytes (one character U+0000…U+00FF per byte), got string "☃""#)
        XCTAssertEqual(try error(#"{"type":"fixed","name":"F","size":2}"#, .string("abc")),
                       "expected 2 bytes for fixed F (2 bytes), got 3")
    }

    func testUnparsableSchemaGivesAvroCsWords() {
        XCTAssertThrowsError(try AvroSchema(text: #"{"type":"record","name":"R","fields":[{"name":"a","type":"nope"}]}"#)) { error in
            let message = (error as? SchemaParseError)?.message ?? ""
            XCTAssertTrue(message.contains("nope"), message)
        }
        XCTAssertThrowsError(try AvroSchema(text: #"{"type":"enum","name":"E"}"#)) { error in
            XCTAssertFalse(((error as? SchemaParseError)?.message ?? "").isEmpty)
        }
        XCTAssertThrowsError(try AvroSchema(text: "{not json")) { error in
            XCTAssertEqual((error as? SchemaParseError)?.message.hasPrefix("not JSON: line 1, column 2"), true, "\(error)")
        }
    }

    func testBadBytesAreDecodeErrors() throws {
        let schema = try AvroSchema(text: #"{"type":"record","name":"test","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}"#)
        XCTAssertThrowsError(try schema.decode([0x36, 0x06, 0x66])) { XCTAssertTrue("\($0)".contains("not a value of this schema"), "\($0)") }
        XCTAssertThrowsError(try schema.decode([0x36, 0x06, 0x66, 0x6F, 0x6F, 0x00])) {
            XCTAssertEqual("\($0)", "trailing bytes after the Avro value")
        }
        XCTAssertEqual(try schema.decode([0x36, 0x06, 0x66, 0x6F, 0x6F]),
                       .object([JSONMember("a", .int(27)), JSONMember("b", .string("foo"))]))
        XCTAssertThrowsError(try AvroSchema(text: #"["null","int"]"#).decode([0x08, 0x02])) { error in
            XCTAssertFalse("\(error)".isEmpty)
        }
    }
}
