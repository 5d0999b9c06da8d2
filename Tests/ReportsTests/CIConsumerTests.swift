import Foundation
import TestSupport
import XCTest
import ScenarioResults
@testable import Reports

/// What real consumers of the reports found (issue 24 §3): annotations of invalid files, the step summary's first
/// line, JUnit wall time and totals, run-wide properties said once.
final class CIConsumerTests: XCTestCase {
    // MARK: annotations of an invalid file

    func testAnInvalidFileIsAnnotatedWithARelativePathItsColumnAndItsFirstLineOnce() {
        var run = Fixtures.run
        let absolute = "/home/runner/work/repo/scenarios/broken.yaml"
        run.suites = [SuiteResult(name: "broken.yaml", file: absolute, scenarios: [], loadError: Failure(
            message: "unknown key 'scenarioz'", type: "InvalidScenario",
            details: "error: unknown key 'scenarioz'\n --> \(absolute):3:5\n  |\n3 |     scenarioz:\n  |     ^^^^^^^^^",
            location: "\(absolute):3:5"))]
        let lines = GitHubActionsReporter(workspace: "/home/runner/work/repo").annotations(run)
        XCTAssertEqual(lines, [
            "::error file=scenarios/broken.yaml,line=3,col=5,title=scenarios/broken.yaml%3A invalid scenario file"
                + "::error: unknown key 'scenarioz'%0A --> scenarios/broken.yaml:3:5%0A  |%0A3 |     scenarioz:%0A  |     ^^^^^^^^^",
        ])
    }

    /// The shape `run` gives an invalid file (RunCommand.invalidFileSuite): message `file:line:col: text`, details the
    /// rendered diagnostic `file:line:col: error: text` and its snippet.
    func testARealInvalidFileDiagnosticIsNotSaidTwice() {
        var run = Fixtures.run
        let absolute = "/home/runner/work/repo/scenarios/broken.yaml"
        run.suites = [SuiteResult(name: "broken.yaml", file: absolute, scenarios: [], loadError: Failure(
            message: "\(absolute):2:1: unknown key 'scenarioz' in suite", type: "InvalidScenario",
            details: "\(absolute):2:1: error: unknown key 'scenarioz' in suite\n  |\n2 | scenarioz:\n  | ^^^^^^^^^",
            location: "\(absolute):2:1"))]
        let lines = GitHubActionsReporter(workspace: "/home/runner/work/repo").annotations(run)
        XCTAssertEqual(lines, [
            "::error file=scenarios/broken.yaml,line=2,col=1,title=scenarios/broken.yaml%3A invalid scenario file"
                + "::scenarios/broken.yaml:2:1: error: unknown key 'scenarioz' in suite%0A  |%0A2 | scenarioz:%0A  | ^^^^^^^^^",
        ])
    }

    func testRichJUnitGivesAnInvalidFileItsLine() {
        let xml = JUnitReporter(style: .rich).render(Fixtures.run)
        XCTAssertTrue(xml.contains("<testcase name=\"scenarios/broken.yaml\" classname=\"Broken\" time=\"0.000\" "
                                   + "file=\"scenarios/broken.yaml\" line=\"3\">"), xml)
    }

    // MARK: step summary

