import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import XCTest

/// scenarios/examples/service: the Python backend (confluent-kafka) started by the runner, against Tansu; and the
/// same backend written with kafka-python (Fixtures/services/kafka_python), which needs a real broker.
final class ExampleServiceTests: XCTestCase {
    private var broker: TansuBroker!

    override func setUpWithError() throws {
        broker = try TansuBroker()
    }

    override func tearDown() {
        broker?.stop()
    }

    /// The cache venv's bin folder (scripts/install-deps.sh installs confluent-kafka and kafka-python there), if
    /// its python can import `module`.
    private func venvBin(with module: String = "confluent_kafka") throws -> String {
        URL(fileURLWithPath: try CacheTools.venvPython("import \(module)")).deletingLastPathComponent().path
    }

    private func run(_ suite: String, reports: URL, module: String = "confluent_kafka") throws -> CLI.Outcome {
        let path = try venvBin(with: module) + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try CLI.run(["run", suite, "--bootstrap-servers", broker.bootstrapServers, "--report-dir", reports.path],
                           environment: broker.environment.merging(["PATH": path]) { $1 }, timeout: 240)
    }

    func testTheExampleServiceSuitePassesOnTansuAndStopsItsService() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try run(CLI.repository.appendingPathComponent("scenarios/examples/service").path, reports: reports)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let cases = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases()
        XCTAssertEqual(cases.count, 6)
        XCTAssertTrue(cases.allSatisfy { $0.child("failure") == nil && $0.child("error") == nil && $0.child("skipped") == nil },
                      result.stdout)
        let log = try String(contentsOf: reports.appendingPathComponent("services/backend.log"), encoding: .utf8)
        XCTAssertTrue(log.contains("to DLQ: not JSON"), log)
        // Its expect_none steps settle on the backend's group instead of waiting out `for`.
        let report = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertEqual(report.components(separatedBy: "settled after ").count - 1, 3, report)
        XCTAssertTrue(log.contains("[kafka-scenario] ended: exit status 0"), "stopped by TERM within its grace:\n\(log)")
    }

    func testTheKafkaPythonBackendPassesOnTansu() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try run(CLI.fixtures.appendingPathComponent("services/kafka_python").path, reports: reports, module: "kafka")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let cases = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases()
        XCTAssertEqual(cases.count, 1)
        XCTAssertTrue(cases.allSatisfy { $0.child("failure") == nil && $0.child("error") == nil && $0.child("skipped") == nil },
                      result.stdout)
    }

    /// The example suite with its service and topics, holding only `scenario` (YAML at the list's indentation).
    private func exampleSuite(holdingOnly scenario: String) throws -> URL {
        let folder = try CLI.temporaryDirectory()
        let source = CLI.repository.appendingPathComponent("scenarios/examples/service")
        try FileManager.default.copyItem(at: source.appendingPathComponent("backend"), to: folder.appendingPathComponent("backend"))
        let text = try String(contentsOf: source.appendingPathComponent("backend.yaml"), encoding: .utf8)
        let scenarios = try XCTUnwrap(text.range(of: "scenarios:\n"))
        let suite = folder.appendingPathComponent("suite.yaml")
        try (String(text[..<scenarios.upperBound]) + scenario).write(to: suite, atomically: true, encoding: .utf8)
        return suite
    }

    func testAWrongExpectationOnTheServiceFailsAndCarriesItsLog() throws {
        // One scenario, with a reward the backend never pays.
        let suite = try exampleSuite(holdingOnly: """
          - name: a reward it never pays
            timeout: 20s
            steps:
              - produce:
                  topic: user_actions
                  value: { user_id: u1, data: { action: SLOT_SPIN, bet_amount: 10 } }
              - expect: { topic: notifications, messages: [{ value: { reward: 30 } }], within: 5s }

        """)
        let reports = try CLI.temporaryDirectory()
        let result = try run(suite.path, reports: reports)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let testcase = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcase(named: "a reward it never pays")
        let failure = try XCTUnwrap(testcase?.child("failure"), testcase?.xmlString ?? "no testcase")
        let body = failure.stringValue ?? ""
        XCTAssertTrue(body.contains("value.reward: expected 30, got 20"), body)
        XCTAssertTrue(body.contains("service 'backend' log during the scenario") && body.contains("reward 20 for u1"), body)
    }

    func testAnHTTPExpectationTheServiceDoesNotMeetFailsWithTheRequestAndTheAnswer() throws {
        let suite = try exampleSuite(holdingOnly: """
          - name: a refused spin is not accepted
            timeout: 20s
            steps:
              - http:
                  method: POST
                  url: "{{ services.backend.url }}/spin"
                  json: { user_id: u1, bet: -5 }
                  expect: { status: 200, json: { accepted: true } }

        """)
        let reports = try CLI.temporaryDirectory()
        let result = try run(suite.path, reports: reports)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let testcase = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcase(named: "a refused spin is not accepted")
        let failure = try XCTUnwrap(testcase?.child("failure"), testcase?.xmlString ?? "no testcase")
        let body = failure.stringValue ?? ""
        XCTAssertTrue(body.contains("POST http://127.0.0.1:") && body.contains("/spin"), body)
        XCTAssertTrue(body.contains("response: 400"), body)
        XCTAssertTrue(body.contains("service 'backend' log during the scenario"), body)
    }
}
