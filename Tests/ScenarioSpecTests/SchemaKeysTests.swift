import Foundation
import XCTest
@testable import ScenarioSpec

/// `schemas:` and the keys that name a schema, as the model sees them (docs/schemas.md).
final class SchemaKeysTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("schemas"), withIntermediateDirectories: true)
        try #"{"type":"string"}"#.write(to: folder.appendingPathComponent("schemas/spin.avsc"), atomically: true, encoding: .utf8)
        try #"{"type":"object"}"#.write(to: folder.appendingPathComponent("schemas/order.json"), atomically: true,
                                          encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func load(_ yaml: String) throws -> (suite: Suite?, diagnostics: [Diagnostic]) {
        let file = folder.appendingPathComponent("suite.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let loaded = SpecLoader().loadFile(file.path)
        return (loaded.suite, loaded.diagnostics)
    }

    private let suiteText = """
        topics: [{ name: user_actions }, { name: notifications }, { name: orders }]
        schemas:
          spin: { avro: schemas/spin.avsc }
          order: { json_schema: schemas/order.json }
          reward: { subject: "{{ topics.notifications }}-value" }
        processors:
          - name: rewarder
            from: user_actions
            to: notifications
            emit: { key: "{{ in.key }}", value: { reward: 1 }, value_schema: reward, key_schema: spin }
        scenarios:
          - name: s
            steps:
              - produce: { topic: user_actions, key: k, value: x, value_schema: spin, key_schema: spin }
              - load: { topic: orders, messages: 10, value: { n: "{{ index }}" }, value_schema: order }
              - expect: { topic: notifications, schema: reward, within: 1s }
        """

    func testDeclarationsAndReferencesAreRead() throws {
        let (suite, diagnostics) = try load(suiteText)
        XCTAssertEqual(diagnostics.map(\.message), [])
        let s = try XCTUnwrap(suite)
        XCTAssertEqual(s.schemas.map(\.name), ["spin", "order", "reward"])
        guard case .avro(let avro) = s.schemas[0].source else { return XCTFail("spin: \(s.schemas[0].source)") }
        XCTAssertEqual(avro, folder.appendingPathComponent("schemas/spin.avsc").path)
        guard case .jsonSchema(let json) = s.schemas[1].source else { return XCTFail("order: \(s.schemas[1].source)") }
        XCTAssertEqual(json, folder.appendingPathComponent("schemas/order.json").path)
        guard case .subject(.template) = s.schemas[2].source else { return XCTFail("reward: \(s.schemas[2].source)") }
        XCTAssertEqual(s.schemas[0].location.line, 3)
        XCTAssertEqual(s.schemas[0].location.column, 17)

        XCTAssertEqual(s.processors[0].emitValueSchema?.name, "reward")
        XCTAssertEqual(s.processors[0].emitKeySchema?.name, "spin")
        let steps = s.scenarios[0].steps.map(\.kind)
        let produce = try XCTUnwrap(steps[0] as? ProduceStep)
        XCTAssertEqual(produce.valueSchema?.name, "spin")
        XCTAssertEqual(produce.keySchema?.name, "spin")
        XCTAssertEqual(produce.valueSchema?.location.line, 14)
        XCTAssertEqual(produce.valueNode?.scalarText, "x")
        XCTAssertEqual(produce.keyNode?.scalarText, "k")
        XCTAssertEqual((steps[1] as? LoadStep)?.valueSchema?.name, "order")
        XCTAssertEqual((steps[2] as? ExpectStep)?.schema?.name, "reward")
    }

    func testWithoutSchemaKeysNothingIsSet() throws {
        let (suite, diagnostics) = try load("""
            name: plain
            steps: [{ produce: { topic: t, value: x } }]
            """)
        XCTAssertEqual(errors(diagnostics), [])
        let s = try XCTUnwrap(suite)
        XCTAssertTrue(s.schemas.isEmpty)
        XCTAssertNil((s.scenarios[0].steps[0].kind as? ProduceStep)?.valueSchema)
    }

    func testAnUndeclaredNameIsAnErrorAtItsColumnWithASuggestion() throws {
        let (suite, diagnostics) = try load(suiteText.replacingOccurrences(of: "notifications, schema: reward", with: "notifications, schema: rewrd"))
        XCTAssertNil(suite)
        let error = try XCTUnwrap(diagnostics.first { $0.severity == .error })
        XCTAssertEqual(error.message, "schema 'rewrd' is not declared under 'schemas:'")
        XCTAssertEqual(error.help, "did you mean 'reward'?")
        XCTAssertEqual(error.location.line, 16)
        XCTAssertEqual(error.location.column, 49)
        XCTAssertEqual(error.length, 5)
    }

    func testAReferenceWithoutAnySchemasSaysHowToDeclareOne() throws {
        let (_, diagnostics) = try load("""
            name: s
            steps: [{ produce: { topic: t, value: x, value_schema: spin } }]
            """)
        XCTAssertEqual(errors(diagnostics), ["schema 'spin' is not declared under 'schemas:'"])
        XCTAssertEqual(diagnostics.first?.help, "declare it at the top of the file, e.g. schemas: { spin: { avro: schemas/spin.avsc } }")
    }

    func testAMissingFileIsAnErrorAtTheEntryButItsNameStillCountsAsDeclared() throws {
        let (suite, diagnostics) = try load(suiteText.replacingOccurrences(of: "schemas/spin.avsc", with: "schemas/spn.avsc"))
        XCTAssertNil(suite)
        XCTAssertEqual(errors(diagnostics), ["schema file 'schemas/spn.avsc' does not exist (looked for \(folder.path)/schemas/spn.avsc)"])
        XCTAssertEqual(diagnostics.first { $0.severity == .error }?.location.line, 3)
    }

    func testAnEntryNeedsExactlyOneSource() throws {
        let (_, none) = try load("""
            name: s
            schemas: { spin: {} }
            steps: [{ produce: { topic: t, value: x, value_schema: spin } }]
            """)
        XCTAssertEqual(errors(none), ["schema declaration needs one of 'avro', 'json_schema', 'protobuf', 'subject'"])
        let (_, two) = try load("""
            name: s
            schemas: { spin: { avro: schemas/spin.avsc, subject: s } }
            steps: [{ produce: { topic: t, value: x, value_schema: spin } }]
            """)
        XCTAssertEqual(errors(two), ["'avro' and 'subject' cannot be used together in schema declaration"])
        let (_, unknown) = try load("""
            name: s
            schemas: { spin: { avsc: schemas/spin.avsc } }
            steps: [{ produce: { topic: t, value: x, value_schema: spin } }]
            """)
        XCTAssertEqual(errors(unknown), ["schema declaration needs one of 'avro', 'json_schema', 'protobuf', 'subject'",
                                         "unknown key 'avsc' in schema declaration"])
    }

    func testASubjectTemplateReadsOnlyDeclaredNames() throws {
        let (_, diagnostics) = try load("""
            name: s
            topics: [{ name: notifications }]
            schemas: { reward: { subject: "{{ topics.notificatons }}-value" } }
            steps: [{ expect: { topic: notifications, schema: reward, within: 1s } }]
            """)
        XCTAssertEqual(errors(diagnostics), ["topic 'notificatons' is not declared under 'topics:'"])
    }

    func testAnUnusedSchemaIsAWarning() throws {
        let (suite, diagnostics) = try load("""
            name: s
            schemas: { spin: { avro: schemas/spin.avsc } }
            steps: [{ produce: { topic: t, value: x } }]
            """)
        XCTAssertNotNil(suite)
        XCTAssertEqual(warnings(diagnostics), ["schema 'spin' is declared but no step uses it"])
    }

    func testLoadValueSchemaNeedsAValue() throws {
        let (_, diagnostics) = try load("""
            name: s
            schemas: { spin: { avro: schemas/spin.avsc } }
            steps: [{ load: { topic: t, messages: 5, value_schema: spin } }]
            """)
        XCTAssertEqual(errors(diagnostics), ["value_schema needs value: in load (a generated payload of 'size' bytes has no schema)"])
    }

    func testKeySchemaWithoutAKeyIsAWarning() throws {
        let (_, diagnostics) = try load("""
            name: s
            schemas: { spin: { avro: schemas/spin.avsc } }
            steps: [{ produce: { topic: t, value: x, value_schema: spin, key_schema: spin } }]
            """)
        XCTAssertEqual(errors(diagnostics), [])
        XCTAssertEqual(warnings(diagnostics), ["key_schema without a key: the messages have no key to encode"])
    }
}