    func testASummaryAfterTextWithoutAFinalNewlineStartsOnItsOwnLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("an earlier step wrote this".utf8).write(to: file)
        try GitHubActionsReporter().appendSummary("# Kafka test results\n", to: file.path)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "an earlier step wrote this\n# Kafka test results\n")
    }

    // MARK: JUnit time and totals

    /// Two scenarios of one suite that ran side by side (`--jobs 2`): the suite took the longer one's time, not the sum.
    static var parallelRun: RunResult {
        var first = ScenarioResult(name: "a", suite: "S", file: "s.yaml", line: 2, status: .passed, duration: 8.5)
        first.startOffset = 0.25
        var second = ScenarioResult(name: "b", suite: "S", file: "s.yaml", line: 9, status: .failed, duration: 8.25,
                                    failure: Failure(message: "m", type: "T"))
        second.startOffset = 0.5
        let skipped = ScenarioResult(name: "c", suite: "S", file: "s.yaml", line: 15, status: .skipped, duration: 0,
                                     failure: Failure(message: "not run", type: "Skipped"))
        var other = ScenarioResult(name: "d", suite: "T", file: "t.yaml", line: 2, status: .error, duration: 1)
        other.startOffset = 0.25
        return RunResult(runID: "r1", startedAt: Fixtures.startedAt, duration: 8.9, environment: Fixtures.environment,
                         suites: [SuiteResult(name: "S", file: "s.yaml", scenarios: [first, second, skipped]),
                                  SuiteResult(name: "T", file: "t.yaml", scenarios: [other])])
    }

    func testSuiteTimeIsWallTimeWhenItsScenariosRanInParallel() {
        for style in JUnitReporter.Style.allCases {
            let xml = JUnitReporter(style: style).render(Self.parallelRun)
            XCTAssertTrue(xml.contains("name=\"S\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"8.500\""), xml)
        }
        XCTAssertEqual(Fixtures.producerConsumer.wallTime, Fixtures.producerConsumer.duration,
                       "results without start offsets: the sum, as before")
    }

    func testRichTestsuitesCarriesTheRunsTotalsAndWallTime() {
        let xml = JUnitReporter(style: .rich).render(Self.parallelRun)
        XCTAssertTrue(xml.contains("<testsuites name=\"kafka-scenario\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"8.900\">"),
                      xml)
        XCTAssertTrue(JUnitReporter(style: .strict).render(Self.parallelRun).contains("<testsuites>\n"),
                      "strict: windyroad's schema allows <testsuites> no attribute")
    }

    // MARK: properties

    func testRunWidePropertiesAreSaidOnceAndNoNameRepeatsInTheFile() {
        let xml = JUnitReporter().render(Fixtures.run)
        XCTAssertEqual(xml.components(separatedBy: "<property name=\"run.id\"").count - 1, 1, xml)
        let names = xml.components(separatedBy: "<property name=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertEqual(names.count, Set(names).count, "\(names)")
        XCTAssertEqual(xml.components(separatedBy: "<properties>").count - 1, Fixtures.run.suites.count,
                       "every suite still has its <properties> with at least one property")
    }

    /// xunitparser (PyPI) reads a multi-suite file, and checks rich totals against the testcases.
    func testXunitparserReadsBothStyles() throws {
        let python = CacheTools.cache + "/venv/bin/python"
        let probe = try Self.execute(python, ["-c", "import xunitparser"])
        if probe.status != 0 {
            let why = "xunitparser is not installed in \(python) (scripts/install-deps.sh installs it from PyPI)"
            throw missingPart(why)
        }
        for style in JUnitReporter.Style.allCases {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(UUID().uuidString).xml")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(JUnitReporter(style: style).render(Fixtures.run).utf8).write(to: file)
            let read = try Self.execute(python, ["-c", """
                import sys, xunitparser
                ts, tr = xunitparser.parse(open(sys.argv[1]))
                print(tr.testsRun, len(tr.failures), len(tr.errors), len(tr.skipped))
                """, file.path])
            XCTAssertEqual(read.status, 0, "\(style): \(read.output)")
            XCTAssertEqual(read.output, "6 1 2 1\n", "\(style)")
        }
    }

    static func execute(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try CacheTools.run(tool, arguments)
    }
}

/// Facts are plain text, escaped when put in report.md: a backtick in the wording shows as a literal "\`".
final class FactBacktickTests: XCTestCase {
    func testNoFactWordingHoldsABacktick() {
        for fact in FactWordingTests.facts {
            for language in [MarkdownLanguage.en, .ko] {
                XCTAssertFalse(FactWording.words(fact, language).contains("`"), "\(language): \(FactWording.words(fact, language))")
            }
        }
    }

    func testALoadFactInReportMarkdownHasNoEscapedBacktick() {
        var run = Fixtures.run
        run.suites[0].scenarios[0].verified = [.loadReadBack(topic: "user_actions", produced: 10, received: 10, lost: 0, duplicates: 0),
                                               .commandEnded(command: "./seed.sh", exitCode: 0, signal: nil)]
        for language in [MarkdownLanguage.en, .ko] {
            let markdown = MarkdownReporter(language: language).render(run)
            XCTAssertFalse(markdown.contains("\\`"), markdown)
            XCTAssertTrue(markdown.contains("user_actions"), markdown)
        }
    }
}

