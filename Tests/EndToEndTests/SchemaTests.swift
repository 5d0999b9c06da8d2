import Foundation
import SystemUnderTest
import RegistryStandIn
import TestSupport
import XCTest

/// Avro and JSON Schema values through the built binary (docs/schemas.md): local ids on the embedded broker,
/// and a registry over real HTTP with basic auth (the stand-in of Tests/SchemaCodecsTests/Fixtures).
final class SchemaTests: XCTestCase {
    private var stops: [() -> Void] = []

    override func tearDown() {
        stops.reversed().forEach { $0() }
        stops = []
    }

    private func fixture(_ name: String) -> String { CLI.fixtures.appendingPathComponent("schemas/\(name)").path }

    // MARK: local ids on the embedded broker

    func testTheExampleRunsWithLocalIDsOnTheEmbeddedBroker() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", CLI.repository.appendingPathComponent("scenarios/examples/schemas.yaml").path,
                                  "--report-dir", reports.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("3 passed"), result.stdout)
    }

    func testAValueThatDoesNotFitFailsTheStepNamingTheField() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", fixture("bad_value.yaml"), "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("value_schema 'spin': the value does not fit: action"), result.stdout)
        XCTAssertTrue(result.stdout.contains("SLOT_SPUN"), result.stdout)
        let json = try String(contentsOf: reports.appendingPathComponent("results.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("the value does not fit: action"), json)
    }

    // MARK: through a registry over HTTP

    func testAvroJSONSchemaAndAProcessorThroughARegistryWithBasicAuth() throws {
        let password = "planted-registry-\(UUID().uuidString.prefix(8))"
        let registry = try standIn(password: password)
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", fixture("registry.yaml"), "--report-dir", reports.path, "--verbose",
                                  "--schema-registry", registry.url.absoluteString, "--schema-registry-auth", "alice:${env:KS_REGISTRY_PASSWORD}"],
                                 environment: ["KS_REGISTRY_PASSWORD": password])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("2 passed"), result.stdout)
        // The stand-in's ids start at 100: the runner's local ids (1, 2, ...) were not used.
        let requests = registry.requests()
        XCTAssertTrue(requests.contains { $0.hasPrefix("POST /subjects/user_actions.") && $0.hasSuffix("-value/versions") }, "\(requests)")
        XCTAssertTrue(requests.contains { $0.hasPrefix("GET /subjects/user_actions.") && $0.hasSuffix("-value/versions/latest") }, "\(requests)")
        try assertNoOutputShows(password, result, reports: reports)
    }

    func testARegistryThatRefusesTheCredentialsIsExitThreeInOneSentence() throws {
        let password = "planted-registry-\(UUID().uuidString.prefix(8))"
        let registry = try standIn(password: "another-\(password)")
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", fixture("registry.yaml"), "--report-dir", reports.path,
                                  "--schema-registry", registry.url.absoluteString, "--schema-registry-auth", "alice:\(password)"])
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        XCTAssertEqual(errors, ["error: the schema registry at \(registry.url.absoluteString) refused the credentials given with --schema-registry-auth (HTTP 401)"],
                       result.stderr)
        try assertNoOutputShows(password, result, reports: reports)
    }

    func testAnUnreachableRegistryIsExitThreeInOneSentence() throws {
        let closed = try ReservedPort()   // held, not listening: refused
        defer { closed.release() }
        let result = try CLI.run(["run", fixture("registry.yaml"), "--report-dir", try CLI.temporaryDirectory().path,
                                  "--schema-registry", "http://127.0.0.1:\(closed.port)"])
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        XCTAssertEqual(errors.count, 1, result.stderr)
        XCTAssertTrue(errors.first?.hasPrefix("error: the schema registry at http://127.0.0.1:\(closed.port) cannot be reached") ?? false,
                      result.stderr)
    }

    /// The registry answered before the run, then went away: the step that needed it is an error and the run
    /// still ends with exit 3 and the one sentence.
    func testARegistryLostDuringTheRunIsExitThree() throws {
        let registry = try standIn(password: "pw")
        let reports = try CLI.temporaryDirectory()
        let process = CLI.process(["run", fixture("registry_lost.yaml"), "--report-dir", reports.path,
                                   "--schema-registry", registry.url.absoluteString, "--schema-registry-auth", "alice:pw"])
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let asked = Date().addingTimeInterval(60)
        while !registry.requests().contains("GET /schemas/ids/0"), process.isRunning, Date() < asked {
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTAssertTrue(registry.requests().contains("GET /schemas/ids/0"), "the runner asks the registry before the run")
        registry.stop()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 3, stderr)
        let errors = stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        XCTAssertEqual(errors.count, 1, stderr)
        XCTAssertTrue(errors.first?.hasPrefix("error: the schema registry at \(registry.url.absoluteString) cannot be reached") ?? false, stderr)
        // The reports keep the scenario's own result: its produce could not register the schema.
        let junit = try String(contentsOf: reports.appendingPathComponent("junit.xml"), encoding: .utf8)
        XCTAssertTrue(junit.contains("value_schema") || junit.contains("schema registry"), junit)
        XCTAssertFalse(junit.contains("BrokerUnreachable"), junit)
    }

    // MARK: frames another writer made

    /// confluent-kafka's AvroSerializer (fastavro), registering through the stand-in, produces to Tansu; the
    /// runner decodes the frame by the registry's id and matches it.
    func testAvroFramedByConfluentKafkaIsDecodedAndMatched() throws {
        let python = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/kafka-scenario/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else { throw missingPart("no venv at \(python)") }
        let broker = try TansuBroker()
        stops.append(broker.stop)
        let registry = try standIn(password: "pw")
        let producer = Process()
        producer.executableURL = URL(fileURLWithPath: python)
        producer.arguments = ["-c", Self.pythonProducer, broker.bootstrapServers, registry.url.absoluteString, fixture("spin.avsc")]
        let err = Pipe()
        producer.standardError = err
        producer.standardOutput = err
        try producer.run()
        producer.waitUntilExit()
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(producer.terminationStatus, 0, said)
        let result = try CLI.run(["run", fixture("foreign.yaml"), "--bootstrap-servers", broker.bootstrapServers,
                                  "--report-dir", try CLI.temporaryDirectory().path,
                                  "--schema-registry", registry.url.absoluteString, "--schema-registry-auth", "alice:pw"],
                                 environment: broker.environment)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(registry.requests().contains("GET /schemas/ids/100"), "decoded by the id the serializer wrote: \(registry.requests())")
    }

    private static let pythonProducer = #"""
        import sys
        from confluent_kafka import Producer
        from confluent_kafka.schema_registry import SchemaRegistryClient
        from confluent_kafka.schema_registry.avro import AvroSerializer
        from confluent_kafka.serialization import SerializationContext, MessageField
        servers, url, schema_file = sys.argv[1:4]
        client = SchemaRegistryClient({"url": url, "basic.auth.user.info": "alice:pw"})
        serializer = AvroSerializer(client, open(schema_file).read())
        producer = Producer({"bootstrap.servers": servers})
        topic = "foreign_spins"
        value = serializer({"user_id": "py-1", "bet": 77, "action": "CASH_OUT", "note": "from python"},
                           SerializationContext(topic, MessageField.VALUE))
        producer.produce(topic, key=b"py-1", value=value)
        if producer.flush(20) != 0:
            sys.exit("not delivered")
        """#

    // MARK: helpers

    private func standIn(password: String) throws -> RegistryStandIn {
        let registry = try RegistryStandIn(arguments: ["--user", "alice", "--password", password, "--log-requests"])
        stops.append(registry.stop)
        return registry
    }

    private func assertNoOutputShows(_ secret: String, _ result: CLI.Outcome, reports: URL,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        var outputs = ["stdout": result.stdout, "stderr": result.stderr]
        for name in try FileManager.default.contentsOfDirectory(atPath: reports.path) where !name.hasPrefix(".") {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: reports.appendingPathComponent(name).path, isDirectory: &isFolder)
            if isFolder.boolValue { continue }
            outputs[name] = try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8)
        }
        XCTAssertTrue(Set(outputs.keys).isSuperset(of: ["junit.xml", "report.md", "results.json"]), "\(outputs.keys)", file: file, line: line)
        for (name, text) in outputs {
            XCTAssertFalse(text.contains(secret), "\(name) shows the registry password:\n\(text)", file: file, line: line)
        }
    }
}
