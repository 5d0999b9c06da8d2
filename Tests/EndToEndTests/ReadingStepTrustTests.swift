import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// A reading step that could not read, or whose input never came because a processor broke, is an
/// error that says why — never a pass, and never a "failed as expected".
final class ReadingStepTrustTests: XCTestCase {
    private func scenarios(_ reports: URL) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: reports.appendingPathComponent("results.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let all = (json["suites"] as? [[String: Any]] ?? []).flatMap { $0["scenarios"] as? [[String: Any]] ?? [] }
        return Dictionary(uniqueKeysWithValues: all.map { ($0["name"] as? String ?? "", $0) })
    }

    private func failure(_ scenario: [String: Any]?) -> (type: String, message: String) {
        let failure = scenario?["failure"] as? [String: Any]
        return (failure?["type"] as? String ?? "", failure?["message"] as? String ?? "")
    }

    func testReadingStepsWithoutAnEmbeddedBrokerAreErrorsNamingIt() throws {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("reliability/all_brokers_down.yaml").path
        let result = try CLI.run(["run", file, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let byName = try scenarios(reports)
        for name in ["expect_none without a broker", "an upper bound without a broker", "a consumer group without a broker"] {
            XCTAssertEqual(byName[name]?["status"] as? String, "error", "\(name): \(byName[name] ?? [:])")
            let (type, message) = failure(byName[name])
            XCTAssertEqual(type, "BrokerUnreachable", name)
            XCTAssertTrue(message.hasPrefix("the embedded broker (127.0.0.1:"), "\(name): \(message)")
            XCTAssertTrue(message.contains("stopped answering while reading 'quiet'"), "\(name): \(message)")
        }
        let processor = byName["a processor whose input loses every broker"]
        XCTAssertEqual(processor?["status"] as? String, "error")
        XCTAssertTrue(failure(processor).message.hasPrefix("processor 'relay' failed: the embedded broker"), failure(processor).message)
        XCTAssertTrue(failure(processor).message.contains("while reading 'quiet'"), failure(processor).message)
        // The faults are undone with their scenario: the next one reads again.
        XCTAssertEqual(byName["the broker is back for the next scenario"]?["status"] as? String, "passed")
    }

    func testAnUnresolvableProcessorTemplateIsAnErrorNamingThePathAndTheMessage() throws {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("reliability/processor_missing_header.yaml").path
        let result = try CLI.run(["run", file, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let scenario = try scenarios(reports).values.first
        XCTAssertEqual(scenario?["status"] as? String, "error", "not 'failed as expected': \(scenario ?? [:])")
        XCTAssertEqual(failure(scenario).type, "ProcessorError")
        XCTAssertEqual(failure(scenario).message,
                       "processor 'tracer' failed: emit.value: template error: 'in.headers.trace_id' does not exist (in.headers has: nothing), for the message at 'requests' partition 0 offset 0 (key \"k1\")")
        // The expect waiting for the processor's output stops with it instead of waiting out within: 10s.
        XCTAssertLessThan(scenario?["duration"] as? Double ?? 99, 10)
    }
}

/// The same on a real broker that dies: Tansu killed while expect_none waits.
final class ReadingStepBrokerDiesTests: XCTestCase {
    private var broker: TansuBroker!

    override func setUpWithError() throws { broker = try TansuBroker() }

    override func tearDown() {
        broker?.stop()
        broker = nil
    }

    func testExpectNoneIsAnErrorWhenTheBrokerDiesDuringItsWindow() throws {
        let all = try runKillingTheBroker("expect_none_broker_dies.yaml")
        XCTAssertEqual(all.count, 2)
        assertBrokerLost(all)
    }

    func testUpperBoundsAndGroupsAreErrorsWhenTheBrokerDiesDuringTheirWindow() throws {
        let all = try runKillingTheBroker("upper_bounds_broker_dies.yaml")
        XCTAssertEqual(all.count, 1)
        assertBrokerLost(all)
    }

    /// A load step producing flat out when the broker dies: its full queue once waited for room forever.
    func testLoadIsAnErrorNamingTheBrokerWhenTheBrokerDiesMidRun() throws {
        let all = try runKillingTheBroker("load_broker_dies.yaml")
        XCTAssertEqual(all.count, 1)
        assertBrokerLost(all)
    }

    /// Runs the fixture, kills the broker 2 s in, and returns results.json's scenarios.
    private func runKillingTheBroker(_ fixture: String) throws -> [[String: Any]] {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("brokers/\(fixture)").path
        let process = CLI.process(["run", file, "--report-dir", reports.path, "--jobs", "1", "--quiet",
                                   "--bootstrap-servers", broker.bootstrapServers], environment: broker.environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        addTeardownBlock { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        Thread.sleep(forTimeInterval: 2)
        broker.kill()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertFalse(process.isRunning, "the run hung after the broker died")
        XCTAssertEqual(process.terminationStatus, 3, "a broker that dies mid-run is infrastructure (README: exit 3)")

        let data = try Data(contentsOf: reports.appendingPathComponent("results.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (json["suites"] as? [[String: Any]] ?? []).flatMap { $0["scenarios"] as? [[String: Any]] ?? [] }
    }

    private func assertBrokerLost(_ all: [[String: Any]]) {
        for scenario in all {
            let name = scenario["name"] as? String ?? ""
            let failure = scenario["failure"] as? [String: Any]
            XCTAssertEqual(scenario["status"] as? String, "error", "\(name): \(scenario)")
            XCTAssertEqual(failure?["type"] as? String, "BrokerUnreachable", name)
            let message = failure?["message"] as? String ?? ""
            XCTAssertTrue(message.contains("the broker at \(broker.bootstrapServers) stopped answering"), "\(name): \(message)")
            // None waits out what it was given (an 8 s window, a 20 s timeout): the loss is known at once.
            XCTAssertLessThan(scenario["duration"] as? Double ?? 99, 8, name)
        }
    }
}
