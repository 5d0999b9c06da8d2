import Foundation
@testable import SystemUnderTest
import XCTest

/// DESIGN §1.7: output is drained as fast as it is written, what is kept in memory is bounded, readiness
/// sees every line, and deadlines hold against any output and any regular expression.
final class OutputVolumeTests: XCTestCase {
    private var directory: String!

    override func setUp() {
        directory = NSTemporaryDirectory() + "volume-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    private var env: [String: String] { ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"] }

    func testBoundedCaptureKeepsHeadAndTailAndCountsTheRest() {
        var capture = BoundedCapture(headLimit: 4, tailLimit: 3)
        for chunk in ["ab", "cdef", "ghij", "k"] { capture.append(Data(chunk.utf8)) }
        XCTAssertEqual(capture.total, 11)
        XCTAssertEqual(capture.omitted, 4)
        XCTAssertEqual(capture.text, "abcd\n… 4 more bytes …\nijk")
        XCTAssertNil(capture.complete)
        var small = BoundedCapture(headLimit: 4, tailLimit: 3)
        small.append(Data("abcdef".utf8))
        XCTAssertEqual(small.text, "abcdef")
        XCTAssertEqual(small.complete, Data("abcdef".utf8))
    }

    func testReadinessSeesItsLineAfterAQuarterMillionEarlierLines() throws {
        let log = try ServiceLog(path: directory + "/flood.log")
        let process = try ServiceProcess(
            name: "flood", argv: ["sh", "-c", "seq 1 250000; echo READY-NOW; sleep 30"], cwd: nil, environment: env, log: log)
        defer { process.stop(grace: 0.2) }
        let readiness = Readiness(log: try NSRegularExpression(pattern: "^READY-NOW$"))
        XCTAssertEqual(readiness.wait(for: process, seconds: 60, cancelled: { nil }), .ready)
        XCTAssertLessThanOrEqual(log.count, ServiceLog.memoryLines, "memory holds a bounded number of lines")
        let file = try String(contentsOfFile: directory + "/flood.log", encoding: .utf8)
        XCTAssertTrue(file.contains("Z 1\n") && file.contains("Z 250000\n") && file.contains("Z READY-NOW\n"))
    }

    func testServiceOutputIsDrainedFast() throws {
        // 100 MB of 100-byte lines: the old log (a copy of the rest per line, a file write and a date
        // formatter per line) drained about 1 MB/s.
        let log = try ServiceLog(path: directory + "/fast.log")
        let start = Date()
        let process = try ServiceProcess(
            name: "fast", argv: ["sh", "-c", "head -c 100000000 /dev/zero | tr '\\0' x | fold -w 99; echo; echo DONE; sleep 30"],
            cwd: nil, environment: env, log: log)
        let readiness = Readiness(log: try NSRegularExpression(pattern: "^DONE$"))
        XCTAssertEqual(readiness.wait(for: process, seconds: 60, cancelled: { nil }), .ready, "readiness keeps up")
        process.stop(grace: 1)
        let seconds = Date().timeIntervalSince(start)
        let size = try FileManager.default.attributesOfItem(atPath: directory + "/fast.log")[.size] as? Int ?? 0
        XCTAssertGreaterThan(size, 100_000_000)
        XCTAssertLessThan(seconds, 30, "drained and read at \(100 / seconds) MB/s")
    }

    func testAVeryLongLineIsCutNotHeldWhole() throws {
        let log = try ServiceLog(path: directory + "/long.log")
        log.append(Data(repeating: 0x61, count: ServiceLog.lineLimit * 3 + 10))
        XCTAssertEqual(log.count, 3, "three full pieces kept, the rest waits for its newline")
        log.finish()
        XCTAssertEqual(log.all.map(\.text.count), [ServiceLog.lineLimit, ServiceLog.lineLimit, ServiceLog.lineLimit, 10])
    }

    func testACatastrophicReadyLogExpressionDoesNotOutliveWithin() throws {
        let log = try ServiceLog(path: directory + "/redos.log")
        let line = String(repeating: "a", count: 20_000)
        let process = try ServiceProcess(name: "redos", argv: ["sh", "-c", "echo \(line); sleep 30"], cwd: nil,
                                         environment: env, log: log)
        defer { process.stop(grace: 0.2) }
        let readiness = Readiness(log: try NSRegularExpression(pattern: "(.*.*.*.*)*="))
        let start = Date()
        guard case .notReady(let unmet) = readiness.wait(for: process, seconds: 1.5, cancelled: { nil }) else {
            return XCTFail("not ready expected")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 4)
        XCTAssertTrue(unmet.first?.contains("backtracks") == true, "\(unmet)")
    }

    func testACatastrophicReadyLogExpressionStopsOnCancellation() throws {
        let log = try ServiceLog(path: directory + "/redos2.log")
        let process = try ServiceProcess(name: "redos", argv: ["sh", "-c", "echo \(String(repeating: "a", count: 20_000)); sleep 30"],
                                         cwd: nil, environment: env, log: log)
        defer { process.stop(grace: 0.2) }
        let readiness = Readiness(log: try NSRegularExpression(pattern: "(.*.*.*.*)*="))
        let start = Date()
        let outcome = readiness.wait(for: process, seconds: 600) { Date().timeIntervalSince(start) > 1 ? "SIGTERM received" : nil }
        XCTAssertEqual(outcome, .cancelled("SIGTERM received"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 4)
    }

    func testExecOfAnEndlessWriterEndsAtItsDeadlineWithBoundedOutput() throws {
        let start = Date()
        let output = try CommandRun.run(argv: ["yes"], cwd: nil, environment: env, timeout: 2)
        XCTAssertTrue(output.timedOut)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertGreaterThan(output.stdoutOmitted, 0)
        XCTAssertLessThan(output.stdout.utf8.count, BoundedCapture.defaultHead + BoundedCapture.defaultTail + 100)
        XCTAssertTrue(output.stdout.contains("more bytes"))
    }
}
