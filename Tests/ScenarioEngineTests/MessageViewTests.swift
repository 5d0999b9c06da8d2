import KafkaClient
import ScenarioSpec
import XCTest
@testable import ScenarioEngine

final class MessageViewTests: XCTestCase {
    func testJSONValuesAreDecodedAndTextStaysText() {
        XCTAssertEqual(MessageView.decode(Array(#"{"a": 1, "b": [true, null, 2.5]}"#.utf8))["a"], .int(1))
        XCTAssertEqual(MessageView.decode(Array("plain text".utf8)), .string("plain text"))
        XCTAssertEqual(MessageView.decode(Array("42".utf8)), .int(42))
        XCTAssertEqual(MessageView.decode(Array("{broken".utf8)), .string("{broken"))
    }

    func testPayloadsKeepMemberOrder() {
        let value = JSONValue.object([JSONMember("z", .int(1)), JSONMember("a", .string("x\"y")), JSONMember("m", .array([.null, .bool(true)]))])
        XCTAssertEqual(String(decoding: MessageView.payload(value)!, as: UTF8.self), #"{"z":1,"a":"x\"y","m":[null,true]}"#)
        XCTAssertNil(MessageView.payload(.null))
        XCTAssertEqual(MessageView.payload(.string("hi")), Array("hi".utf8))
    }

    func testLookupFollowsPathsAndIndices() {
        let value = JSONValue.object([JSONMember("value", .object([JSONMember("items", .array([.int(1), .int(2)]))]))])
        XCTAssertEqual(FieldPath("value.items[1]")?.value(in: value), .int(2))
        XCTAssertNil(FieldPath("value.items[5]")?.value(in: value))
        XCTAssertNil(FieldPath("value.nothing")?.value(in: value))
    }

    func testMessageViewShape() {
        let message = Message(topic: "t.abc.1", partition: 2, offset: 7, key: Array("k".utf8), value: Array(#"{"x":1}"#.utf8),
                              headers: [Header(name: "source", value: Array("qa".utf8))], timestampMs: 1000, receivedAtMs: 1010)
        let view = MessageView.json(message, declaredTopic: "t")
        XCTAssertEqual(view["topic"], .string("t"))
        XCTAssertEqual(view["key"], .string("k"))
        XCTAssertEqual(view["value"]?["x"], .int(1))
        XCTAssertEqual(view["headers"]?["source"], .string("qa"))
        XCTAssertEqual(view["partition"], .int(2))
    }

    /// Issue 21 item 6: a tombstone is not the JSON text `null`, in matchers, `peek` and reports.
    func testATombstoneAndTheJSONTextNullReadDifferently() throws {
        func message(_ value: [UInt8]?, key: [UInt8]? = Array("k".utf8)) -> Message {
            Message(topic: "t", partition: 0, offset: 1, key: key, value: value, headers: [], timestampMs: 5, receivedAtMs: 5)
        }
        let tombstone = MessageView.json(message(nil, key: nil), declaredTopic: "t")
        let jsonNull = MessageView.json(message(Array("null".utf8)), declaredTopic: "t")
        XCTAssertNil(tombstone["value"])
        XCTAssertNil(tombstone["key"])
        XCTAssertEqual(jsonNull["value"], .null)
        XCTAssertNotEqual(MessageView.pretty(tombstone), MessageView.pretty(jsonNull))
        XCTAssertFalse(try TopicPeek.line(message(nil), registry: nil).contains("\"value\""))
        XCTAssertTrue(try TopicPeek.line(message(Array("null".utf8)), registry: nil).contains(#""value":null"#))
        // A processor relaying `{{ in.key }}` and `{{ in.value }}` still reads them (as null: no key, a tombstone).
        XCTAssertEqual(MessageView.forTemplates(tombstone)["key"], .null)
        XCTAssertEqual(MessageView.forTemplates(tombstone)["value"], .null)
        XCTAssertEqual(MessageView.forTemplates(jsonNull)["key"], .string("k"))
    }
}

final class UniquenessCheckTests: XCTestCase {
    private func message(offset: Int64, orderID: JSONValue?) -> JSONValue {
        var value: [JSONMember] = []
        if let orderID { value.append(JSONMember("order_id", orderID)) }
        return .object([JSONMember("partition", .int(0)), JSONMember("offset", .int(offset)),
                        JSONMember("key", .null), JSONMember("value", .object(value))])
    }

    func testDistinctValuesPassAndTheFirstDuplicateFailsNamingBothOffsets() throws {
        var check = UniquenessCheck(path: FieldPath("value.order_id")!, topic: "orders")
        try check.consume(message(offset: 0, orderID: .string("A-1")))
        try check.consume(message(offset: 1, orderID: .string("A-2")))
        try check.consume(message(offset: 2, orderID: .int(1)))   // 1 is not "1" nor "A-1"
        XCTAssertThrowsError(try check.consume(message(offset: 3, orderID: .string("A-2")))) { error in
            guard case StepError.failed(let failure) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.message, "unique: value.order_id \"A-2\" seen twice on 'orders' (at partition 0 offset 1 and partition 0 offset 3)")
        }
    }

    /// Issue 21 item 7: NFC and NFD `café` are different values.
    func testNFCAndNFDAreNotDuplicates() throws {
        var check = UniquenessCheck(path: FieldPath("value.order_id")!, topic: "orders")
        try check.consume(message(offset: 0, orderID: .string("caf\u{E9}")))
        try check.consume(message(offset: 1, orderID: .string("cafe\u{301}")))
        XCTAssertThrowsError(try check.consume(message(offset: 2, orderID: .string("cafe\u{301}"))))
    }

    func testAMessageWithoutThePathFails() {
        var check = UniquenessCheck(path: FieldPath("value.order_id")!, topic: "orders")
        XCTAssertThrowsError(try check.consume(message(offset: 5, orderID: nil))) { error in
            guard case StepError.failed(let failure) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(failure.message.contains("'value.order_id' does not exist in the message at partition 0 offset 5"), failure.message)
        }
    }
}
