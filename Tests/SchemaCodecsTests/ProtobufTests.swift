import XCTest
import ScenarioSpec
@testable import SchemaCodecs

final class ProtobufTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/proto").path

    func schema(_ file: String = "spin.proto", _ message: String? = "game.Spin") throws -> ProtobufSchema {
        try ProtobufSchema(file: "\(Self.folder)/\(file)", message: message)
    }

    func json(_ text: String) throws -> JSONValue { try JSONText.parse(text) }

    func testRoundTripWithImportsWellKnownTypesAndDefaults() throws {
        let spin = try schema()
        let value = try json("""
            {"user_id": "u-1", "bet": 50, "action": "SLOT_SPIN", "stake": {"cents": "250", "currency": "EUR"},
             "token": "AAH/", "tags": ["a", "b"], "counters": {"x": 2}, "at": "2024-03-01T12:30:05Z",
             "big": "18446744073709551615", "ratio": 0.1, "note": "lucky", "detail": {"lucky": true}}
            """)
        let back = try spin.decode(try spin.encode(value))
        XCTAssertEqual(back.compactJSON, """
            {"user_id":"u-1","bet":50,"action":"SLOT_SPIN","stake":{"cents":250,"currency":"EUR"},"token":"AAH/",\
            "tags":["a","b"],"counters":{"x":2},"at":"2024-03-01T12:30:05Z","big":"18446744073709551615","ratio":0.1,\
            "note":"lucky","detail":{"lucky":true}}
            """)
        // Unset proto3 scalars read as their defaults; unset messages and oneof members are absent.
        XCTAssertEqual(try spin.decode(try spin.encode(json("{}"))).compactJSON, """
            {"user_id":"","bet":0,"action":"ACTION_UNSPECIFIED","token":"","tags":[],"counters":{},"big":0,"ratio":0.0}
            """)
    }

    func testSixtyFourBitIntegersStayExact() throws {
        let spin = try schema()
        let back = try spin.decode(try spin.encode(json(#"{"bet": 9007199254740993}"#)))
        XCTAssertEqual(back["bet"], .int(9_007_199_254_740_993))
        XCTAssertNotEqual(back["bet"], .int(9_007_199_254_740_992))
        XCTAssertEqual(try spin.decode(try spin.encode(json(#"{"bet": "-9223372036854775808"}"#)))["bet"], .int(Int64.min))
    }

    func testEnumsByNameOrNumberReadBackByName() throws {
        let spin = try schema()
        XCTAssertEqual(try spin.decode(try spin.encode(json(#"{"action": 2}"#)))["action"], .string("CASH_OUT"))
        XCTAssertEqual(spin.check(try json(#"{"action": "SLOT_SPN"}"#))?.description,
                       "action: unknown enum symbol SLOT_SPN for action (one of ACTION_UNSPECIFIED, SLOT_SPIN, CASH_OUT)")
    }

    func testMisfitsNameTheField() throws {
        let spin = try schema()
        XCTAssertEqual(spin.check(try json(#"{"usr_id": "u"}"#))?.description,
                       "unknown field usr_id (game.Spin has user_id, bet, action, stake, token, tags, counters, at, big, ratio, note, code, detail)")
        XCTAssertEqual(spin.check(try json(#"{"stake": {"cents": "x"}}"#))?.description, #"stake.cents: expected int64, got string "x""#)
        XCTAssertEqual(spin.check(try json(#"{"tags": [1]}"#))?.description, "tags[0]: expected string, got int 1")
        XCTAssertNotNil(spin.check(try json(#"{"at": "yesterday"}"#)))
        // The JSON field name (lowerCamel) is accepted too.
        XCTAssertNil(spin.check(try json(#"{"userId": "u"}"#)))
    }

    func testMessageIndexesFrameTheMessage() throws {
        XCTAssertEqual(ProtobufMessageIndexes.encode([0]), [0])
        XCTAssertEqual(ProtobufMessageIndexes.encode([1]), [2, 2])
        XCTAssertEqual(ProtobufMessageIndexes.encode([0, 0]), [4, 0, 0])
        let reward = try schema("spin.proto", "game.Reward")
        XCTAssertEqual(reward.messageIndexes, [1])
        let payload = try reward.encode(json(#"{"user_id": "u", "amount": 5}"#))
        XCTAssertEqual(Array(payload.prefix(2)), [2, 2])
        XCTAssertEqual(try reward.decode(payload).compactJSON, #"{"user_id":"u","amount":5}"#)
        let detail = try schema("spin.proto", "game.Spin.Detail")
        // Map entries are nested types too (index 0 here: CountersEntry), as in Confluent's serializers.
        XCTAssertEqual(detail.messageIndexes, [0, 1])
        XCTAssertThrowsError(try reward.decode([2, 6] + [])) { error in
            XCTAssertTrue("\(error)".contains("message index [3] names no message"), "\(error)")
        }
    }

    func testProto2RequiredAndPresence() throws {
        let order = try schema("legacy.proto", "legacy.Order")
        XCTAssertEqual(order.check(try json(#"{"qty": 2}"#))?.description, "missing field id")
        XCTAssertEqual(try order.decode(try order.encode(json(#"{"id": "o-1"}"#))).compactJSON, #"{"id":"o-1"}"#)
    }

    func testParseErrorsAreProtocStyleAndUnknownMessagesListTheFile() throws {
        XCTAssertThrowsError(try schema("broken.proto")) { error in
            XCTAssertEqual((error as? SchemaParseError)?.message, "\(Self.folder)/broken.proto:6:3: Expected \";\".")
        }
        XCTAssertThrowsError(try schema("spin.proto", "game.Spn")) { error in
            let parse = error as? SchemaParseError
            XCTAssertEqual(parse?.unknownMessage, "game.Spn")
            XCTAssertEqual(parse?.messages, ["game.Spin", "game.Spin.Detail", "game.Reward"])
        }
    }

    func testImportsAreListedForRegistration() throws {
        let spin = try schema()
        XCTAssertEqual(spin.imports.map(\.name), ["common.proto"])
        XCTAssertEqual(spin.directImports, ["common.proto"])
        // The registry's view: the root text with its references' texts.
        let again = try ProtobufSchema(text: spin.text, references: spin.imports.map { (name: $0.name, text: $0.text) })
        XCTAssertEqual(try again.decode(try spin.encode(json(#"{"stake": {"cents": 1}}"#)))["stake"]?.compactJSON, #"{"cents":1,"currency":""}"#)
        XCTAssertThrowsError(try ProtobufSchema(text: spin.text, references: [])) { error in
            XCTAssertTrue("\(error)".contains("common.proto"), "\(error)")
        }
    }
}
