import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Faults, expected failures, deadlines, interrupts and report safety, through the built binary.
final class ReliabilityTests: XCTestCase {
    private var fixtures: URL { CLI.fixtures.appendingPathComponent("reliability") }

    private func results(_ reports: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: reports.appendingPathComponent("results.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func scenarios(_ reports: URL) throws -> [[String: Any]] {
        let suites = try results(reports)["suites"] as? [[String: Any]] ?? []
        return suites.flatMap { $0["scenarios"] as? [[String: Any]] ?? [] }
    }

    // MARK: faults

    func testFaultScenariosPassOnTheEmbeddedBroker() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", CLI.repository.appendingPathComponent("scenarios/faults").path, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let byName = Dictionary(uniqueKeysWithValues: try scenarios(reports).map { ($0["name"] as? String ?? "", $0) })
        XCTAssertEqual(byName.count, 3)
        XCTAssertTrue(byName.values.allSatisfy { $0["status"] as? String == "passed" }, "\(byName)")

        // The outage was in the delivery path: the produce waited for the brokers to come back.
        let outageLog = byName["delivery survives a 2 s broker outage"]?["log"] as? [String] ?? []
        let produced = try XCTUnwrap(outageLog.first { $0.contains("produce 60 to outage_events: 60 acknowledged in") })
        let seconds = Double(produced.components(separatedBy: "acknowledged in ").last?.dropLast() ?? "") ?? 0
        XCTAssertGreaterThan(seconds, 1.0, produced)

        // The slow broker scenario is marked to fail: it passed as expected, and says so.
        let slow = try XCTUnwrap(byName["a 300 ms round trip breaks a 100 ms acknowledgement bound"])
        XCTAssertNotNil(slow["expectedFailure"] as? String, "\(slow)")
        XCTAssertEqual((slow["failure"] as? [String: Any])?["type"] as? String, "ExpectedFailure", "\(slow)")
        XCTAssertTrue(((slow["failure"] as? [String: Any])?["message"] as? String)?.contains("only 0 of 1 messages") == true, "\(slow)")
        let markdown = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("failed as expected"), markdown)
    }

    // MARK: expect_failure

    func testExpectedFailureThatFailsCountsAsPassedWithANote() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", fixtures.appendingPathComponent("expected_failure.yaml").path, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 0, result.stdout)
        let scenario = try XCTUnwrap(try scenarios(reports).first)
        XCTAssertEqual(scenario["status"] as? String, "passed")
        let junit = try String(contentsOf: reports.appendingPathComponent("junit.xml"), encoding: .utf8)
        XCTAssertTrue(junit.contains("failed as expected (nothing is produced, so the expect must fail): message count"), junit)
    }

    func testExpectedFailureThatPassesFails() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", fixtures.appendingPathComponent("unexpected_pass.yaml").path, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout)
        let testcase = try XCTUnwrap(try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases().first)
        XCTAssertEqual(testcase.child("failure")?.attr("message"), "expected to fail (the bound is meant to be broken) but passed")
    }

    // MARK: expect_error

    func testExpectErrorAnyDoesNotAcceptAStepThatCouldNotRun() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", fixtures.appendingPathComponent("cannot_run_expecting_error.yaml").path, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout)
        let scenario = try XCTUnwrap(try scenarios(reports).first)
        XCTAssertEqual(scenario["status"] as? String, "error", "\(scenario)")
        let testcase = try XCTUnwrap(try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases().first)
        XCTAssertTrue(testcase.child("error")?.attr("message")?.contains("does not fit in the scenario's remaining time") == true,
                      testcase.xmlString)
        XCTAssertTrue(testcase.child("error")?.attr("message")?.contains("raise the scenario's `timeout:`") == true,
                      testcase.xmlString)
    }

    func testAFailingProcessorIsAnErrorThatNamesIt() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", fixtures.appendingPathComponent("processor_error.yaml").path, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout)
        let testcase = try XCTUnwrap(try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases().first)
        XCTAssertEqual(testcase.child("error")?.attr("message"),
                       "processor 'broken-stub' failed: emit.value: template error: 'in.value.nothing' does not exist (in.value has: a), for the message at 'requests' partition 0 offset 0 (no key)")
    }

    func testAProcessorWaitingForItsInputTopicStopsWithTheSteps() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", fixtures.appendingPathComponent("processor_input_missing.yaml").path, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout)
        let scenario = try XCTUnwrap(try scenarios(reports).first)
        XCTAssertEqual((scenario["failure"] as? [String: Any])?["message"] as? String,
                       "processor 'stub' failed: UNKNOWN_TOPIC_OR_PART: topic 'nowhere_topic' does not exist")
        XCTAssertLessThan(scenario["duration"] as? Double ?? 99, 10, "the scenario (timeout: 20s) waited for its processor")
    }

    // MARK: deadlines and interrupts

    /// Issue 21 item 12: `$regex "(.*.*.*.*)*="` on a 20,000-character value is a step error naming the
    /// expression within its budget, never a pass and never a hang past `within`, and the reports are written.
    func testACatastrophicRegexIsAnErrorWithinTheWindow() throws {
        let reports = try CLI.temporaryDirectory()
        let start = Date()
        let result = try CLI.run(["run", fixtures.appendingPathComponent("redos.yaml").path, "--report-dir", reports.path], timeout: 60)
        XCTAssertLessThan(Date().timeIntervalSince(start), 8, "within: 3s must hold against the regex")
        XCTAssertEqual(result.status, 1, result.stdout)
        let scenario = try XCTUnwrap(try scenarios(reports).first)
        XCTAssertEqual(scenario["status"] as? String, "error", "\(scenario)")
        XCTAssertTrue(((scenario["failure"] as? [String: Any])?["message"] as? String)?.contains("$regex /(.*.*.*.*)*=/ gave up") == true,
                      "\(scenario)")
    }

    func testAStuckStepIsCutOffByTheScenarioTimeout() throws {
        let reports = try CLI.temporaryDirectory()
        let start = Date()
        let result = try CLI.run(["run", fixtures.appendingPathComponent("stuck_step.yaml").path, "--report-dir", reports.path], timeout: 30)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertLessThan(elapsed, 5, "an expect with within: 60s in a scenario with timeout: 1s must end after about 1 s")
        let scenario = try XCTUnwrap(try scenarios(reports).first)
        XCTAssertEqual(scenario["status"] as? String, "failed")
        XCTAssertLessThan(scenario["duration"] as? Double ?? 99, 2)
    }

    func testGlobalTimeoutEndsTheRunAsAFailureWithReports() throws {
        let reports = try CLI.temporaryDirectory()
        let start = Date()
        let result = try CLI.run(["run", fixtures.appendingPathComponent("long_wait.yaml").path,
                                  fixtures.appendingPathComponent("expected_failure.yaml").path,
                                  "--jobs", "1", "--timeout", "1s", "--report-dir", reports.path], timeout: 30)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 6)
        let byName = Dictionary(uniqueKeysWithValues: try scenarios(reports).map { ($0["name"] as? String ?? "", $0["status"] as? String ?? "") })
        XCTAssertEqual(byName["waits thirty seconds"], "error")
        XCTAssertEqual(byName["marked to fail and fails"], "skipped")
        XCTAssertEqual(try results(reports)["interruption"] as? String, "--timeout 1s reached")
    }

    func testSIGINTStopsTheRunWithinFiveSecondsWritesReportsAndExits130() throws {
        try interrupt(with: SIGINT, expectedStatus: 130, reason: "SIGINT received")
    }

    func testSIGTERMStopsTheRunWithinFiveSecondsWritesReportsAndExits143() throws {
        try interrupt(with: SIGTERM, expectedStatus: 143, reason: "SIGTERM received")
    }

    private func interrupt(with signal: Int32, expectedStatus: Int32, reason: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let reports = try CLI.temporaryDirectory()
        let process = CLI.process(["run", fixtures.appendingPathComponent("long_wait.yaml").path, "--report-dir", reports.path])
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Wait until the scenario is running (the console prints the run header first), then a little more.
        let started = Date()
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("Running"), Date().timeIntervalSince(started) < 20 {
            seen.append(out.fileHandleForReading.availableData)
        }
        Thread.sleep(forTimeInterval: 1)
        XCTAssertTrue(process.isRunning, "the scenario waits 30 s", file: file, line: line)
        let sent = Date()
        kill(process.processIdentifier, signal)
        while process.isRunning, Date().timeIntervalSince(sent) < 10 { Thread.sleep(forTimeInterval: 0.02) }
        let elapsed = Date().timeIntervalSince(sent)
        XCTAssertFalse(process.isRunning, file: file, line: line)
        DispatchQueue.global().async { _ = out.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, expectedStatus, file: file, line: line)
        XCTAssertLessThan(elapsed, 5, file: file, line: line)
        for name in ["junit.xml", "report.md", "results.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: reports.appendingPathComponent(name).path), name, file: file, line: line)
        }
        XCTAssertEqual(ResultsSchema.problems(in: reports.appendingPathComponent("results.json")), [],
                       "an interrupted run's results.json follows schema/results.schema.json", file: file, line: line)
        let scenario = try XCTUnwrap(try scenarios(reports).first, file: file, line: line)
        XCTAssertEqual(scenario["status"] as? String, "error", file: file, line: line)
        XCTAssertEqual(try results(reports)["interruption"] as? String, reason, file: file, line: line)
        let testcase = try XCTUnwrap(try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases().first, file: file, line: line)
        // The fixture's expect_none (for: 30s) is cut short: the error names the reason and both durations (DESIGN §2).
        let message = testcase.child("error")?.attr("message") ?? ""
        XCTAssertTrue(message.hasPrefix("interrupted: \(reason) after "), message, file: file, line: line)
        XCTAssertTrue(message.hasSuffix("s of expect_none's 'for: 30s', which only its whole window can decide"), message, file: file, line: line)
    }

    // MARK: reports

    func testAFailedReportWriteLeavesThePreviousReportsIntactAndExitsThree() throws {
        let reports = try CLI.temporaryDirectory()
        let file = fixtures.appendingPathComponent("expected_failure.yaml").path
        let first = try CLI.run(["run", file, "--report-dir", reports.path])
        XCTAssertEqual(first.status, 0, first.stdout)
        let names = ["junit.xml", "report.md", "results.json"]
        let before = try names.map { try Data(contentsOf: reports.appendingPathComponent($0)) }
        // A file-size limit of 0 makes every write fail (EFBIG, with SIGXFSZ ignored), like a full disk.
        let shell = "ulimit -f 0; trap '' XFSZ; exec \"$0\" \"$@\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", shell, CLI.binary.path, "run", file, "--report-dir", reports.path]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 3, stderr)
        XCTAssertTrue(stderr.contains("cannot write reports to"), stderr)
        let after = try names.map { try Data(contentsOf: reports.appendingPathComponent($0)) }
        XCTAssertEqual(after, before, "the previous reports are untouched")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted(), names, "no temp files left")
    }

    func testProduceReportsAcknowledgedBesideSent() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", fixtures.appendingPathComponent("unexpected_pass.yaml").path, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1)
        let markdown = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("delivery success rate (events), 1/1 acknowledged | 100.0% | 100% |"), markdown)
    }
}
