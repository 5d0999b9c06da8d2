import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Synchronization
import TestSupport
import XCTest

/// The runner against Tansu on a loopback port, librdkafka 2.16 through LD_LIBRARY_PATH.
final class RealBrokerTests: RealBrokerTestCase {
    override func makeBroker() throws -> RealBroker { try TansuBroker() }

    func testSeedSuitePassesOnTansuAndLeavesNoIsolatedTopic() throws { try checkSeedSuitePassesAndLeavesNoIsolatedTopic() }
    func testTopicConfigAssertionFailsWhenTheBrokerDisagrees() throws { try checkTopicConfigAssertionFailsWhenTheBrokerDisagrees() }
    func testTwoConcurrentRunsOfTheSeedBothPass() throws { try checkTwoConcurrentRunsOfTheSeedBothPass() }
    func testIsolatedTopicsAreDeletedUnlessKeptAndSharedTopicsNeverAre() throws { try checkIsolatedTopicsAreDeletedUnlessKeptAndSharedTopicsNeverAre() }
    func testInterruptedRunStillDeletesItsIsolatedTopics() throws { try checkInterruptedRunStillDeletesItsIsolatedTopics() }
    func testBrokerKilledMidRunErrorsTheScenarioWritesReportsAndDoesNotHang() throws { try checkBrokerKilledMidRunErrorsTheScenarioWritesReportsAndDoesNotHang() }
    func testPeekPrintsEachMessageAsAJSONLineAndEndsAtTheEndOffsets() throws { try checkPeekPrintsEachMessageAsAJSONLineAndEndsAtTheEndOffsets() }
    func testPeekFromTheEndOrTheLastNAndCount() throws { try checkPeekFromTheEndOrTheLastNAndCount() }
    func testPeekShowsATombstoneApartFromTheTextNull() throws { try checkPeekShowsATombstoneApartFromTheTextNull() }
    func testPeekFollowKeepsReadingNewMessages() throws { try checkPeekFollowKeepsReadingNewMessages() }
    func testPeekAtAnUnknownTopicIsOneSentenceExitTwo() throws { try checkPeekAtAnUnknownTopicIsOneSentenceExitTwo() }

