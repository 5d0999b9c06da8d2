import RegistryStandIn
import TestSupport
import XCTest
import ScenarioSpec
@testable import SchemaCodecs

/// Frames written by another writer: confluent-kafka's AvroSerializer (fastavro) and JSONSerializer (jsonschema),
/// registering through the stand-in; decoded here by the id in the frame. Skipped when that Python is missing
/// (scripts/install-deps.sh installs it into ~/.cache/kafka-scenario/venv).
final class ForeignWriterTests: XCTestCase {
    var standIn: RegistryStandIn!
    var python: String!

    override func setUpWithError() throws {
        python = try CacheTools.venvPython("from confluent_kafka.schema_registry.avro import AvroSerializer; "
                                           + "from confluent_kafka.schema_registry.json_schema import JSONSerializer")
        standIn = try RegistryStandIn()
    }

    override func tearDown() {
        standIn?.stop()
    }

    /// The framed bytes confluent-kafka's serializer writes for `value`.
    func serialize(_ kind: String, topic: String, schema: String, value: String) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("codec-\(UUID().uuidString).schema")
        try schema.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try ConfluentWriter.frame(python: python, script: "confluent_serialize.py",
                                         [standIn.url.absoluteString, "alice:s3cr3t:pw", kind, topic, file.path, value])
    }

    func testAvroFramesFromConfluentKafkasAvroSerializer() throws {
        let schema = #"""
        {"type":"record","name":"Spin","namespace":"casino","fields":[
          {"name":"user_id","type":"string"},{"name":"bet","type":"long"},
          {"name":"note","type":["null","string"]},
          {"name":"action","type":{"type":"enum","name":"Action","symbols":["SLOT_SPIN","CASH_OUT"]}},
          {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"tags","type":{"type":"array","items":"string"}},
          {"name":"extra","type":{"type":"map","values":"double"}}]}
        """#
        let framed = try serialize("avro", topic: "spins", schema: schema,
            value: #"{"user_id":"u-1","bet":27,"note":"foo","action":"CASH_OUT","at":1709296205250,"tags":["a"],"extra":{"x":1.5}}"#)
        let frame = try XCTUnwrap(try WireFormat.unframe(framed))
        XCTAssertEqual(frame.schemaID, 100)
        // The header and the first fields by hand: magic 0, id 100, "u-1" (06 75 2d 31), 27 (36), branch 1 (02), "foo".
        XCTAssertEqual(Array(framed.prefix(16)), [0, 0, 0, 0, 100, 0x06, 0x75, 0x2D, 0x31, 0x36, 0x02, 0x06, 0x66, 0x6F, 0x6F, 0x02])

        let registry = SchemaRegistryClient(url: standIn.url, credentials: RegistryCredentials(user: "alice", password: "s3cr3t:pw"))
        let decoded = try registry.schema(id: frame.schemaID).decode(frame.payload)
        XCTAssertEqual(decoded, .object([
            JSONMember("user_id", .string("u-1")), JSONMember("bet", .int(27)), JSONMember("note", .string("foo")),
            JSONMember("action", .string("CASH_OUT")), JSONMember("at", .string("2024-03-01T12:30:05.250Z")),
            JSONMember("tags", .array([.string("a")])), JSONMember("extra", .object([JSONMember("x", .double(1.5))])),
        ]))
        // The registry's subject is TopicNameStrategy's, and our own encoding of the same value is byte for byte theirs.
        XCTAssertEqual(try registry.latest(subject: "spins-value").id, 100)
        XCTAssertEqual(try AvroSchema(text: schema).encode(decoded), frame.payload)
    }

    func testJSONFramesFromConfluentKafkasJSONSerializer() throws {
        let schema = #"{"type":"object","required":["order_id"],"properties":{"order_id":{"type":"string"},"qty":{"type":"integer","minimum":1}}}"#
        let framed = try serialize("json", topic: "orders", schema: schema, value: #"{"order_id":"o-1","qty":2}"#)
        let frame = try XCTUnwrap(try WireFormat.unframe(framed))
        let registry = SchemaRegistryClient(url: standIn.url, credentials: RegistryCredentials(user: "alice", password: "s3cr3t:pw"))
        let parsed = try registry.schema(id: frame.schemaID)
        XCTAssertEqual(parsed.type, .json)
        XCTAssertEqual(try parsed.decode(frame.payload), .object([JSONMember("order_id", .string("o-1")), JSONMember("qty", .int(2))]))
    }
}
