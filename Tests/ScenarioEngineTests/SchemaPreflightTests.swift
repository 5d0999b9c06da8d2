import Foundation
import ScenarioSpec
import XCTest
@testable import ScenarioEngine

/// The schema checks made before a run (SchemaPreflight): what is checked, what is not, and where it points.
final class SchemaPreflightTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-preflight-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            {"type": "record", "name": "Spin", "fields": [
              {"name": "user_id", "type": "string"},
              {"name": "bet", "type": "long"},
              {"name": "meta", "type": {"type": "map", "values": {"type": "array", "items": "int"}}, "default": {}}]}
            """.write(to: folder.appendingPathComponent("spin.avsc"), atomically: true, encoding: .utf8)
        try #"{"type": "string"}"#.write(to: folder.appendingPathComponent("key.avsc"), atomically: true, encoding: .utf8)
        try #"{"type": "record", "name": "X", "fields": [}"#.write(to: folder.appendingPathComponent("broken.avsc"),
                                                                  atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func load(_ files: [String: String]) throws -> LoadResult {
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return SpecLoader().load(paths: files.keys.sorted().map { folder.appendingPathComponent($0).path })
    }

    private let header = """
        topics: [{ name: t }]
        vars: { user: u-1 }
        schemas: { spin: { avro: spin.avsc }, key: { avro: key.avsc }, remote: { subject: t-value } }

        """

    func testAFittingFileStaysAndAMisfitBecomesAFailedFile() throws {
        let loaded = try load([
            "a_fits.yaml": header + "name: a\nsteps: [{ produce: { topic: t, key: k, key_schema: key, value_schema: spin, value: { user_id: u, bet: 1 } } }, { expect: { topic: t, schema: remote, within: 1s } }]\n",
            "b_misfit.yaml": header + "name: b\nsteps: [{ produce: { topic: t, key_schema: key, key: k, value_schema: spin, value: { user_id: u, bet: x } } }, { expect: { topic: t, schema: remote, within: 1s } }]\n",
        ])
        XCTAssertEqual(loaded.suites.count, 2)
        XCTAssertFalse(loaded.hasErrors)
        let checked = SchemaPreflight.check(loaded)
        XCTAssertEqual(checked.suites.map { ($0.file as NSString).lastPathComponent }, ["a_fits.yaml"])
        XCTAssertEqual(checked.failedFiles.map { ($0.file as NSString).lastPathComponent }, ["b_misfit.yaml"])
        let errors = checked.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.message), ["value_schema 'spin': the value does not fit: bet: expected long, got string \"x\""])
        XCTAssertEqual(errors.first?.location.line, 5)
        XCTAssertEqual(checked.failedFiles.first?.diagnostics.map(\.message), errors.map(\.message))
    }

    func testTemplatesNullsAndSubjectsAreLeftToTheRun() throws {
        let loaded = try load(["c.yaml": header + """
            name: c
            steps:
              - produce: { topic: t, value_schema: spin, value: { user_id: "{{ user }}", bet: nope } }
              - produce: { topic: t, value_schema: spin, value: null }
              - produce: { topic: t, value_schema: remote, value: { anything: 1 } }
              - produce: { topic: t, key_schema: key, key: null, value: x }
              - expect: { topic: t, schema: remote, within: 1s }
              - load: { topic: t, messages: 2, value: { n: "{{ index }}" }, value_schema: spin }
            """])
        XCTAssertFalse(loaded.hasErrors, "\(loaded.diagnostics)")
        let checked = SchemaPreflight.check(loaded)
        XCTAssertEqual(checked.diagnostics.filter { $0.severity == .error }.map(\.message), [])
        XCTAssertEqual(checked.suites.count, 1)
    }

    func testKeysLoadValuesAndProcessorOutputsAreChecked() throws {
        let loaded = try load(["d.yaml": header + """
            name: d
            processors:
              - { name: p, from: t, to: t, when: { key: never }, emit: { key: 7, key_schema: key, value: x } }
            steps:
              - produce: { topic: t, key: 12, key_schema: key, value: x }
              - load: { topic: t, messages: 2, value: { user_id: u, bet: 2.5 }, value_schema: spin }
              - parallel:
                  - produce: { topic: t, value_schema: spin, value: { user_id: u, bet: 1, meta: { a.b: [1, x] } } }
              - expect: { topic: t, schema: remote, within: 1s }
            """])
        XCTAssertFalse(loaded.hasErrors, "\(loaded.diagnostics)")
        let errors = SchemaPreflight.check(loaded).diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.message), [
            "key_schema 'key': the key does not fit: expected string, got int 7",
            "key_schema 'key': the key does not fit: expected string, got int 12",
            "value_schema 'spin': the value does not fit: bet: expected long, got number 2.5",
            "value_schema 'spin': the value does not fit: meta.a.b[1]: expected int, got string \"x\"",
        ])
        XCTAssertEqual(errors.map(\.location.line), [6, 8, 9, 11])
        XCTAssertEqual(errors[3].location.column, 96, "at the x inside the dotted map key's list")
    }

    func testAnUnparsableSchemaIsReportedOnceAtItsEntryAndItsValuesAreNotChecked() throws {
        let loaded = try load(["e.yaml": """
            name: e
            schemas:
              broken: { avro: broken.avsc }
            steps:
              - produce: { topic: t, value_schema: broken, value: { a: 1 } }
              - produce: { topic: t, value_schema: broken, value: { b: 2 } }
            """])
        let errors = SchemaPreflight.check(loaded).diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertTrue(errors[0].message.hasPrefix("schema 'broken': \(folder.path)/broken.avsc is not an Avro schema: "), errors[0].message)
        XCTAssertEqual(errors[0].location.line, 3)
        XCTAssertEqual(errors[0].location.column, 19)
        XCTAssertEqual(errors[0].length, "broken.avsc".count)
    }

    func testFieldPathsFindTheirNode() throws {
        let text = "{ a: { b.c: [ { d: 1 }, { d: 2 } ] }, e: x }"
        let (root, _) = YAMLReader().read(Array(text.utf8), file: "f.yaml")
        let node = try XCTUnwrap(root)
        XCTAssertEqual(FieldNode.locate("", in: node).location.column, 1)
        XCTAssertEqual(FieldNode.locate("e", in: node).scalarText, "x")
        XCTAssertEqual(FieldNode.locate("a.b.c[1].d", in: node).scalarText, "2")
        XCTAssertEqual(FieldNode.locate("a.b.c[1]", in: node).location.column, 25)
        XCTAssertEqual(FieldNode.locate("a.b.c[5].d", in: node).location.column, 13, "the deepest node that exists: the list")
        XCTAssertEqual(FieldNode.locate("a.zz", in: node).location.column, 6)
    }
}
