import Foundation
import XCTest

/// The editor schema refuses what `validate` refuses: an unknown `$` operator (the operators are a closed set) and
/// an empty `steps:`, `scenarios:` or `command:`.
final class EditorSchemaTests: XCTestCase {
    func testWhatValidateRefusesTheSchemaRefuses() throws {
        let tool = try AuthoringTests.checkJSONSchema()
        let schema = CLI.repository.appendingPathComponent("schema/scenario.schema.json").path
        let folder = AuthoringTests.authoring.appendingPathComponent("refused")
        for file in ["empty_steps.yaml", "empty_scenarios.yaml", "unknown_operator.yaml", "empty_command.yaml"] {
            let path = folder.appendingPathComponent(file).path
            let validated = try CLI.run(["validate", path])
            XCTAssertEqual(validated.status, 2, "\(file): validate refuses it: \(validated.stdout)\(validated.stderr)")
            let checked = try AuthoringTests.execute(tool, ["--schemafile", schema, path])
            XCTAssertEqual(checked.status, 1, "\(file) must fail the schema: \(checked.output)")
        }
    }

    func testEveryOperatorAndPlainKeysStayAccepted() throws {
        let tool = try AuthoringTests.checkJSONSchema()
        let schema = CLI.repository.appendingPathComponent("schema/scenario.schema.json").path
        let file = try CLI.temporaryDirectory().appendingPathComponent("ok.yaml")
        try Data("""
            name: ok
            steps:
              - expect:
                  topic: t
                  within: 1s
                  messages:
                    - value: { n: { $gte: 5, $lt: 9 }, s: { $regex: "^a" }, "plain key": 1 }

            """.utf8).write(to: file)
        XCTAssertEqual(try CLI.run(["validate", file.path]).status, 0)
        let checked = try AuthoringTests.execute(tool, ["--schemafile", schema, file.path])
        XCTAssertEqual(checked.status, 0, checked.output)
    }
}
