import Foundation
import XCTest

/// Issue 21 items 16, 17, 19 and 31 through the built binary: a closed stdout, endless outputs, two runs on
/// one report directory, terminal escapes in names, an enormous response header.
final class OutputAndLifecycleTests: XCTestCase {
    private func write(_ yaml: String, in directory: URL, name: String = "suite.yaml") throws -> String {
        let url = directory.appendingPathComponent(name)
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func scenarioNames(_ reports: URL) throws -> [String] {
        let data = try Data(contentsOf: reports.appendingPathComponent("results.json"))
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let suites = root["suites"] as? [[String: Any]] ?? []
        return suites.flatMap { $0["scenarios"] as? [[String: Any]] ?? [] }.compactMap { $0["name"] as? String }
    }

    func testAClosedStdoutNeverStopsTheRunOrItsReports() throws {
        let dir = try CLI.temporaryDirectory()
        let file = try write("""
            suite: Pipe
            scenarios:
              - name: passes
                steps: [ { exec: { command: ["true"] } } ]
              - name: fails
                steps: [ { exec: { command: ["false"] } } ]
            """, in: dir)
        let reports = dir.appendingPathComponent("reports")
        // `run … | head -1`: the reader is gone before the first line is written.
        let process = CLI.process(["run", file, "--report-dir", reports.path, "--verbose", "--jobs", "1"])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try pipe.fileHandleForReading.close()
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "killed by a signal (SIGPIPE)")
        XCTAssertEqual(process.terminationStatus, 1, "the exit code follows the results")
        XCTAssertEqual(Set(try scenarioNames(reports)), ["passes", "fails"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: reports.appendingPathComponent("junit.xml").path))
    }

    func testTwoRunsOnOneReportDirectoryNeverMixTheirFiles() throws {
        let dir = try CLI.temporaryDirectory()
        var files: [String] = []
        for run in ["a", "b"] {
            files.append(try write("""
                suite: Run \(run)
                scenarios:
                  - name: \(run)-one
                    steps: [ { exec: { command: [sleep, "0.3"] } } ]
                  - name: \(run)-two
                    steps: [ { exec: { command: ["true"] } } ]
                """, in: dir, name: "\(run).yaml"))
        }
        let reports = dir.appendingPathComponent("shared-reports")
        for round in 1...3 {
            let processes = files.map { CLI.process(["run", $0, "--report-dir", reports.path, "--quiet"]) }
            let errors = processes.map { process -> Pipe in
                let pipe = Pipe()
                process.standardOutput = FileHandle.nullDevice
                process.standardError = pipe
                return pipe
            }
            for process in processes { try process.run() }
            for process in processes { process.waitUntilExit() }
            XCTAssertEqual(processes.map(\.terminationStatus), [0, 0], "round \(round)")
            let waited = errors.map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
            XCTAssertEqual(waited.filter { $0.contains("waiting for another run") }.count, 1, "round \(round): \(waited)")
            // The last run to finish wrote every file: all of them name its scenarios only.
            let names = Set(try scenarioNames(reports))
            XCTAssertTrue(names == ["a-one", "a-two"] || names == ["b-one", "b-two"], "round \(round): \(names)")
            let junit = try String(contentsOf: reports.appendingPathComponent("junit.xml"), encoding: .utf8)
            let markdown = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
            for name in names { XCTAssertTrue(junit.contains(name) && markdown.contains(name), "round \(round)") }
            for other in ["a-one", "b-one"] where !names.contains(other) {
                XCTAssertFalse(junit.contains(other) || markdown.contains(other), "round \(round): files of both runs")
            }
        }
    }