/// A URL in generated Markdown ends where the text does in cmark-gfm (GFM autolinks end at white space only, so a
/// bare URL took the escapes after it: wrong link targets and visible backslashes).
final class MarkdownURLTests: XCTestCase {
    func testAURLIsWrappedSoEscapesAfterItStayEscapes() throws {
        let text = "GET http://example.com/spin?a=[1]*x* answered 500 (see https://example.com/docs), www.example.com/x_[y]."
        let line = MarkdownEscaping.inline(text)
        XCTAssertEqual(line, "GET <http://example.com/spin?a=[1]*x>\\* answered 500 (see <https://example.com/docs>), "
                       + "`www.example.com/x_[y]`.")
        let html = try MarkdownRenderCheckTests.render("- " + line + "\n")
        XCTAssertTrue(html.contains(">http://example.com/spin?a=[1]*x</a>* answered 500"), html)
        XCTAssertTrue(html.contains(">https://example.com/docs</a>), <code>www.example.com/x_[y]</code>."), html)
        XCTAssertFalse(html.contains("\\"), "no visible backslash: \(html)")
    }

    func testAFailureWithAURLRendersInReportMarkdown() throws {
        var run = Fixtures.run
        run.suites[1].scenarios[1].failure?.message = "POST http://127.0.0.1:8000/spin answered 500: [error] *boom*"
        let html = try MarkdownRenderCheckTests.render(MarkdownReporter().render(run))
        XCTAssertTrue(html.contains("<a href=\"http://127.0.0.1:8000/spin\">http://127.0.0.1:8000/spin</a> answered 500: [error] *boom*"),
                      html)
    }

    func testATableCellEndsTheURLAtItsPipe() {
        XCTAssertEqual(MarkdownEscaping.cell("http://a.example/x|y"), "<http://a.example/x>\\|y")
    }
}

/// results.json as the reporter writes it follows schema/results.schema.json, for every fixture (retries, flows,
/// invalid files, merged shards' fields, non-finite numbers).
final class ResultsSchemaFixtureTests: XCTestCase {
    func testEveryFixtureFollowsTheResultsSchema() throws {
        let tool = CacheTools.cache + "/venv/bin/check-jsonschema"
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            let why = "check-jsonschema is not installed at \(tool) (scripts/install-deps.sh installs it from PyPI)"
            throw missingPart(why)
        }
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema/results.schema.json").path
        var nonFinite = Fixtures.run
        nonFinite.suites[0].scenarios[0].metrics[0].value = .nan
        nonFinite.suites[0].scenarios[0].startOffset = 0.5
        nonFinite.shard = "1/2"
        var files: [String] = []
        // Every kind of fact and failure reason the reports word (FactWordingTests' lists), so that a kind added to the
        // results model without its place in the schema fails here, not only when an end-to-end run happens to record it.
        var everyKind = Fixtures.run
        let template = everyKind.suites[0].scenarios[0]
        everyKind.suites[0].scenarios[0].verified = FactWordingTests.facts
        everyKind.suites[0].scenarios += FactWordingTests.reasons.map { reason in
            var scenario = template
            scenario.status = .failed
            scenario.failure = Failure(message: "m", type: "T", reason: reason)
            return scenario
        }
        for (index, run) in [Fixtures.run, RetryFlowFixtures.run, MarkdownRenderCheckTests.hostileRun, nonFinite,
                             CIConsumerTests.parallelRun, everyKind].enumerated() {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("results-\(index)-\(UUID().uuidString).json")
            try Data(JSONReporter().render(run).utf8).write(to: url)
            files.append(url.path)
        }
        defer { files.forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let checked = try CIConsumerTests.execute(tool, ["--schemafile", schema] + files)
        XCTAssertEqual(checked.status, 0, checked.output)
        var broken = try String(contentsOfFile: files[0], encoding: .utf8)
        broken = broken.replacingOccurrences(of: "\"runID\"", with: "\"runId\"")
        try Data(broken.utf8).write(to: URL(fileURLWithPath: files[0]))
        XCTAssertEqual(try CIConsumerTests.execute(tool, ["--schemafile", schema, files[0]]).status, 1, "the schema can refuse")
    }
}
