import Foundation
import TestSupport
import XCTest

/// `settle:` (DESIGN §2.1) against a Python confluent-kafka service on the embedded broker: it consumes,
/// produces ("emit" only), then commits.
final class SettleTests: XCTestCase {
    private struct Step: Decodable { var kind: String; var duration: Double; var status: String }
    private struct Scenario: Decodable { var name: String; var status: String; var steps: [Step]; var verified: [Fact] }
    private struct Suite: Decodable { var scenarios: [Scenario] }
    private struct Results: Decodable { var suites: [Suite] }
    /// Just the facts these tests read.
    private enum Fact: Decodable {
        case settled(afterMs: Int)
        case notSettled(neverCommitted: Bool)
        case other

        private enum Keys: String, CodingKey { case settled, notSettled }
        private struct Settled: Decodable { var afterMs: Int }
        private struct NotSettled: Decodable { var neverCommitted: Bool }

        init(from decoder: Decoder) throws {
            guard let container = try? decoder.container(keyedBy: Keys.self) else { self = .other; return }
            if let s = try container.decodeIfPresent(Settled.self, forKey: .settled) { self = .settled(afterMs: s.afterMs) }
            else if let n = try container.decodeIfPresent(NotSettled.self, forKey: .notSettled) { self = .notSettled(neverCommitted: n.neverCommitted) }
            else { self = .other }
        }
    }

    private static let suite = CLI.fixtures.appendingPathComponent("services/settle/suite.yaml")

    /// PATH with the cache venv (confluent-kafka, for the fixture services) first.
    private func venvPath() throws -> String {
        _ = try CacheTools.venvPython("import confluent_kafka")
        return CacheTools.pathWithVenvFirst()
    }

    private func run(_ suite: URL) throws -> (CLI.Outcome, [String: Scenario], URL) {
        let reports = try CLI.temporaryDirectory()
        let outcome = try CLI.run(["run", suite.path, "--report-dir", reports.path], environment: ["PATH": try venvPath()], timeout: 120)
        let data = try Data(contentsOf: reports.appendingPathComponent("results.json"))
        let results = try JSONDecoder().decode(Results.self, from: data)
        let scenarios = Dictionary(uniqueKeysWithValues: results.suites.flatMap(\.scenarios).map { ($0.name, $0) })
        return (outcome, scenarios, reports)
    }

    func testSettleEndsTheWaitsOnceTheServiceCommittedAndStillCatchesWhatItSent() throws {
        let (outcome, scenarios, reports) = try run(Self.suite)
        XCTAssertEqual(outcome.status, 1, outcome.stdout + outcome.stderr)   // the "emit" scenario fails

        // `for: 5s` ends once the group committed and 200 ms passed quietly.
        let quiet = try XCTUnwrap(scenarios["nothing comes out of a quiet action"])
        XCTAssertEqual(quiet.status, "passed", outcome.stdout)
        let wait = try XCTUnwrap(quiet.steps.first { $0.kind == "expect_none" })
        XCTAssertLessThan(wait.duration, 1.0, "settled instead of waiting 5s")
        guard case .settled(let after)? = quiet.verified.first(where: { if case .settled = $0 { true } else { false } }) else {
            return XCTFail("no settled fact: \(quiet.verified)")
        }
        XCTAssertGreaterThanOrEqual(after, 200, "the quiet period")

        // The service sends the unwanted message before it commits: settling must not end the wait first.
        let emit = try XCTUnwrap(scenarios["an unwanted message sent before the commit still fails"])
        XCTAssertEqual(emit.status, "failed", outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("a message arrived on 'out' where none was expected"), outcome.stdout)

        // The group has committed on `in` but never on `in2`: what the scenario wrote there still counts.
        let other = try XCTUnwrap(scenarios["an unwanted message from a topic the group has not committed on yet still fails"])
        XCTAssertEqual(other.status, "failed", outcome.stdout)

        // An exact count ends as soon as the group is done, and is judged then.
        let exact = try XCTUnwrap(scenarios["an exact count settles too"])
        XCTAssertEqual(exact.status, "passed", outcome.stdout)
        XCTAssertLessThan(try XCTUnwrap(exact.steps.first { $0.kind == "expect" }).duration, 1.5)

        // A group that never commits: the whole window, said so.
        let never = try XCTUnwrap(scenarios["a group that never commits waits out the window"])
        XCTAssertEqual(never.status, "passed", outcome.stdout)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(never.steps.first { $0.kind == "expect_none" }).duration, 1.0)
        XCTAssertTrue(never.verified.contains { if case .notSettled(true) = $0 { true } else { false } }, "\(never.verified)")
        let report = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("settled after "), report)
        XCTAssertTrue(report.contains(" never committed; waited the whole window"), report)
    }

    /// On a broker that describes groups (Tansu), a group that committed nothing and that the coordinator
    /// does not know is a step error naming it, once the window is over.
    func testAGroupTheCoordinatorDoesNotKnowIsAnErrorNamingIt() throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        let folder = try CLI.temporaryDirectory()
        let suite = folder.appendingPathComponent("typo.yaml")
        try """
            suite: typo
            topics: [{ name: t }]
            scenarios:
              - name: a misspelt group
                timeout: 10s
                steps:
                  - produce: { topic: t, value: x }
                  - expect_none: { topic: t, from: end, for: 1s, settle: { group: no-such-group } }
            """.write(to: suite, atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", suite.path, "--bootstrap-servers", broker.bootstrapServers,
                                  "--report-dir", folder.appendingPathComponent("r").path], environment: broker.environment)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("settle: consumer group 'no-such-group' does not exist"), result.stdout)
    }
}
