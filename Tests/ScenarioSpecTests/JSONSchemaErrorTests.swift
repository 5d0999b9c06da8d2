import Foundation
import TestSupport
import XCTest
@testable import ScenarioSpec

/// What an editor (or check-jsonschema) says for a misspelled key: the key itself, not a required key of the
/// other file shape ("'scenarios' is a required property") or of another step kind.
final class JSONSchemaErrorTests: XCTestCase {
    private func checkJSONSchema() throws -> String {
        try CacheTools.venvTool("check-jsonschema", installedBy: "check-jsonschema")
    }

    /// check-jsonschema's error lines for `yaml` against the generated schema.
    private func schemaErrors(_ yaml: String) throws -> [String] {
        let tool = try checkJSONSchema()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-errors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = directory.appendingPathComponent("scenario.schema.json")
        let file = directory.appendingPathComponent("s.yaml")
        try JSONSchemaGenerator.text().write(to: schema, atomically: true, encoding: .utf8)
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--color", "never", "--schemafile", schema.path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("\(file.path)::") || $0.hasPrefix("$") }
            .map { $0.replacingOccurrences(of: "\(file.path)::", with: "") }
    }

    func testMisspelledTopLevelKeysAreNamedFirst() throws {
        XCTAssertEqual(try schemaErrors("nmae: basic\nsteps: [{ cluster: {} }]\n").first,
                       "$: Additional properties are not allowed ('nmae' was unexpected)")
        XCTAssertEqual(try schemaErrors("name: basic\ntimout: 5s\nsteps: [{ cluster: {} }]\n"),
                       ["$: Additional properties are not allowed ('timout' was unexpected)"])
        XCTAssertEqual(try schemaErrors("suite: s\nsceanrios:\n  - { name: a, steps: [{ cluster: {} }] }\n").first,
                       "$: Additional properties are not allowed ('sceanrios' was unexpected)")
        XCTAssertEqual(try schemaErrors("suite: s\nscenarios:\n  - { name: a, stpes: [{ cluster: {} }] }\n").first,
                       "$.scenarios[0]: Additional properties are not allowed ('stpes' was unexpected)")
    }

    func testMistakesInsideAStepPointIntoThatStep() throws {
        let errors = try schemaErrors("name: basic\nsteps:\n  - produce: { topic: orders, valeu: x }\n  - prodcue: { topic: o, value: x }\n")
        XCTAssertEqual(errors.first, "$.steps[0].produce: Additional properties are not allowed ('valeu' was unexpected)")
        XCTAssertTrue(errors.contains("$.steps[1]: Additional properties are not allowed ('prodcue' was unexpected)"), "\(errors)")
        XCTAssertFalse(errors.contains { $0.contains("'expect' is a required property") }, "\(errors)")
    }

    func testTheInsideFormOfExpectErrorAndTheOrOperatorAreAccepted() throws {
        XCTAssertEqual(try schemaErrors("""
            name: basic
            steps:
              - produce: { topic: orders, value: x, name: send, expect_error: TOPIC_EXCEPTION }
              - topic: { name: orders, expect_error: any }
              - expect:
                  topic: orders
                  messages: [{ value: { status: { $or: [paid, { $regex: '^refund' }] } } }]
              - expect_none: { topic: orders, for: 1s, matching: { $or: [{ key: a }, { key: b }] } }
            """), [])
        XCTAssertFalse(try schemaErrors("name: b\nsteps:\n  - topic: { name: orders, expect_eror: any }\n").isEmpty)
        XCTAssertFalse(try schemaErrors("name: b\nsteps:\n  - expect: { topic: o, messages: [{ value: { $or: [] } }] }\n").isEmpty)
    }
}
