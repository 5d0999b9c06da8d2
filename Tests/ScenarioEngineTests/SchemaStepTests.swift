import Foundation
import KafkaClient
import SchemaCodecs
import ScenarioResults
import ScenarioSpec
import XCTest
@testable import ScenarioEngine

/// Values encoded with the suite's schemas by produce and decoded by expect and expect_none, on the fake
/// session with local schema ids (docs/schemas.md): each with an outcome that passes and one that must not.
final class SchemaStepTests: XCTestCase {
    private var kafka = FakeKafkaSession()
    private var folder = ""

    static let spin = """
        {"type": "record", "name": "Spin", "namespace": "casino", "fields": [
          {"name": "user_id", "type": "string"},
          {"name": "bet", "type": "long"},
          {"name": "note", "type": ["null", "string"], "default": null}]}
        """
    static let order = """
        {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}, "qty": {"type": "integer", "minimum": 1}}}
        """

    override func setUpWithError() throws {
        kafka = FakeKafkaSession()
        kafka.addTopic("orders")
        kafka.addTopic("other")
        folder = NSTemporaryDirectory() + "schema-step-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.spin.write(toFile: folder + "/spin.avsc", atomically: true, encoding: .utf8)
        try Self.order.write(toFile: folder + "/order.schema.json", atomically: true, encoding: .utf8)
        try #"{"type": "string", "pattern": "^k"}"#.write(toFile: folder + "/account.schema.json", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    // MARK: encoding and decoding

    func testProducedAvroIsFramedWithALocalIDAndExpectMatchesItDecoded() throws {
        let ctx = context()
        let outcomes = run(ctx, [
            try produce(#"{ topic: orders, key: k1, value: { user_id: u-1, bet: 50, note: lucky } }"#, valueSchema: "spin"),
            try expect(#"{ topic: orders, within: 5s, messages: [{ key: k1, value: { user_id: u-1, bet: 50, note: lucky } }] }"#, schema: "spin"),
        ])
        assertPassed(outcomes)
        let bytes = try XCTUnwrap(kafka.messages(of: "orders").first?.value)
        XCTAssertEqual(Array(bytes.prefix(5)), [0, 0, 0, 0, 1], "magic byte 0 and local id 1")
        XCTAssertEqual(kafka.messages(of: "orders").first?.key, Array("k1".utf8), "a key without key_schema stays plain")
    }

    func testJSONSchemaValueIsFramedAndDecoded() throws {
        let ctx = context()
        let outcomes = run(ctx, [
            try produce(#"{ topic: orders, value: { id: 7, qty: 2 } }"#, valueSchema: "order"),
            try expect(#"{ topic: orders, within: 5s, messages: [{ value: { id: 7, qty: 2 } }] }"#),
        ])
        assertPassed(outcomes)
        let bytes = try XCTUnwrap(kafka.messages(of: "orders").first?.value)
        XCTAssertEqual(bytes.first, 0)
        XCTAssertEqual(String(decoding: bytes.dropFirst(5), as: UTF8.self), #"{"id":7,"qty":2}"#)
    }

    func testKeySchemaFramesTheKeyAndExpectDecodesIt() throws {
        let ctx = context()
        let outcomes = run(ctx, [
            try produce(#"{ topic: orders, key: k1, value: plain }"#, keySchema: "account"),
            try expect(#"{ topic: orders, within: 5s, messages: [{ key: k1, value: plain }] }"#),
        ])
        assertPassed(outcomes)
        let key = try XCTUnwrap(kafka.messages(of: "orders").first?.key)
        XCTAssertEqual(Array(key.prefix(5)), [0, 0, 0, 0, 1])
        XCTAssertEqual(String(decoding: key.dropFirst(5), as: UTF8.self), #""k1""#)
        let misfit = run(context(), [try produce(#"{ topic: orders, key: x1, value: plain }"#, keySchema: "account")])
        guard case .error(let failure) = misfit.first else { return XCTFail("expected an error, got \(misfit)") }
        XCTAssertTrue(failure.message.hasPrefix("key_schema 'account': the key does not fit"), failure.message)
        guard case .schemaMisfit(role: "key", schema: "account", _)? = failure.reason else { return XCTFail("reason \(String(describing: failure.reason))") }
    }

    func testExpectFailsWhenTheDecodedValueDiffers() throws {
        let ctx = context()
        let outcomes = run(ctx, [
            try produce(#"{ topic: orders, value: { user_id: u-1, bet: 50 } }"#, valueSchema: "spin"),
            try expect(#"{ topic: orders, within: 300ms, messages: [{ value: { bet: 60 } }] }"#),
        ])
        guard case .failed(let failure) = outcomes.last else { return XCTFail("expected a failure, got \(outcomes)") }
        XCTAssertTrue(failure.message.contains("bet"), failure.message)
    }

    // MARK: bad values and ids

    func testAValueThatDoesNotFitIsAStepErrorNamingTheField() throws {
        let ctx = context()
        let outcomes = run(ctx, [try produce(#"{ topic: orders, value: { user_id: u-1, bet: many } }"#, valueSchema: "spin")])
        guard case .error(let failure) = outcomes.first else { return XCTFail("expected an error, got \(outcomes)") }
        XCTAssertTrue(failure.message.contains("value_schema 'spin'"), failure.message)
        XCTAssertTrue(failure.message.contains("bet: expected long"), failure.message)
        XCTAssertTrue(kafka.messages(of: "orders").isEmpty, "nothing is sent")
    }

    func testExpectErrorAnyAcceptsAValueThatDoesNotFitAndANamedOneDoesNot() throws {
        var refused = try produce(#"{ topic: orders, value: { user_id: u-1, bet: many } }"#, valueSchema: "spin")
        refused.expectError = .any
        assertPassed(run(context(), [refused]))
        XCTAssertTrue(kafka.messages(of: "orders").isEmpty, "nothing is sent")
        refused.expectError = .named("MSG_SIZE_TOO_LARGE")
        guard case .failed(let failure) = run(context(), [refused]).first else { return XCTFail("a wrong error fails") }
        XCTAssertEqual(failure.type, "WrongError")
        var fits = try produce(#"{ topic: orders, value: { user_id: u-1, bet: 5 } }"#, valueSchema: "spin")
        fits.expectError = .any
        guard case .failed = run(context(), [fits]).first else { return XCTFail("no error where one was expected fails") }
    }

    func testAnUnknownSchemaIDIsAStepErrorNamingTheIDAndTopic() throws {
        let ctx = context()
        send(WireFormat.frame(schemaID: 42, payload: [2, 0x41]))
        let outcomes = run(ctx, [try expect(#"{ topic: orders, within: 2s, messages: [{ value: x }] }"#)])
        guard case .error(let failure) = outcomes.first else { return XCTFail("expected an error, got \(outcomes)") }
        XCTAssertTrue(failure.message.contains("schema id 42"), failure.message)
        XCTAssertTrue(failure.message.contains("'orders'"), failure.message)
    }

    func testExpectNoneDecodesBeforeMatching() throws {
        let ctx = context()
        let outcomes = run(ctx, [
            try produce(#"{ topic: orders, value: { user_id: u-9, bet: 5 } }"#, valueSchema: "spin"),
            try step(#"- expect_none: { topic: orders, for: 300ms, matching: { value: { user_id: u-1 } } }"#),
            try step(#"- expect_none: { topic: orders, for: 300ms, matching: { value: { user_id: u-9 } } }"#),
        ])
        guard outcomes.count == 3, case .passed = outcomes[1], case .failed(let failure) = outcomes[2] else {
            return XCTFail("expected pass then failure, got \(outcomes)")
        }
        XCTAssertTrue(failure.details?.contains("u-9") ?? false, "the failure body shows the decoded value: \(failure.details ?? "")")
    }

    func testASubjectSchemaUsesItsLatestIDAndAnUnknownSubjectIsAStepError() throws {
        let ctx = context()
        // The file schema registers under orders-value; the subject schema then finds it as the latest version.
        let outcomes = run(ctx, [
            try produce(#"{ topic: orders, value: { id: 1 } }"#, valueSchema: "order"),
            try produce(#"{ topic: orders, value: { id: 2 } }"#, valueSchema: "latest"),
            try expect(#"{ topic: orders, within: 2s, messages: [{ value: { id: 1 } }, { value: { id: 2 } }] }"#, schema: "order"),
        ])
        assertPassed(outcomes)
        let missing = run(ctx, [try produce(#"{ topic: other, value: { id: 3 } }"#, valueSchema: "latest-other")])
        guard case .error(let failure) = missing.first else { return XCTFail("expected an error, got \(missing)") }
        XCTAssertTrue(failure.message.contains("subject other-value"), failure.message)
        XCTAssertNil(ctx.schemas.session?.connectionProblem, "a 404 is the step's error, not the run's")
    }

    // MARK: schema: on expect

    func testSchemaOnExpectFailsNamingBothIDsWhenAnotherSchemaWroteTheMessage() throws {
        let ctx = context()
        let outcomes = run(ctx, [
            try produce(#"{ topic: orders, value: { id: 3 } }"#, valueSchema: "order"),
            try expect(#"{ topic: orders, within: 2s, messages: [{ value: { id: 3 } }] }"#, schema: "spin"),
        ])
        guard case .failed(let failure) = outcomes.last else { return XCTFail("expected a failure, got \(outcomes)") }
        XCTAssertEqual(failure.type, "WrongSchema")
        XCTAssertTrue(failure.message.contains("schema id 1"), failure.message)
        XCTAssertTrue(failure.message.contains("expected schema 'spin' (id 2)"), failure.message)
        XCTAssertEqual(failure.reason, .wrongSchema(schema: "spin", expectedID: 2, writtenID: 1, topic: "orders",
                                                    at: MessagePosition(partition: "0", offset: "0")))
    }

    func testSchemaOnExpectFailsForAPlainMessage() throws {
        let ctx = context()
        kafka.append(topic: "orders", value: #"{"id": 3}"#)
        let outcomes = run(ctx, [try expect(#"{ topic: orders, within: 2s, messages: [{ value: { id: 3 } }] }"#, schema: "order")])
        guard case .failed(let failure) = outcomes.last else { return XCTFail("expected a failure, got \(outcomes)") }
        XCTAssertTrue(failure.message.contains("no schema (not framed)"), failure.message)
    }

    func testSchemaOnExpectWithOnlyACountChecksEveryMessage() throws {
        let ctx = context()
        let passing = run(ctx, [
            try produce(#"{ topic: orders, count: 2, value: { user_id: u-1, bet: 5 } }"#, valueSchema: "spin"),
            try expect(#"{ topic: orders, within: 300ms, count: 2 }"#, schema: "spin"),
        ])
        assertPassed(passing)
        kafka.append(topic: "orders", value: "plain")
        let failing = run(ctx, [try expect(#"{ topic: orders, within: 300ms, count: 3 }"#, schema: "spin")])
        guard case .failed(let failure) = failing.last else { return XCTFail("expected a failure, got \(failing)") }
        XCTAssertEqual(failure.type, "WrongSchema")
    }

    // MARK: the unframing rule

    func testWithoutSchemasAValueStartingWithZeroKeepsItsMeaning() throws {
        let ctx = context(schemas: false)
        send([0, 0, 0, 0, 42] + Array("abc".utf8))
        let outcomes = run(ctx, [try expect(#"{ topic: orders, within: 2s, messages: [{ value: { $contains: abc } }] }"#)])
        assertPassed(outcomes)
    }

    func testWithoutSchemasAFailureSaysTheValuesLookFramed() throws {
        send([0, 0, 0, 0, 42] + Array("abc".utf8))
        let outcomes = run(context(schemas: false), [try expect(#"{ topic: orders, within: 1s, messages: [{ value: { id: 1 } }] }"#)])
        guard case .failed(let failure) = outcomes.last else { return XCTFail("expected a failure, got \(outcomes)") }
        XCTAssertTrue(failure.details?.contains("look Confluent-framed (magic byte 0, schema id 42)") ?? false, failure.details ?? "")
        send(Array(#"{"id": 2}"#.utf8))
        let plain = run(context(schemas: false), [try expect(#"{ topic: orders, from: now, within: 1s, messages: [{ value: { id: 1 } }] }"#)])
        guard case .failed(let other) = plain.last else { return XCTFail("expected a failure, got \(plain)") }
        XCTAssertFalse(other.details?.contains("Confluent-framed") ?? true, other.details ?? "")
    }

    // MARK: helpers

    private func context(schemas: Bool = true) -> ScenarioContext {
        let declarations = [
            SchemaDeclaration(name: "spin", source: .avro(path: folder + "/spin.avsc"), location: SourceLocation(file: "t.yaml", line: 1, column: 1)),
            SchemaDeclaration(name: "order", source: .jsonSchema(path: folder + "/order.schema.json"), location: SourceLocation(file: "t.yaml", line: 2, column: 1)),
            SchemaDeclaration(name: "latest", source: .subject(.template(try! Template.parse("{{ topics.orders }}-value", at: SourceLocation(file: "t.yaml", line: 4, column: 1), contentColumnOffset: 0))),
                              location: SourceLocation(file: "t.yaml", line: 4, column: 1)),
            SchemaDeclaration(name: "latest-other", source: .subject(.literal(.string("other-value"))),
                              location: SourceLocation(file: "t.yaml", line: 5, column: 1)),
            SchemaDeclaration(name: "account", source: .jsonSchema(path: folder + "/account.schema.json"), location: SourceLocation(file: "t.yaml", line: 3, column: 1)),
        ]
        let session = SchemaSession(registry: LocalSchemaRegistry(), registryName: LocalSchemaRegistry.name)
        return ScenarioContext(session: kafka, runID: "test", suiteName: "schema test", scenarioName: "one",
                               scenarioFile: folder + "/t.yaml", topicNames: [:],
                               variables: ["topics": .object([JSONMember("orders", .string("orders")), JSONMember("other", .string("other"))])],
                               environment: [:],
                               cancellation: Cancellation(), registry: TopicRegistry(), isolationID: "test.1",
                               schemas: schemas ? ScenarioSchemas(session: session, declarations: declarations, scenarioFile: folder + "/t.yaml") : .none)
    }

    private func send(_ value: [UInt8]) {
        try? kafka.send(topic: "orders", partition: 0, key: nil, value: value, headers: [], deadline: .distant, check: {}) { _ in }
        Thread.sleep(forTimeInterval: 0.01)
    }

    private func step(_ yaml: String) throws -> Step {
        let indented = yaml.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
        let file = """
            suite: schema test
            topics: [{ name: orders }]
            scenarios:
              - name: one
                steps:
            \(indented)
            """
        let loaded = SpecLoader().load(bytes: Array(file.utf8), file: "schema-test.yaml")
        return try XCTUnwrap(loaded.suite?.scenarios.first?.steps.first, "\(loaded.diagnostics)")
    }

    private func produce(_ yaml: String, valueSchema: String? = nil, keySchema: String? = nil) throws -> Step {
        var built = try step("- produce: \(yaml)")
        guard var produce = built.kind as? ProduceStep else { return built }
        let at = SourceLocation(file: "schema-test.yaml", line: 1, column: 1)
        produce.valueSchema = valueSchema.map { SchemaReference(name: $0, location: at) }
        produce.keySchema = keySchema.map { SchemaReference(name: $0, location: at) }
        built.kind = produce
        return built
    }

    private func expect(_ yaml: String, schema: String? = nil) throws -> Step {
        var built = try step("- expect: \(yaml)")
        guard var expect = built.kind as? ExpectStep else { return built }
        expect.schema = schema.map { SchemaReference(name: $0, location: SourceLocation(file: "schema-test.yaml", line: 1, column: 1)) }
        built.kind = expect
        return built
    }

    private func run(_ ctx: ScenarioContext, _ steps: [Step]) -> [StepExecutor.Outcome] {
        let deadline = ctx.clock.begin(timeout: 30)
        let executor = StepExecutor(ctx: ctx, progress: { _, _, _ in })
        var outcomes: [StepExecutor.Outcome] = []
        for step in steps {
            let (outcome, _) = executor.execute(step, deadline: deadline)
            outcomes.append(outcome)
            guard case .passed = outcome else { break }
        }
        return outcomes
    }

    private func assertPassed(_ outcomes: [StepExecutor.Outcome], file: StaticString = #filePath, line: UInt = #line) {
        for outcome in outcomes {
            guard case .passed = outcome else { return XCTFail("expected every step to pass, got \(outcome)", file: file, line: line) }
        }
    }
}
