import Foundation
import SystemUnderTest
import XCTest

/// `kafka-scenario peek` on a real broker (listed for Tansu and noida-db in RealBrokerTests.swift).
extension RealBrokerTestCase {
    func checkPeekPrintsEachMessageAsAJSONLineAndEndsAtTheEndOffsets() throws {
        let topic = try filledTopic()
        let result = try peek([topic])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let lines = try jsonLines(result.stdout)
        XCTAssertEqual(lines.count, 3, result.stdout)
        let byPartition = Dictionary(grouping: lines) { $0["partition"] as? Int ?? -1 }
        let first = try XCTUnwrap(byPartition[0]?.first, result.stdout)
        XCTAssertEqual(first["offset"] as? Int, 0)
        XCTAssertEqual(first["key"] as? String, "k1")
        XCTAssertEqual(first["headers"] as? [String: String], ["trace": "t1"])
        XCTAssertEqual(first["value"] as? [String: Int], ["amount": 5], "a JSON value is decoded")
        XCTAssertNotNil(first["timestamp"] as? Int)
        XCTAssertEqual(byPartition[0]?.last?["value"] as? String, "{not json", "anything else is text")
        let other = try XCTUnwrap(byPartition[1]?.first, result.stdout)
        XCTAssertEqual(other["value"] as? String, "plain text")
        XCTAssertTrue(other["key"] is NSNull)
        XCTAssertEqual(Set(first.keys), ["partition", "offset", "timestamp", "key", "headers", "value"])
    }

    /// Issue 21 item 6: a tombstone and a payload that is the JSON text `null` read differently.
    func checkPeekShowsATombstoneApartFromTheTextNull() throws {
        let topic = "peek_\(UUID().uuidString.prefix(8).lowercased())"
        try produce(to: topic, steps: [
            #"- produce: { topic: TOPIC, partition: 0, key: gone, value: null }"#,
            #"- produce: { topic: TOPIC, partition: 0, key: text, value: "null" }"#,
        ])
        let result = try peek([topic])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = try jsonLines(result.stdout)
        XCTAssertEqual(lines.count, 2, result.stdout)
        XCTAssertNil(lines.first { $0["key"] as? String == "gone" }?["value"], result.stdout)
        XCTAssertTrue(lines.first { $0["key"] as? String == "text" }?["value"] is NSNull, result.stdout)
    }

    func checkPeekFromTheEndOrTheLastNAndCount() throws {
        let topic = try filledTopic()
        let last = try peek([topic, "--from", "-1"])
        XCTAssertEqual(last.status, 0, last.stderr)
        XCTAssertEqual(try jsonLines(last.stdout).map { "\($0["partition"] ?? "")/\($0["offset"] ?? "")" }.sorted(), ["0/1", "1/0"])
        let counted = try peek([topic, "--count", "2"])
        XCTAssertEqual(try jsonLines(counted.stdout).count, 2, counted.stdout)
        let end = try peek([topic, "--from", "end"])
        XCTAssertEqual(end.status, 0, end.stderr)
        XCTAssertEqual(end.stdout, "")
    }

    func checkPeekFollowKeepsReadingNewMessages() throws {
        let topic = try filledTopic()
        let output = try CLI.temporaryDirectory().appendingPathComponent("peek.out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = CLI.process(["peek", topic, "--follow", "--count", "4", "--bootstrap-servers", broker.bootstrapServers],
                                  environment: broker.environment)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        addTeardownBlock { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(30)
        while lineCount(output) < 3, process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(lineCount(output), 3, "the three messages there at start")
        XCTAssertTrue(process.isRunning, "--follow does not end at the end offsets")
        try produce(to: topic, steps: [#"- produce: { topic: TOPIC, partition: 1, value: { late: true } }"#])
        XCTAssertTrue(waitForExit(process, seconds: 30), "peek --follow --count 4 did not see the fourth message")
        XCTAssertEqual(process.terminationStatus, 0)
        let lines = try jsonLines(String(contentsOf: output, encoding: .utf8))
        XCTAssertEqual(lines.last?["value"] as? [String: Bool], ["late": true])
    }

    func checkPeekAtAnUnknownTopicIsOneSentenceExitTwo() throws {
        let topic = try filledTopic()
        let result = try peek([String(topic.dropLast())])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "error: topic '\(topic.dropLast())' does not exist on the broker at \(broker.bootstrapServers); "
                       + "did you mean '\(topic)'?\n")
    }

    // MARK: helpers

    private func peek(_ arguments: [String]) throws -> CLI.Outcome {
        try CLI.run(["peek"] + arguments + ["--bootstrap-servers", broker.bootstrapServers], environment: broker.environment,
                    timeout: 60)
    }

    /// A shared (not isolated) topic with two partitions: 0 holds a JSON message with key and header, then
    /// a text that only looks like JSON; 1 a text message without key.
    private func filledTopic() throws -> String {
        let topic = "peek_\(UUID().uuidString.prefix(8).lowercased())"
        try produce(to: topic, steps: [
            #"- produce: { topic: TOPIC, partition: 0, key: k1, value: { amount: 5 }, headers: { trace: t1 } }"#,
            #"- produce: { topic: TOPIC, partition: 1, value: "plain text" }"#,
            #"- produce: { topic: TOPIC, partition: 0, key: k2, value: "{not json" }"#,
        ])
        return topic
    }

    private func produce(to topic: String, steps: [String]) throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("fill.yaml")
        let body = steps.map { "      " + $0.replacingOccurrences(of: "TOPIC", with: topic) }.joined(separator: "\n")
        try """
        suite: Fill
        topics:
          - { name: \(topic), partitions: 2, isolate: false }
        scenarios:
          - name: fill
            timeout: 20s
            steps:
        \(body)
        """.write(to: file, atomically: true, encoding: .utf8)
        // Without the runner's traceparent header, so the headers peek shows are the ones written here.
        let result = try run([file.path, "--report-dir", folder.appendingPathComponent("reports").path, "--quiet", "--no-traceparent"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    }

    private func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
    }

    private func lineCount(_ file: URL) -> Int {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").filter { $0 == "\n" }.count
    }
}

/// What peek says before it reaches any broker.
final class PeekWithoutBrokerTests: XCTestCase {
    func testWithoutABootstrapServerPeekSaysWhyInOneSentence() throws {
        let result = try CLI.run(["peek", "orders"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("--bootstrap-servers") && result.stderr.contains("embedded broker"), result.stderr)
    }

    func testAnUnreachableBrokerIsOneSentenceExitThree() throws {
        let closed = try ReservedPort()   // held (not listening): refused, and nobody else's
        defer { closed.release() }
        let port = closed.port
        let result = try CLI.run(["peek", "orders", "--bootstrap-servers", "127.0.0.1:\(port)", "--connect-timeout", "1s"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("error: cannot reach the Kafka broker at 127.0.0.1:\(port) within 1s"), result.stderr)
    }

    func testBadFromIsAUsageError() throws {
        let result = try CLI.run(["peek", "orders", "--from", "-0", "--bootstrap-servers", "127.0.0.1:1"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("--from takes beginning, end or -N"), result.stderr)
    }
}
