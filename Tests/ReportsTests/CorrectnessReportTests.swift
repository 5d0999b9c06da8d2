import Foundation
import XCTest
import ScenarioResults
@testable import Reports

/// Reports that must not mislead: unique JUnit property names, an expected failure that does not read
/// as a pass, code spans in descriptions, and merged results that are neither doubled nor flattened.
final class CorrectnessReportTests: XCTestCase {
    private static func scenario(_ name: String, status: Status = .passed, metrics: [Metric] = [],
                                 description: String? = nil, failure: Failure? = nil,
                                 expectedFailure: String? = nil) -> ScenarioResult {
        ScenarioResult(name: name, suite: "Orders", file: "orders.yaml", line: 3, status: status, duration: 0.5,
                       failure: failure, metrics: metrics, description: description, expectedFailure: expectedFailure)
    }

    private static func run(_ scenarios: [ScenarioResult], description: String? = nil) -> RunResult {
        RunResult(runID: "r1", startedAt: Fixtures.startedAt, duration: 1, environment: Fixtures.environment,
                  suites: [SuiteResult(name: "Orders", file: "orders.yaml", description: description, scenarios: scenarios)])
    }

    private func propertyNames(_ xml: String) -> [String] {
        xml.components(separatedBy: "<property name=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    // MARK: JUnit property names

    func testTwoExpectsOfOneScenarioGetPropertiesNamedByStepAndTopic() throws {
        let time = { (step: Int?, topic: String?) in
            Metric(name: "expect.time", label: "time to receive", value: 0.01, unit: .seconds, step: step, topic: topic)
        }
        let run = Self.run([
            Self.scenario("pipeline", metrics: [time(2, "orders"), time(4, "orders"), time(5, "payments")]),
            // Same step, same metric twice (a parallel block), and metrics without a step: still unique.
            Self.scenario("parallel", metrics: [time(1, nil), time(1, nil), time(nil, nil), time(nil, nil)]),
        ])
        let xml = JUnitReporter().render(run)
        let names = propertyNames(xml)
        XCTAssertEqual(names.count, Set(names).count, "duplicate property names: \(names)")
        XCTAssertTrue(names.contains("pipeline.step2.orders.expect.time"), "\(names)")
        XCTAssertTrue(names.contains("pipeline.step4.orders.expect.time"), "\(names)")
        XCTAssertTrue(names.contains("pipeline.step5.payments.expect.time"), "\(names)")
        XCTAssertTrue(names.contains("parallel.step1.expect.time#2"), "\(names)")
        for schema in XMLLint.schemas {
            let result = try XMLLint.check(xml, schema: schema)
            XCTAssertTrue(result.ok, "\(schema): \(result.output)")
        }
    }

    // MARK: expect_failure

    private static let expectedFailure = scenario(
        "slow broker breaks the bound",
        failure: Failure(message: "acknowledged in 310 ms, expected < 100ms", type: "ExpectedFailure"),
        expectedFailure: "a slow broker must break the latency bound")

    func testAnExpectedFailureHasItsOwnMarkerAndWordsInBothLanguages() {
        let run = Self.run([Self.expectedFailure, Self.scenario("plain pass", description: "orders flow")])
        let english = MarkdownReporter(language: .en, timeZone: TimeZone(identifier: "UTC")!).render(run)
        XCTAssertTrue(english.contains("- ❎ **slow broker breaks the bound**: failed as expected "
            + "(a slow broker must break the latency bound) — acknowledged in 310 ms, expected < 100ms (0.50 s)"), english)
        XCTAssertFalse(english.contains("✅ **slow broker breaks the bound**"), english)
        XCTAssertTrue(english.contains("- ✅ **plain pass**: orders flow"), english)
        XCTAssertTrue(english.contains("**Failed as expected (counted as passed)**: 1 ❎"), english)
        XCTAssertTrue(english.contains("slow broker breaks the bound: failed as expected"), english)

        let korean = MarkdownReporter(language: .ko, timeZone: TimeZone(identifier: "UTC")!).render(run)
        XCTAssertTrue(korean.contains("- ❎ **slow broker breaks the bound**: 의도한 대로 실패 "
            + "(a slow broker must break the latency bound)"), korean)
        XCTAssertFalse(korean.contains("failed as expected"), korean)
        XCTAssertTrue(korean.contains("**의도한 실패 (성공으로 집계)**: 1개 ❎"), korean)

        let names = propertyNames(JUnitReporter().render(run))
        XCTAssertTrue(names.contains("slow broker breaks the bound.expected_failure"), "\(names)")
    }

    func testTheConsoleLineOfAnExpectedFailureIsNotAPlainPass() {
        final class Lines: @unchecked Sendable { var text = "" }
        let lines = Lines()
        ConsoleReporter(mode: .normal) { lines.text += $0 }.scenarioFinished(Self.expectedFailure)
        XCTAssertTrue(lines.text.hasPrefix("✔ XFAIL Orders › slow broker breaks the bound (0.50s)\n"), lines.text)
        XCTAssertTrue(lines.text.contains("    failed as expected (a slow broker must break the latency bound): "
            + "acknowledged in 310 ms, expected < 100ms\n"), lines.text)
    }

    // MARK: descriptions

    func testCodeSpansInDescriptionsRenderAsCodeAndStaySafe() {
        let run = Self.run([
            Self.scenario("spans", description: "checks `order.id` and ``a`b`` in `<script>`"),
            Self.scenario("unmatched", description: "a lone ` backtick and *stars*"),
        ], description: "`orders` → `payments`")
        let markdown = MarkdownReporter(timeZone: TimeZone(identifier: "UTC")!).render(run)
        XCTAssertTrue(markdown.contains("**spans**: checks `order.id` and ``a`b`` in `<script>` (0.50 s)"), markdown)
        XCTAssertTrue(markdown.contains("**unmatched**: a lone \\` backtick and \\*stars\\* (0.50 s)"), markdown)
        XCTAssertTrue(markdown.contains("\n`orders` → `payments`\n"), markdown)
        XCTAssertEqual(MarkdownEscaping.userText("`` ` ``"), "`` ` ``")
        XCTAssertEqual(MarkdownEscaping.userText("-`x`", blockStart: true), "\\-`x`")
        XCTAssertEqual(MarkdownEscaping.userText("`a|b` <b>"), "`a|b` &lt;b>")
    }

    // MARK: merging results

    private static func shard(_ runID: String, _ shard: String?, _ environment: RunEnvironment, scenario name: String) -> RunResult {
        var run = Self.run([Self.scenario(name)])
        run.runID = runID
        run.shard = shard
        run.environment = environment
        return run
    }

    static let embedded = RunEnvironment(brokerMode: .embedded, bootstrapServers: "embedded (127.0.0.1:40001)", brokerCount: 3,
                                         librdkafkaVersion: "2.0.2", toolVersion: "0.1.0", hostname: "ci")
    static let tansu = RunEnvironment(brokerMode: .external, bootstrapServers: "127.0.0.1:9092", brokerCount: 1,
                                      librdkafkaVersion: "2.16.0", toolVersion: "0.1.0", hostname: "ci")

    func testTheSameShardTwiceIsRefused() {
        let one = Self.shard("r1", "1/2", Self.embedded, scenario: "a")
        XCTAssertThrowsError(try ResultsReader.merge([one, Self.shard("r2", "2/2", Self.embedded, scenario: "b"), one],
                                                     paths: ["s1/results.json", "s2/results.json", "copy/results.json"])) { error in
            XCTAssertEqual("\(error)", "'copy/results.json' holds the same results as 's1/results.json' (run r1, shard 1/2): "
                + "merging them would count every scenario twice; pass each shard's results.json once")
        }
        XCTAssertThrowsError(try ResultsReader.merge([Self.shard("r1", nil, Self.embedded, scenario: "a"),
                                                      Self.shard("r1", nil, Self.embedded, scenario: "a")]))
        XCTAssertNoThrow(try ResultsReader.merge([one, Self.shard("r2", "1/2", Self.embedded, scenario: "a")]),
                         "two runs of the same shard are two runs")
    }

    func testMissingAndDoubledShardsAreNamed() {
        let one = Self.shard("r1", "1/2", Self.embedded, scenario: "a")
        XCTAssertEqual(ResultsReader.shardWarnings([one]),
                       ["shard 2/2 is missing: this report holds 1 of 2 shards, so scenarios of the missing ones are in no report"])
        XCTAssertEqual(ResultsReader.shardWarnings([one, Self.shard("r2", "1/2", Self.embedded, scenario: "a"),
                                                    Self.shard("r3", "2/2", Self.embedded, scenario: "b")]),
                       ["shard 1/2 is doubled: runs r1 and r2 both ran it, so its scenarios are counted twice"])
        XCTAssertEqual(ResultsReader.shardWarnings([one, Self.shard("r3", "2/2", Self.embedded, scenario: "b")]), [])
        XCTAssertEqual(ResultsReader.shardWarnings([Self.shard("r1", nil, Self.embedded, scenario: "a")]), [])
    }

    func testShardsOnDifferentBrokersListEveryOne() throws {
        let merged = try ResultsReader.merge([Self.shard("r1", "1/2", Self.embedded, scenario: "a"),
                                              Self.shard("r2", "2/2", Self.tansu, scenario: "b")])
        XCTAssertEqual(merged.shardEnvironments?.map(\.label), ["shard 1/2", "shard 2/2"])

        let markdown = MarkdownReporter(timeZone: TimeZone(identifier: "UTC")!).render(merged)
        XCTAssertTrue(markdown.contains("# shard 1/2\nBootstrap Servers: embedded (3 brokers)\n"), markdown)
        XCTAssertTrue(markdown.contains("# shard 2/2\nBootstrap Servers: 127.0.0.1:9092\n"), markdown)
        XCTAssertTrue(markdown.contains("librdkafka Version: 2.0.2"), markdown)
        XCTAssertTrue(markdown.contains("librdkafka Version: 2.16.0"), markdown)

        let xml = JUnitReporter().render(merged)
        XCTAssertTrue(xml.contains("<property name=\"librdkafka.version\" value=\"2.0.2, 2.16.0\"/>"), xml)
        XCTAssertTrue(xml.contains("<property name=\"shard.2.bootstrap.servers\" value=\"127.0.0.1:9092\"/>"), xml)
        for schema in XMLLint.schemas {
            let result = try XMLLint.check(xml, schema: schema)
            XCTAssertTrue(result.ok, "\(schema): \(result.output)")
        }

        let json = JSONReporter().render(merged)
        XCTAssertTrue(json.contains("\"shardEnvironments\""), json)
        XCTAssertTrue(json.contains("\"librdkafkaVersion\" : \"2.16.0\""), json)

        // Two embedded shards differ only in their ports: one broker, no list.
        let same = try ResultsReader.merge([Self.shard("r1", "1/2", Self.embedded, scenario: "a"),
                                            Self.shard("r2", "2/2", Self.embedded, scenario: "b")])
        XCTAssertNil(same.shardEnvironments)
    }
}
