import KafkaClient
import SchemaCodecs
@testable import ScenarioEngine
import ScenarioSpec
import XCTest

/// `peek --schema-registry`: framed values are shown decoded, with their schema id.
final class PeekDecodingTests: XCTestCase {
    private let spin = #"{"type":"record","name":"Spin","fields":[{"name":"user_id","type":"string"},{"name":"bet","type":"int"}]}"#

    private func message(_ value: [UInt8]) -> Message {
        Message(topic: "spins", partition: 0, offset: 3, key: Array("u-1".utf8), value: value, headers: [],
                timestampMs: 1000, receivedAtMs: 1000)
    }

    func testAFramedValueIsDecodedWithItsSchemaID() throws {
        let registry = LocalSchemaRegistry()
        let schema = try ParsedSchema(type: .avro, text: spin)
        let (id, bytes) = try FramedCodec.encode(.object([JSONMember("user_id", .string("u-1")), JSONMember("bet", .int(50))]),
                                                 with: schema, subject: "spins-value", registry: registry)
        let line = try TopicPeek.line(message(bytes), registry: registry)
        XCTAssertEqual(line, #"{"partition":0,"offset":3,"timestamp":1000,"key":"u-1","headers":{},"value":{"user_id":"u-1","bet":50},"value_schema_id":\#(id)}"#)
    }

    func testAnIdTheRegistryDoesNotKnowIsNamedAndTheValueShownAsText() throws {
        let line = try TopicPeek.line(message([0, 0, 0, 0, 42, 2]), registry: LocalSchemaRegistry())
        XCTAssertTrue(line.contains(#""value_schema_error":"#) && line.contains("42"), line)
        XCTAssertTrue(line.contains(#""value":"\u0000"#), line)
    }

    func testWithoutARegistryNothingIsUnframed() throws {
        let line = try TopicPeek.line(message([0, 0, 0, 0, 1, 2]), registry: nil)
        XCTAssertFalse(line.contains("schema"), line)
    }

    func testBinaryBytesArePeekedAsOneJSONLineWithoutACrash() throws {
        let binary: [UInt8] = [0x80, 0xFF, 0x00, 0x41, 0x1B]
        let m = Message(topic: "raw", partition: 0, offset: 0, key: binary, value: binary,
                        headers: [Header(name: "h", value: binary)], timestampMs: 1, receivedAtMs: 1)
        let line = try TopicPeek.line(m, registry: nil)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(line.utf8)), line)
        XCTAssertFalse(line.contains("\n"), line)
    }
}
