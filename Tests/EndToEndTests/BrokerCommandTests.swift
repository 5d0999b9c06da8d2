import Foundation
import TestSupport
import XCTest

/// `kafka-scenario broker`: kcat lists, produces to and consumes from it; SIGTERM ends it with exit 0.
final class BrokerCommandTests: XCTestCase {
    func testKcatUsesTheBrokerAndSIGTERMEndsIt() throws {
        guard let kcat = LoopbackService.which("kcat") ?? LoopbackService.which("kafkacat") else {
            throw missingPart("kcat is not installed")
        }
        let broker = CLI.process(["broker", "--brokers", "2"])
        let out = Pipe()
        broker.standardOutput = out
        try broker.run()
        defer { if broker.isRunning { broker.terminate() } }
        let bootstrap = try XCTUnwrap(Self.firstLine(out.fileHandleForReading))
        XCTAssertTrue(bootstrap.hasPrefix("127.0.0.1:"), bootstrap)
        XCTAssertEqual(bootstrap.split(separator: ",").count, 2, bootstrap)

        let metadata = try Self.run(kcat, ["-b", bootstrap, "-L"])
        XCTAssertTrue(metadata.contains("2 brokers"), metadata)
        _ = try Self.run(kcat, ["-b", bootstrap, "-P", "-t", "greetings", "-k", "k1"], input: "hello from kcat\n")
        let consumed = try Self.run(kcat, ["-b", bootstrap, "-C", "-t", "greetings", "-o", "beginning", "-e", "-q", "-f", "%k=%s\\n"])
        XCTAssertEqual(consumed.trimmingCharacters(in: .whitespacesAndNewlines), "k1=hello from kcat")

        kill(broker.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(20)
        while broker.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertFalse(broker.isRunning, "the broker did not end on SIGTERM")
        broker.waitUntilExit()
        XCTAssertEqual(broker.terminationReason, .exit)
        XCTAssertEqual(broker.terminationStatus, 0)
    }

    private static func firstLine(_ handle: FileHandle) -> String? {
        var bytes = Data()
        while true {
            let chunk = handle.readData(ofLength: 1)
            if chunk.isEmpty { return nil }
            if chunk == Data([0x0A]) { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(chunk)
        }
    }

    private static func run(_ tool: String, _ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, "\(tool) \(arguments.joined(separator: " ")): \(text)")
        return text
    }
}

/// `run --bootstrap-servers` against `kafka-scenario broker`: a suite's declared topics are created
/// (no librdkafka mock answers CreateTopics; the broker process creates them), and the controller
/// check holds the controller to be one of the brokers.
final class BrokerCommandTopicsTests: XCTestCase {
    private var broker: Process!
    private var bootstrap = ""

    override func setUpWithError() throws {
        try startBroker(environment: [:])
    }

    override func tearDown() {
        if let broker, broker.isRunning { broker.terminate(); broker.waitUntilExit() }
        broker = nil
    }

    private func startBroker(environment: [String: String]) throws {
        if let broker, broker.isRunning { broker.terminate(); broker.waitUntilExit() }
        let process = CLI.process(["broker", "--brokers", "3"], environment: environment)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        broker = process
        bootstrap = try XCTUnwrap(BrokerCommandTopicsTests.firstLine(out.fileHandleForReading))
    }

    func testASuiteWithDeclaredTopicsRunsAgainstTheBrokerCommand() throws {
        let file = try CLI.temporaryDirectory().appendingPathComponent("topics.yaml")
        try """
        suite: Declared topics on the broker command
        topics: [{ name: orders, partitions: 5 }, { name: audit, isolate: false }]
        scenarios:
          - name: round trip on declared topics
            timeout: 20s
            steps:
              - topic: { name: orders, partitions: 5 }
              - produce: { topic: orders, key: k, value: { n: 1 } }
              - expect: { topic: orders, messages: [{ value: { n: 1 } }], within: 5s }
              - produce: { topic: audit, value: seen }
              - expect: { topic: audit, messages: [{ value: seen }], within: 5s }
        """.write(to: file, atomically: true, encoding: .utf8)
        let reports = try CLI.temporaryDirectory()
        let started = Date()
        let result = try CLI.run(["run", file.path, "--bootstrap-servers", bootstrap, "--report-dir", reports.path], timeout: 60)
        XCTAssertEqual(result.status, 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        XCTAssertTrue(result.stdout.contains("1 passed"), result.stdout)
        // Topics it cannot delete are not waited for at the end (the mock answers no DeleteTopics).
        XCTAssertLessThan(Date().timeIntervalSince(started), 8, result.stdout)
        XCTAssertFalse(result.stdout.contains("could not delete"), result.stdout)
    }

    func testTheControllerMustBeOneOfTheBrokers() throws {
        let file = try CLI.temporaryDirectory().appendingPathComponent("controller.yaml")
        try """
        suite: Controller
        scenarios:
          - name: has a controller
            timeout: 10s
            steps:
              - cluster: { brokers: 3, controller: true }
        """.write(to: file, atomically: true, encoding: .utf8)
        // librdkafka 2.0.2's mock reports controller 0 beside brokers 1, 2, 3: no controller.
        let old = try CLI.run(["run", file.path, "--bootstrap-servers", bootstrap, "--report-dir", try CLI.temporaryDirectory().path])
        if old.stdout.contains("librdkafka 2.0.") {
            XCTAssertEqual(old.status, 1, old.stdout)
            XCTAssertTrue(old.stdout.contains("controller 0, which is none of its brokers (1, 2, 3)"), old.stdout)
        }
        // A newer librdkafka's mock is given controller 1 by the broker command.
        guard let tools = try? TansuBroker.installedTools() else { throw missingPart("no newer librdkafka installed") }
        let newer = ["LD_LIBRARY_PATH": tools.librdkafkaDir]
        try startBroker(environment: newer)
        let new = try CLI.run(["run", file.path, "--bootstrap-servers", bootstrap, "--report-dir", try CLI.temporaryDirectory().path],
                              environment: newer)
        XCTAssertEqual(new.status, 0, new.stdout)
    }

    private static func firstLine(_ handle: FileHandle) -> String? {
        var bytes = Data()
        while true {
            let chunk = handle.readData(ofLength: 1)
            if chunk.isEmpty { return nil }
            if chunk == Data([0x0A]) { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(chunk)
        }
    }
}
