import RegistryStandIn
import TestSupport
import XCTest
import ScenarioSpec
@testable import SchemaCodecs

/// Frames written by confluent-kafka's own ProtobufSerializer (classes from grpcio-tools' protoc), registering
/// through the stand-in (base64 descriptors, imports as references); decoded here by the id in the frame.
/// Skipped when that Python is missing (scripts/install-deps.sh installs it into ~/.cache/kafka-scenario/venv).
final class ProtobufForeignWriterTests: XCTestCase {
    var standIn: RegistryStandIn!
    var python: String!

    override func setUpWithError() throws {
        python = try CacheTools.venvPython("from confluent_kafka.schema_registry.protobuf import ProtobufSerializer; from grpc_tools import protoc")
        standIn = try RegistryStandIn(arguments: ["--log-requests"])
    }

    override func tearDown() {
        standIn?.stop()
    }

    func serialize(message: String, value: String, strategy: String = "topic") throws -> [UInt8] {
        try ConfluentWriter.frame(python: python, script: "confluent_protobuf_serialize.py",
                                  [standIn.url.absoluteString, "a:b", "spins", ProtobufTests.folder, "spin.proto", message, value, strategy])
    }

    func testFramesFromConfluentKafkasProtobufSerializer() throws {
        let framed = try serialize(message: "game.Spin", value: #"""
            {"user_id": "u-1", "bet": "9007199254740993", "action": "CASH_OUT", "stake": {"cents": 5, "currency": "EUR"},
             "token": "AAH/", "tags": ["a"], "counters": {"x": 3}, "at": "2024-03-01T12:30:05Z", "note": "lucky"}
            """#)
        // Its imports were registered first under their paths (well-known types are not).
        XCTAssertEqual(standIn.requests().first, "POST /subjects/common.proto/versions")
        XCTAssertTrue(standIn.requests().contains("POST /subjects/spins-value/versions"), "\(standIn.requests())")
        let decoded = try XCTUnwrap(FramedCodec.decode(framed, registry: SchemaRegistryClient(url: standIn.url)))
        XCTAssertEqual(decoded.value.compactJSON, """
            {"user_id":"u-1","bet":9007199254740993,"action":"CASH_OUT","stake":{"cents":5,"currency":"EUR"},"token":"AAH/",\
            "tags":["a"],"counters":{"x":3},"at":"2024-03-01T12:30:05Z","big":0,"ratio":0.0,"note":"lucky"}
            """)
    }

    func testANestedMessageUnderTheRecordStrategy() throws {
        let framed = try serialize(message: "game.Spin.Detail", value: #"{"lucky": true}"#, strategy: "record")
        XCTAssertTrue(standIn.requests().contains("POST /subjects/game.Spin.Detail/versions"), "\(standIn.requests())")
        // Message indexes [0, 1]: Spin, then its second nested type (the first is the map entry).
        XCTAssertEqual(Array(framed[5..<8]), [4, 0, 2])
        let decoded = try XCTUnwrap(FramedCodec.decode(framed, registry: SchemaRegistryClient(url: standIn.url)))
        XCTAssertEqual(decoded.value.compactJSON, #"{"lucky":true}"#)
    }
}