    func testAnEscapeInAScenarioNameNeverReachesTheTerminal() throws {
        let dir = try CLI.temporaryDirectory()
        let file = try write("""
            suite: "Esc \\e]0;title\\a"
            scenarios:
              - name: "clears \\e[2J the screen \\e and rings \\a"
                steps: [ { exec: { command: ["false"] } } ]
            """, in: dir)
        let outcome = try CLI.run(["run", file, "--report-dir", dir.appendingPathComponent("r").path, "--verbose"])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stdout.contains("clears"), outcome.stdout)
        XCTAssertFalse(outcome.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, outcome.stdout)
    }

    func testAnEndlessHTTPBodyEndsAtWithin() throws {
        let server = try FixtureHTTPServer()
        defer { server.stop() }
        let dir = try CLI.temporaryDirectory()
        let file = try write("""
            suite: Endless
            scenarios:
              - name: endless body
                steps:
                  - http: { url: "\(server.url)/endless", within: 3s }
            """, in: dir)
        let start = Date()
        let outcome = try CLI.run(["run", file, "--report-dir", dir.appendingPathComponent("r").path], timeout: 60)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 9, "within: 3s held (on a loaded machine: the broker starts too)")
        XCTAssertTrue(outcome.stdout.contains("timed out"), outcome.stdout)
    }

    func testAnEnormousResponseHeaderIsNamedAsSuch() throws {
        let server = try FixtureHTTPServer()
        defer { server.stop() }
        let dir = try CLI.temporaryDirectory()
        let file = try write("""
            suite: Big header
            scenarios:
              - name: four megabytes of header
                steps:
                  - http: { url: "\(server.url)/bigheader?bytes=4000000", within: 10s }
            """, in: dir)
        let outcome = try CLI.run(["run", file, "--report-dir", dir.appendingPathComponent("r").path], timeout: 60)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertFalse(outcome.stdout.contains("Out of memory"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("header"), outcome.stdout)
    }

    func testAServiceThatExitsNonZeroWhenStoppedFailsTheSuitesLastScenario() throws {
        let dir = try CLI.temporaryDirectory()
        let file = try write("""
            suite: Crash on shutdown
            services:
              - name: grumpy
                command: [sh, -c, "trap 'echo shutting down badly; exit 3' TERM; echo up; while :; do sleep 0.1; done"]
                ready: { log: "^up$" }
            scenarios:
              - name: first
                steps: [ { exec: { command: ["true"] } } ]
              - name: last
                steps: [ { exec: { command: ["true"] } } ]
            """, in: dir)
        let reports = dir.appendingPathComponent("r")
        let outcome = try CLI.run(["run", file, "--report-dir", reports.path, "--lang", "ko"])
        XCTAssertEqual(outcome.status, 1, outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("✔") && outcome.stdout.contains("first"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("service 'grumpy' ended with exit status 3 when it was stopped"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("shutting down badly"), "its last log lines: \(outcome.stdout)")
        let markdown = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("서비스 'grumpy'이(가) 중지될 때 종료 코드 3(으)로 끝남"), markdown)
    }

    func testAServiceThatStopsWellFailsNothing() throws {
        let dir = try CLI.temporaryDirectory()
        let file = try write("""
            suite: Polite
            services:
              - name: polite
                command: [sh, -c, "trap 'exit 0' TERM; echo up; while :; do sleep 0.1; done"]
                ready: { log: "^up$" }
              - name: killed-by-term
                command: [sleep, "60"]
            scenarios:
              - name: only
                steps: [ { exec: { command: ["true"] } } ]
            """, in: dir)
        let outcome = try CLI.run(["run", file, "--report-dir", dir.appendingPathComponent("r").path])
        XCTAssertEqual(outcome.status, 0, outcome.stdout)
    }

    func testSIGKILLOfTheRunnerLeavesNoServiceOrSetsidGrandchild() throws {
        let dir = try CLI.temporaryDirectory()
        let pids = dir.appendingPathComponent("pids").path
        let file = try write("""
            suite: Orphans
            services:
              - name: forker
                command: [sh, -c, "setsid sh -c 'echo $$ >> \(pids); exec sleep 300' >/dev/null 2>&1 & echo $$ >> \(pids); echo up; sleep 300"]
                ready: { log: "^up$" }
            scenarios:
              - name: waits
                steps: [ { exec: { command: [sleep, "60"] } } ]
            """, in: dir)
        let process = CLI.process(["run", file, "--report-dir", dir.appendingPathComponent("r").path, "--quiet"])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var started: [pid_t] = []
        let deadline = Date().addingTimeInterval(60)
        while started.count < 2, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            started = ((try? String(contentsOfFile: pids, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { pid_t($0) }
        }
        XCTAssertEqual(started.count, 2, "the service and its grandchild wrote their pids")
        Thread.sleep(forTimeInterval: 0.5)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let until = Date().addingTimeInterval(5)
        var alive = started
        while !alive.isEmpty, Date() < until {
            alive = alive.filter { kill($0, 0) == 0 && !Self.isZombie($0) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        alive.forEach { kill($0, SIGKILL) }
        started.forEach { kill(-$0, SIGKILL) }   // their groups: what could hold the test's pipes
        XCTAssertEqual(alive, [], "outlived a runner killed with SIGKILL")
    }

    private static func isZombie(_ pid: pid_t) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }
}
