import Foundation
import RegistryStandIn
import TestSupport
import XCTest

/// Protobuf values through the built binary (docs/schemas.md): local ids on the embedded broker, the registry
/// stand-in over HTTP (imports registered first and referenced, a topic_record subject), what must fail, and
/// frames confluent-kafka's ProtobufSerializer wrote to Tansu.
final class ProtobufEndToEndTests: XCTestCase {
    private var stops: [() -> Void] = []

    override func tearDown() {
        stops.reversed().forEach { $0() }
        stops = []
    }

    private var example: String { CLI.repository.appendingPathComponent("scenarios/examples/protobuf.yaml").path }
    private func fixture(_ name: String) -> String { CLI.fixtures.appendingPathComponent("schemas/\(name)").path }

    private func standIn() throws -> RegistryStandIn {
        let registry = try RegistryStandIn(arguments: ["--log-requests"])
        stops.append(registry.stop)
        return registry
    }

    func testTheExampleRunsWithLocalIDsOnTheEmbeddedBroker() throws {
        let result = try CLI.run(["run", example, "--report-dir", try CLI.temporaryDirectory().path], environment: ["SCHEMA_REGISTRY_URL": ""])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("2 passed"), result.stdout)
    }

    func testTheExampleThroughARegistryRegistersTheImportFirstAndNamesSubjectsByStrategy() throws {
        let registry = try standIn()
        let result = try CLI.run(["run", example, "--report-dir", try CLI.temporaryDirectory().path,
                                  "--schema-registry", registry.url.absoluteString])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let posts = registry.requests().filter { $0.hasPrefix("POST") }
        XCTAssertEqual(posts.first, "POST /subjects/common.proto/versions", "\(posts)")
        XCTAssertTrue(posts.contains { $0.hasPrefix("POST /subjects/user_actions.") && $0.hasSuffix("-value/versions") }, "\(posts)")
        // topic_record: <topic>-<message full name>
        XCTAssertTrue(posts.contains { $0.hasPrefix("POST /subjects/notifications.") && $0.hasSuffix("-game.Reward/versions") }, "\(posts)")
    }

    func testTheRecordStrategyRegistersUnderTheMessagesFullName() throws {
        let registry = try standIn()
        let result = try CLI.run(["run", fixture("protobuf_record_strategy.yaml"), "--report-dir", try CLI.temporaryDirectory().path,
                                  "--schema-registry", registry.url.absoluteString])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let posts = registry.requests().filter { $0.hasPrefix("POST") }
        XCTAssertEqual(posts, ["POST /subjects/common.proto/versions", "POST /subjects/common.proto", "POST /subjects/game.Spin/versions"])
    }

    func testEnumNamesSixtyFourBitExactnessAndTheWritersSchemaMustFail() throws {
        let result = try CLI.run(["run", fixture("protobuf_must_fail.yaml"), "--report-dir", try CLI.temporaryDirectory().path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("3 failed"), result.stdout)
        XCTAssertTrue(result.stdout.contains(#"value.action: expected 1 (number), got "SLOT_SPIN" (string)"#), result.stdout)
        XCTAssertTrue(result.stdout.contains("value.bet: expected 9007199254740992, got 9007199254740993"), result.stdout)
        // Local ids follow the order the scenarios (run side by side) first use the schemas.
        XCTAssertTrue(result.stdout.contains("was written with schema id 2, expected schema 'spin' (id 1)")
                      || result.stdout.contains("was written with schema id 1, expected schema 'spin' (id 2)"), result.stdout)
    }

    /// In a registry one .proto has one id whichever message is written: `schema:` compares the message too.
    func testTheWritersMessageMustFailThroughARegistryToo() throws {
        let registry = try standIn()
        let result = try CLI.run(["run", fixture("protobuf_must_fail.yaml"), "--report-dir", try CLI.temporaryDirectory().path,
                                  "--schema-registry", registry.url.absoluteString])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("3 failed"), result.stdout)
        XCTAssertTrue(result.stdout.contains("was written as game.Reward (schema id 101), expected schema 'spin' (message game.Spin)"), result.stdout)
    }

    func testAMisfitIsAnErrorThatExpectErrorAnyAccepts() throws {
        let result = try CLI.run(["run", fixture("protobuf_misfit.yaml"), "--report-dir", try CLI.temporaryDirectory().path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("1 passed"), result.stdout)
    }

    /// confluent-kafka's ProtobufSerializer (classes from grpcio-tools' protoc), registering through the stand-in,
    /// produces to Tansu; the runner decodes the frame by the registry's id (its import fetched by reference).
    func testProtobufFramedByConfluentKafkaIsDecodedAndMatched() throws {
        let python = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/kafka-scenario/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else { throw missingPart("no venv at \(python)") }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "from confluent_kafka.schema_registry.protobuf import ProtobufSerializer; from grpc_tools import protoc"]
        try probe.run()
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else { throw missingPart("no ProtobufSerializer or grpcio-tools in \(python)") }
        let broker = try TansuBroker()
        stops.append(broker.stop)
        let registry = try standIn()
        let producer = Process()
        producer.executableURL = URL(fileURLWithPath: python)
        producer.arguments = ["-c", Self.pythonProducer, broker.bootstrapServers, registry.url.absoluteString,
                              CLI.fixtures.appendingPathComponent("schemas").path]
        let err = Pipe()
        producer.standardError = err
        producer.standardOutput = err
        try producer.run()
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        producer.waitUntilExit()
        XCTAssertEqual(producer.terminationStatus, 0, said)
        let result = try CLI.run(["run", fixture("foreign_protobuf.yaml"), "--bootstrap-servers", broker.bootstrapServers,
                                  "--report-dir", try CLI.temporaryDirectory().path, "--schema-registry", registry.url.absoluteString],
                                 environment: broker.environment)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(registry.requests().contains("GET /subjects/common.proto/versions/1"), "\(registry.requests())")
    }

    private static let pythonProducer = #"""
        import os, sys, tempfile
        from grpc_tools import protoc
        servers, url, folder = sys.argv[1:4]
        out = tempfile.mkdtemp()
        include = protoc.__file__.rsplit("/", 1)[0] + "/_proto"
        for name in ("common.proto", "spin.proto"):
            if protoc.main(["protoc", "-I" + folder, "-I" + include, "--python_out=" + out, name]) != 0:
                sys.exit("protoc failed on " + name)
        sys.path.insert(0, out)
        import spin_pb2
        from google.protobuf import json_format
        from confluent_kafka import Producer
        from confluent_kafka.schema_registry import SchemaRegistryClient
        from confluent_kafka.schema_registry.protobuf import ProtobufSerializer
        from confluent_kafka.serialization import SerializationContext, MessageField
        client = SchemaRegistryClient({"url": url})
        serializer = ProtobufSerializer(spin_pb2.Spin, client, {"use.deprecated.format": False})
        topic = "foreign_protobuf_spins"
        spin = json_format.Parse('{"user_id": "py-1", "bet": "9007199254740993", "action": "CASH_OUT", "at": "2024-03-01T12:30:05Z"}',
                                 spin_pb2.Spin())
        producer = Producer({"bootstrap.servers": servers})
        producer.produce(topic, key=b"py-1", value=serializer(spin, SerializationContext(topic, MessageField.VALUE)))
        if producer.flush(20) != 0:
            sys.exit("not delivered")
        """#
}