    func testOldLibrdkafkaSaysWhyItCannotTalkToTheBroker() throws {
        let reports = try CLI.temporaryDirectory()
        let start = Date()
        // The system librdkafka (2.0.2 on Debian 12), without LD_LIBRARY_PATH.
        let result = try CLI.run(["run", seed, "--bootstrap-servers", broker.bootstrapServers, "--connect-timeout", "10s",
                                  "--report-dir", reports.path])
        let version = result.stderr.range(of: #"librdkafka \d+\.\d+\.\d+"#, options: .regularExpression).map { String(result.stderr[$0]) }
        if result.status == 0 { throw missingPart("the system librdkafka talks to Tansu: nothing to explain") }
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "must not wait for the connect timeout")
        XCTAssertTrue(result.stderr.contains(broker.bootstrapServers), result.stderr)
        XCTAssertTrue(result.stderr.contains("Read underflow"), result.stderr)
        XCTAssertNotNil(version, result.stderr)
        XCTAssertTrue(result.stderr.contains("newer librdkafka") && result.stderr.contains("LD_LIBRARY_PATH"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one sentence: \(result.stderr)")
    }
}

/// The same semantics on noida-db, with the system librdkafka (no LD_LIBRARY_PATH).
final class NoidaBrokerTests: RealBrokerTestCase {
    override func makeBroker() throws -> RealBroker { try NoidaBroker() }

    func testSeedSuitePassesOnNoidaAndLeavesNoIsolatedTopic() throws { try checkSeedSuitePassesAndLeavesNoIsolatedTopic() }
    func testTopicConfigAssertionFailsWhenTheBrokerDisagrees() throws { try checkTopicConfigAssertionFailsWhenTheBrokerDisagrees() }
    func testTwoConcurrentRunsOfTheSeedBothPass() throws { try checkTwoConcurrentRunsOfTheSeedBothPass() }
    func testIsolatedTopicsAreDeletedUnlessKeptAndSharedTopicsNeverAre() throws { try checkIsolatedTopicsAreDeletedUnlessKeptAndSharedTopicsNeverAre() }
    func testInterruptedRunStillDeletesItsIsolatedTopics() throws { try checkInterruptedRunStillDeletesItsIsolatedTopics() }
    func testBrokerKilledMidRunErrorsTheScenarioWritesReportsAndDoesNotHang() throws { try checkBrokerKilledMidRunErrorsTheScenarioWritesReportsAndDoesNotHang() }
    func testPeekPrintsEachMessageAsAJSONLineAndEndsAtTheEndOffsets() throws { try checkPeekPrintsEachMessageAsAJSONLineAndEndsAtTheEndOffsets() }
    func testPeekFromTheEndOrTheLastNAndCount() throws { try checkPeekFromTheEndOrTheLastNAndCount() }
    func testPeekShowsATombstoneApartFromTheTextNull() throws { try checkPeekShowsATombstoneApartFromTheTextNull() }
    func testPeekFollowKeepsReadingNewMessages() throws { try checkPeekFollowKeepsReadingNewMessages() }
    func testPeekAtAnUnknownTopicIsOneSentenceExitTwo() throws { try checkPeekAtAnUnknownTopicIsOneSentenceExitTwo() }
}

/// The real-broker semantics, written once. Each broker's class lists them, one line a check: XCTest on
/// Linux runs only the test methods a class declares itself.
class RealBrokerTestCase: XCTestCase {
    var broker: RealBroker!

    func makeBroker() throws -> RealBroker { fatalError("each broker's test class names its broker") }

    override func setUpWithError() throws {
        broker = try makeBroker()
    }

    override func tearDown() {
        broker?.stop()
        broker = nil
    }

    func checkSeedSuitePassesAndLeavesNoIsolatedTopic() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try run([seed, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")

        let junit = try JUnitFile(reports.appendingPathComponent("junit.xml"))
        let cases = try junit.testcases()
        XCTAssertEqual(cases.count, 12)
        XCTAssertEqual(cases.filter { $0.child("failure") != nil || $0.child("error") != nil || $0.child("skipped") != nil }
            .map { $0.attr("name") ?? "?" }, [])
        // The real broker answers DescribeConfigs: the check the embedded broker skips really runs here.
        let results = try Results(reports)
        let configuration = try XCTUnwrap(results.scenario(named: "test_topic_configuration"))
        XCTAssertEqual(configuration["status"] as? String, "passed")
        // results.json keeps the fact as data (reports word it): the topic, its partitions and the configs checked.
        let verified = try XCTUnwrap(configuration["verified"] as? [[String: Any]])
        let exists = try XCTUnwrap(verified.first?["topicExists"] as? [String: Any])
        XCTAssertEqual(exists["topic"] as? String, "real_time_feedback")
        XCTAssertEqual(exists["partitions"] as? Int, 1)
        XCTAssertEqual((exists["config"] as? [[String: String]])?.map { "\($0["key"] ?? "")=\($0["value"] ?? "")" },
                       ["retention.ms=60000", "cleanup.policy=delete"])
        XCTAssertEqual(results.environment["brokerMode"] as? String, "external")
        if let version = broker.librdkafkaVersion {
            XCTAssertEqual(results.environment["librdkafkaVersion"] as? String, version)
        }
        XCTAssertEqual(results.environment["brokerCount"] as? Int, 1)
        XCTAssertNotNil(results.environment["clusterID"] as? String)
        let properties = try junit.xml.nodes(forXPath: "/testsuites/properties/property | //testsuite/properties/property")
            .compactMap { $0 as? XMLElement }
        XCTAssertTrue(properties.contains {
            $0.attr("name") == "librdkafka.version" && $0.attr("value") == results.environment["librdkafkaVersion"] as? String
        })
        XCTAssertTrue(properties.contains { $0.attr("name") == "broker.count" && $0.attr("value") == "1" })

        try assertTopics(results.isolatedTopicCandidates, exist: false)
    }

    func checkTopicConfigAssertionFailsWhenTheBrokerDisagrees() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try run([fixture("wrong_topic_config.yaml"), "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("retention.ms: expected 60001, got 60000"), result.stdout)
        // The broker still answers: an unmet assertion stays a failure, not a broker error.
        let testcase = try XCTUnwrap(JUnitFile(reports.appendingPathComponent("junit.xml"))
            .testcase(named: "a config value the topic does not have"))
        XCTAssertNotNil(testcase.child("failure"))
        XCTAssertNil(testcase.child("error"))
    }

    func checkTwoConcurrentRunsOfTheSeedBothPass() throws {
        let folders = try (0..<2).map { _ in try CLI.temporaryDirectory() }
        let outcomes = Mutex([CLI.Outcome?](repeating: nil, count: 2))
        let (seed, servers, environment) = (seed, broker.bootstrapServers, broker.environment)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let outcome = try? CLI.run(["run", seed, "--report-dir", folders[index].path, "--jobs", "2",
                                        "--bootstrap-servers", servers], environment: environment, timeout: 60)
            outcomes.withLock { $0[index] = outcome }
        }
        for (index, outcome) in outcomes.withLock({ $0 }).enumerated() {
            let outcome = try XCTUnwrap(outcome)
            XCTAssertEqual(outcome.status, 0, "run \(index):\n\(outcome.stdout)\n\(outcome.stderr)")
        }
        let ids = try folders.map { try Results($0).runID }
        XCTAssertNotEqual(ids[0], ids[1])
    }

    func checkIsolatedTopicsAreDeletedUnlessKeptAndSharedTopicsNeverAre() throws {
        let shared = "shared_\(UUID().uuidString.prefix(8).lowercased())"
        let probe = try CLI.temporaryDirectory().appendingPathComponent("cleanup_probe.yaml")
        try """
        suite: Cleanup probe
        topics:
          - name: probe
          - name: \(shared)
            isolate: false
        scenarios:
          - name: writes to both topics
            timeout: 10s
            steps:
              - produce: { topic: probe, value: x }
              - produce: { topic: \(shared), value: y }
        """.write(to: probe, atomically: true, encoding: .utf8)

        let kept = try CLI.temporaryDirectory()
        XCTAssertEqual(try run([probe.path, "--report-dir", kept.path, "--keep-topics"]).status, 0)
        let deleted = try CLI.temporaryDirectory()
        XCTAssertEqual(try run([probe.path, "--report-dir", deleted.path]).status, 0)

        try assertTopics(["probe.\(try Results(kept).runID).1", shared], exist: true)
        try assertTopics(["probe.\(try Results(deleted).runID).1"], exist: false)
    }

    func checkInterruptedRunStillDeletesItsIsolatedTopics() throws {
        // With --keep-topics the same interrupted run leaves its topic: the check below can fail.
        for keep in [false, true] {
            let reports = try CLI.temporaryDirectory()
            let process = try launch([fixture("long_wait.yaml"), "--report-dir", reports.path] + (keep ? ["--keep-topics"] : []))
            Thread.sleep(forTimeInterval: 1.5)
            process.interrupt()
            XCTAssertTrue(waitForExit(process, seconds: 20), "the interrupted run did not stop")
            XCTAssertEqual(process.terminationStatus, 130)
            try assertTopics(["waiting.\(try Results(reports).runID).1"], exist: keep)
        }
    }

    func checkBrokerKilledMidRunErrorsTheScenarioWritesReportsAndDoesNotHang() throws {
        let reports = try CLI.temporaryDirectory()
        let start = Date()
        let process = try launch([fixture("long_wait.yaml"), "--report-dir", reports.path])
        Thread.sleep(forTimeInterval: 1.5)
        broker.kill()
        XCTAssertTrue(waitForExit(process, seconds: 30), "the run hung after the broker died")
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        XCTAssertEqual(process.terminationStatus, 3, "a broker that dies mid-run is infrastructure (README: exit 3)")
        let junit = try JUnitFile(reports.appendingPathComponent("junit.xml"))
        let testcase = try XCTUnwrap(junit.testcase(named: "waits for a message that never comes"))
        let error = try XCTUnwrap(testcase.child("error"), "the scenario could not run once the broker was gone: an error")
        XCTAssertEqual(error.attr("type"), "BrokerUnreachable")
        XCTAssertTrue(error.attr("message")?.hasPrefix("the broker at \(broker.bootstrapServers) stopped answering") ?? false,
                      error.attr("message") ?? "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: reports.appendingPathComponent("report.md").path))
    }

    // MARK: helpers

    var seed: String { CLI.repository.appendingPathComponent("scenarios/seed").path }

    private func fixture(_ name: String) -> String {
        CLI.fixtures.appendingPathComponent("brokers/\(name)").path
    }

    func run(_ arguments: [String], timeout: Double = 60) throws -> CLI.Outcome {
        try CLI.run(["run"] + arguments + ["--bootstrap-servers", broker.bootstrapServers],
                    environment: broker.environment, timeout: timeout)
    }

    /// Starts the runner in the background (output discarded) for tests that signal or kill things meanwhile.
    private func launch(_ arguments: [String]) throws -> Process {
        let process = CLI.process(["run"] + arguments + ["--bootstrap-servers", broker.bootstrapServers, "--quiet"],
                                  environment: broker.environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        addTeardownBlock { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        return process
    }

    func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !process.isRunning
    }

    /// Asks the broker through the runner itself (the test process links the system librdkafka,
    /// which cannot talk to Tansu): one `topic` step per name.
    private func assertTopics(_ names: [String], exist: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = try CLI.temporaryDirectory()
        let check = folder.appendingPathComponent("topic_check.yaml")
        let steps = names.map { "      - topic: { name: \"\($0)\", exists: \(exist) }" }.joined(separator: "\n")
        try "suite: Topic check\nscenarios:\n  - name: check\n    timeout: 20s\n    steps:\n\(steps)\n"
            .write(to: check, atomically: true, encoding: .utf8)
        let result = try run([check.path, "--report-dir", folder.appendingPathComponent("reports").path])
        XCTAssertEqual(result.status, 0, "expected \(exist ? "" : "no ")topics \(names):\n\(result.stdout)\(result.stderr)",
                       file: file, line: line)
    }
}

/// The few facts the tests read out of results.json.
private struct Results {
    let json: [String: Any]

    init(_ folder: URL) throws {
        let data = try Data(contentsOf: folder.appendingPathComponent("results.json"))
        json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    var runID: String { json["runID"] as? String ?? "" }
    var environment: [String: Any] { json["environment"] as? [String: Any] ?? [:] }

    func scenario(named name: String) -> [String: Any]? {
        let suites = json["suites"] as? [[String: Any]] ?? []
        return suites.flatMap { $0["scenarios"] as? [[String: Any]] ?? [] }.first { $0["name"] as? String == name }
    }

    /// Every name an isolated topic of this run can have: each suite topic with each scenario number.
    var isolatedTopicCandidates: [String] {
        let suites = json["suites"] as? [[String: Any]] ?? []
        let scenarioCount = suites.reduce(0) { $0 + (($1["scenarios"] as? [Any])?.count ?? 0) }
        let topics = suites.flatMap { suite in
            (suite["topics"] as? [[String: Any]] ?? []).filter { $0["actualName"] as? String != $0["name"] as? String }
                .compactMap { $0["name"] as? String }
        }
        return Set(topics).sorted().flatMap { topic in (1...max(1, scenarioCount)).map { "\(topic).\(runID).\($0)" } }
    }
}
