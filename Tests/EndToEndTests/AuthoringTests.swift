import Foundation
import TestSupport
import XCTest

/// What a QA engineer uses before running anything: schema, init, validate warnings, list, examples, completion.
final class AuthoringTests: XCTestCase {
    static var authoring: URL { CLI.fixtures.appendingPathComponent("authoring") }

    // MARK: - schema

    func testSchemaCommandPrintsTheCommittedSchema() throws {
        let result = try CLI.run(["schema"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let committed = try String(contentsOf: CLI.repository.appendingPathComponent("schema/scenario.schema.json"), encoding: .utf8)
        XCTAssertTrue(result.stdout == committed, "kafka-scenario schema differs from schema/scenario.schema.json: run scripts/generate-docs.sh")
        let reference = try CLI.run(["schema", "--reference"])
        XCTAssertEqual(reference.status, 0)
        XCTAssertTrue(reference.stdout.hasPrefix("# Scenario file reference"))
        let help = try CLI.run(["schema", "--help"]).stdout
        XCTAssertTrue(help.contains("Print the JSON Schema"), help)
        XCTAssertFalse(help.contains("Print the Markdown scenario reference"), "--reference is for maintainers: hidden")
    }

    /// Every file under scenarios/ passes the schema; typos, in keys or in values, do not.
    func testScenarioFilesValidateAgainstTheSchemaAndTyposAreRejected() throws {
        let tool = try Self.checkJSONSchema()
        let schema = CLI.repository.appendingPathComponent("schema/scenario.schema.json").path
        let scenarios = CLI.repository.appendingPathComponent("scenarios")
        let files = (FileManager.default.enumerator(atPath: scenarios.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { scenarios.appendingPathComponent($0).path }
        XCTAssertGreaterThan(files.count, 20)
        let all = try Self.execute(tool, ["--schemafile", schema] + files)
        XCTAssertEqual(all.status, 0, all.output)
        for typo in ["typo.yaml", "typo_in_value.yaml"] {
            let bad = try Self.execute(tool, ["--schemafile", schema, Self.authoring.appendingPathComponent(typo).path])
            XCTAssertEqual(bad.status, 1, "\(typo) must fail the schema: \(bad.output)")
        }
        let meta = try Self.execute(tool, ["--check-metaschema", schema])
        XCTAssertEqual(meta.status, 0, meta.output)
    }

    // MARK: - validate

    func testValidateWarnsAboutSmellsWithoutFailing() throws {
        let result = try CLI.run(["validate", Self.authoring.appendingPathComponent("warnings").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        for smell in ["sleep makes scenarios slow", "variable 'unused_var' is never used",
                      "topic 'never_used' is declared but no step uses it", "expect has no 'within'"] {
            XCTAssertTrue(result.stderr.contains(smell), "missing warning '\(smell)' in:\n\(result.stderr)")
        }
        XCTAssertTrue(result.stdout.contains("0 errors, 4 warnings"), result.stdout)
        XCTAssertTrue(result.stderr.contains("smells.yaml:10:9: warning:"), result.stderr)
    }

    func testValidateReportsEveryErrorOfEveryFileWithExitTwo() throws {
        let result = try CLI.run(["validate", Self.authoring.appendingPathComponent("typo.yaml").path,
                                  Self.authoring.appendingPathComponent("typo_in_value.yaml").path,
                                  Self.authoring.appendingPathComponent("warnings").path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("typo.yaml:3:16: error: unknown key 'topc'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("typo_in_value.yaml:3:12: error:"), result.stderr)
        // The smells file's 4 warnings, and the sleep in typo_in_value.yaml.
        XCTAssertTrue(result.stdout.contains("2 errors, 5 warnings"), result.stdout)
    }

    // MARK: - list

    func testListShowsSuitesScenariosAndTags() throws {
        let result = try CLI.run(["list", Self.authoring.appendingPathComponent("list").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Alpha  ("), result.stdout)
        XCTAssertTrue(result.stdout.contains("[core]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  - first  [smoke]\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  - beta alone  [smoke]\n"), result.stdout)
    }

    func testListHonoursTagSkipTagAndFilter() throws {
        let folder = Self.authoring.appendingPathComponent("list").path
        let tagged = try CLI.run(["list", folder, "--tag", "smoke"]).stdout
        XCTAssertTrue(tagged.contains("  - first  [smoke]\n"), tagged)
        XCTAssertTrue(tagged.contains("  - second  [slow]  (skipped: filtered out"), tagged)
        let skipped = try CLI.run(["list", folder, "--skip-tag", "slow"]).stdout
        XCTAssertTrue(skipped.contains("  - second  [slow]  (skipped: filtered out: tagged slow)"), skipped)
        XCTAssertTrue(skipped.contains("  - third\n"), skipped)
        let filtered = try CLI.run(["list", folder, "--filter", "THIRD"]).stdout
        XCTAssertTrue(filtered.contains("  - third\n"), filtered)
        XCTAssertTrue(filtered.contains("  - first  [smoke]  (skipped: filtered out: name does not contain"), filtered)
    }

    func testListShardsSplitTheScenariosWithoutOverlap() throws {
        let folder = Self.authoring.appendingPathComponent("list").path
        let names = try (1...2).map { shard -> [String] in
            let out = try CLI.run(["list", folder, "--shard", "\(shard)/2"])
            XCTAssertEqual(out.status, 0, out.stderr)
            return out.stdout.split(separator: "\n").filter { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4).prefix { $0 != " " }) }
        }
        XCTAssertEqual(names[0], ["first", "third"])
        XCTAssertEqual(names[1], ["second", "beta"])
        XCTAssertEqual(try CLI.run(["list", folder, "--shard", "3/2"]).status, 2)
    }

    // MARK: - init

    func testInitWritesAStarterThatValidatesCleanlyAndRunsGreen() throws {
        let dir = try CLI.temporaryDirectory().appendingPathComponent("kafka-tests")
        let written = try CLI.run(["init", dir.path])
        XCTAssertEqual(written.status, 0, written.stderr)
        for file in ["smoke.yaml", "orders.yaml", "scenario.schema.json", "README.md", "CI.md"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path), file)
        }
        let orders = try String(contentsOf: dir.appendingPathComponent("orders.yaml"), encoding: .utf8)
        XCTAssertTrue(orders.hasPrefix("# yaml-language-server: $schema=./scenario.schema.json\n"))
        let schema = try String(contentsOf: dir.appendingPathComponent("scenario.schema.json"), encoding: .utf8)
        XCTAssertEqual(schema, try CLI.run(["schema"]).stdout)
        let ci = try String(contentsOf: dir.appendingPathComponent("CI.md"), encoding: .utf8)
        XCTAssertTrue(ci.contains("## GitHub Actions") && ci.contains("## GitLab CI"))

        let validated = try CLI.run(["validate", dir.path])
        XCTAssertEqual(validated.status, 0, validated.stderr)
        XCTAssertTrue(validated.stdout.contains("0 errors, 0 warnings"), validated.stdout + validated.stderr)
        let reports = dir.appendingPathComponent("reports")
        let run = try CLI.run(["run", dir.path, "--report-dir", reports.path])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("3 passed"), run.stdout)
    }

    func testInitRefusesToOverwrite() throws {
        let dir = try CLI.temporaryDirectory()
        let mine = dir.appendingPathComponent("smoke.yaml")
        try Data("name: mine\n".utf8).write(to: mine)
        let result = try CLI.run(["init", dir.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("smoke.yaml already exists"), result.stderr)
        XCTAssertEqual(try String(contentsOf: mine, encoding: .utf8), "name: mine\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("orders.yaml").path),
                       "nothing is written when anything would be overwritten")
    }

    // MARK: - examples and completion

    func testEveryExamplePassesOnTheEmbeddedBroker() throws {
        let reports = try CLI.temporaryDirectory()
        // As scripts/run.sh does: the example service's python3 (with confluent-kafka) is the cache venv's.
        _ = try RunSemanticsTests.confluentPython()
        let result = try CLI.run(["run", CLI.repository.appendingPathComponent("scenarios/examples").path,
                                  "--report-dir", reports.path],
                                 environment: ["PATH": CacheTools.pathWithVenvFirst()],
                                 timeout: 240)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains(" 0 failed, 0 errors"), result.stdout)
    }

    func testShellCompletionScripts() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try CLI.run(["--generate-completion-script", shell])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("kafka-scenario"), shell)
            XCTAssertTrue(result.stdout.contains("schema"), "\(shell) completes the schema subcommand")
        }
    }

    // MARK: - check-jsonschema

    /// check-jsonschema from the cache venv scripts/install-deps.sh fills.
    static func checkJSONSchema() throws -> String { try CacheTools.venvTool("check-jsonschema", installedBy: "check-jsonschema") }

    static func execute(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try CacheTools.run(tool, arguments)
    }
}
