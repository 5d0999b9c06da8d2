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
