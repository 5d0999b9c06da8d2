import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import XCTest

/// Why an `expect` missed (DESIGN §2.1), in the failure text of the console, JUnit and report.md, and in results.json.
final class MissExplanationTests: XCTestCase {
    private func failureText(_ testcase: XMLElement?) -> String {
        guard let element = testcase?.child("failure") ?? testcase?.child("error") else { return "" }
        return (element.attr("message") ?? "") + "\n" + (element.stringValue ?? "")
    }

    /// PATH with the cache venv (confluent-kafka, for the fixture services) first.
    private func venvPath() throws -> String {
        _ = try CacheTools.venvPython("import confluent_kafka")
        return CacheTools.pathWithVenvFirst()
    }

    /// A service answers late, or sends the answer to its dead-letter topic: the failure says so.
    func testALateAnswerAndAnAnswerOnTheDeadLetterTopicAreNamed() throws {
        let reports = try CLI.temporaryDirectory()
        let suite = CLI.fixtures.appendingPathComponent("services/settle/miss.yaml")
        let result = try CLI.run(["run", suite.path, "--report-dir", reports.path], environment: ["PATH": try venvPath()])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let junit = try JUnitFile(reports.appendingPathComponent("junit.xml"))

        let late = failureText(try junit.testcase(named: "a late answer"))
        XCTAssertTrue(late.contains("Why it was missed:"), late)
        let delay = try XCTUnwrap(late.range(of: #"expected message #1 arrived (\d+) ms after `within: 500ms`"#, options: .regularExpression),
                                  late)
        let ms = Int(late[delay].split(separator: " ")[4]) ?? -1
        XCTAssertTrue((1...2000).contains(ms), "the service answers 1 s after it reads (\(ms) ms after the 500 ms window)")
        XCTAssertTrue(result.stdout.contains("late, not lost"), "the console shows it too:\n\(result.stdout)")

        let dlq = failureText(try junit.testcase(named: "an answer that went to the dead-letter topic"))
        XCTAssertTrue(dlq.contains("a message matching expected message #1 with key 'k-bad' arrived on 'out.dlq' instead"), dlq)
        XCTAssertTrue(dlq.contains("headers error=not JSON"), dlq)
        XCTAssertFalse(dlq.contains("arrived on 'in'"), "what the scenario itself sent is no explanation:\n\(dlq)")
        XCTAssertTrue(dlq.contains("nothing matching arrived in the "), dlq)

        // An expect without messages (at least one must arrive) says so too.
        let count = failureText(try junit.testcase(named: "a count that is met too late"))
        XCTAssertTrue(count.range(of: #"a message arrived \d+ ms after `within: 500ms`"#, options: .regularExpression) != nil, count)

        // results.json holds it as data; report.md words it, in Korean too.
        let json = try String(contentsOf: reports.appendingPathComponent("results.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("\"explanation\""), json)
        XCTAssertTrue(json.contains("\"afterMs\""), json)
        let markdown = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("arrived on 'out.dlq' instead"), markdown)
        let korean = reports.appendingPathComponent("ko")
        _ = try CLI.run(["report", reports.appendingPathComponent("results.json").path, "--lang", "ko", "--report-dir", korean.path])
        let ko = try String(contentsOf: korean.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(ko.contains("놓친 이유:"), ko)
        XCTAssertTrue(ko.contains("ms 늦게 도착함"), ko)
        XCTAssertTrue(ko.contains("'out.dlq' 토픽에 도착함"), ko)
    }

    /// The partition an expected key hashes to, by murmur2 and by CRC-32, and a group member's assignment.
    func testTheKeysPartitionAndTheMembersAssignmentAreNamed() throws {
        let folder = try CLI.temporaryDirectory()
        let suite = folder.appendingPathComponent("keys.yaml")
        try """
            suite: Keys
            topics:
              - { name: orders, partitions: 3 }
            scenarios:
              - name: a key on another partition
                timeout: 20s
                steps:
                  - produce: { topic: orders, key: user_1, value: { n: 1 }, partition: 1 }
                  - expect: { topic: orders, messages: [{ key: user_1, value: { n: 2 } }], within: 300ms }
              - name: a group member misses it
                timeout: 20s
                steps:
                  - produce: { topic: orders, key: user_2, value: { n: 1 } }
                  - expect: { topic: orders, group: "g-{{ run.id }}", messages: [{ key: user_2, value: { n: 2 } }], within: 10s }
            """.write(to: suite, atomically: true, encoding: .utf8)
        let reports = folder.appendingPathComponent("r")
        let result = try CLI.run(["run", suite.path, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let junit = try JUnitFile(reports.appendingPathComponent("junit.xml"))
        let text = failureText(try junit.testcase(named: "a key on another partition"))
        // Kafka's murmur2 of "user_1" is partition 0 of 3; CRC-32 (librdkafka's default) partition 2 (KeyPartitionerTests).
        XCTAssertTrue(text.contains("key 'user_1' hashes to partition 0 of 3 by murmur2 (the Java client), read; partition 2 by CRC-32"), text)
        XCTAssertTrue(text.contains("partition 1 offsets 0–1 (1 message)"), text)
        let member = failureText(try junit.testcase(named: "a group member misses it"))
        XCTAssertTrue(member.contains("as a member of its group it held partitions [0, 1, 2]"), member)
    }

    /// A stub processor routes the answer to a dead-letter topic: what a processor sent there is named,
    /// what the scenario's own produce step sent is not.
    func testAProcessorsDeadLetterIsNamedWithItsHeaders() throws {
        let folder = try CLI.temporaryDirectory()
        let suite = folder.appendingPathComponent("dlq.yaml")
        try """
            suite: DLQ
            topics: [{ name: actions }, { name: rewards }, { name: actions.dlq }]
            processors:
              - name: router
                from: actions
                to: actions.dlq
                emit: { key: "{{ in.key }}", value: "{{ in.value }}", headers: { error: missing user_id } }
            scenarios:
              - name: the answer went to the dead-letter topic
                timeout: 20s
                steps:
                  - produce: { topic: actions, key: user_9, value: { action: SPIN } }
                  - expect: { topic: rewards, messages: [{ key: user_9 }], within: 1s }
            """.write(to: suite, atomically: true, encoding: .utf8)
        let reports = folder.appendingPathComponent("r")
        let result = try CLI.run(["run", suite.path, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let text = failureText(try JUnitFile(reports.appendingPathComponent("junit.xml")).testcase(named: "the answer went to the dead-letter topic"))
        XCTAssertTrue(text.contains("a message matching expected message #1 with key 'user_9' arrived on 'actions.dlq' instead"), text)
        XCTAssertTrue(text.contains("headers error=missing user_id"), text)
        XCTAssertFalse(text.contains("arrived on 'actions' instead"), text)
    }
}
