import Foundation
@testable import SystemUnderTest
import XCTest

final class ServiceProcessTests: XCTestCase {
    private var directory: String!

    override func setUp() {
        directory = NSTemporaryDirectory() + "sut-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    private var env: [String: String] { ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"] }

    func testOutputGoesToTheLogWithTimestampsAndCwdAndEnvApply() throws {
        let log = try ServiceLog(path: directory + "/svc.log")
        let process = try ServiceProcess(name: "svc", argv: ["sh", "-c", "pwd; echo \"v=$MY_VAR\"; echo oops >&2"],
                                         cwd: directory, environment: env.merging(["MY_VAR": "42"]) { $1 }, log: log)
        XCTAssertTrue(process.waitForExit(seconds: 10))
        XCTAssertEqual(process.exitStatus, .exited(0))
        process.stop(grace: 1)
        let texts = log.all.map(\.text)
        XCTAssertTrue(texts.contains { $0.hasSuffix(URL(fileURLWithPath: directory).lastPathComponent) }, "\(texts)")
        XCTAssertTrue(texts.contains("v=42"))
        XCTAssertTrue(texts.contains("oops"))
        let file = try String(contentsOfFile: directory + "/svc.log", encoding: .utf8)
        XCTAssertTrue(file.contains("Z v=42"), file)
    }

    func testStopSignalsTheWholeGroupThenKills() throws {
        let log = try ServiceLog(path: nil)
        // The shell ignores TERM; its child sleeps: only the KILL of the group ends both.
        let process = try ServiceProcess(name: "stubborn", argv: ["sh", "-c", "trap '' TERM; sleep 60 & echo child $!; wait"],
                                         cwd: nil, environment: env, log: log)
        let child = try waitForChildPid(log)
        let status = process.stop(signal: SIGTERM, grace: 0.3)
        XCTAssertEqual(status, .signaled(Int(SIGKILL)))
        XCTAssertTrue(waitGone(child), "the grandchild \(child) outlived the stop")
    }

    func testTermEndsAWellBehavedService() throws {
        let log = try ServiceLog(path: nil)
        let process = try ServiceProcess(name: "polite", argv: ["sleep", "60"], cwd: nil, environment: env, log: log)
        XCTAssertEqual(process.stop(signal: SIGTERM, grace: 5), .signaled(Int(SIGTERM)))
    }

    func testExitStatusOfAServiceThatEndsAtOnce() throws {
        let log = try ServiceLog(path: nil)
        let process = try ServiceProcess(name: "quick", argv: ["sh", "-c", "echo bye; exit 3"], cwd: nil, environment: env, log: log)
        XCTAssertTrue(process.waitForExit(seconds: 10))
        XCTAssertEqual(process.exitStatus, .exited(3))
        XCTAssertEqual(process.exitStatus?.description, "exit status 3")
    }

    func testAMissingCommandIsNamed() {
        XCTAssertThrowsError(try ServiceProcess(name: "x", argv: ["no-such-command-here"], cwd: nil, environment: env,
                                                log: try ServiceLog(path: nil))) { error in
            XCTAssertEqual("\(error)", "command 'no-such-command-here' not found on PATH")
        }
    }

    func testSecretsAreReplacedInTheLog() throws {
        let log = try ServiceLog(path: directory + "/s.log", secrets: ["hunter22"])
        let process = try ServiceProcess(name: "s", argv: ["echo", "password is hunter22"], cwd: nil, environment: env, log: log)
        process.waitForExit(seconds: 10)
        process.stop(grace: 1)
        XCTAssertEqual(log.all.map(\.text).filter { $0.hasPrefix("password") }, ["password is ******"])
        XCTAssertFalse(try String(contentsOfFile: directory + "/s.log", encoding: .utf8).contains("hunter22"))
    }

    func testReadinessOnLogAndPort() throws {
        let reserved = try ReservedPort()   // held until the script binds it (SO_REUSEADDR)
        defer { reserved.release() }
        let port = reserved.port
        let log = try ServiceLog(path: nil)
        let script = "import socket,time\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
            + "s.bind(('127.0.0.1',\(port)));s.listen();print('listening',flush=True);time.sleep(60)"
        let process = try ServiceProcess(name: "p", argv: ["python3", "-c", script], cwd: nil, environment: env, log: log)
        defer { process.stop(grace: 1) }
        let ready = Readiness(log: try NSRegularExpression(pattern: "^listen"), port: port)
        XCTAssertEqual(ready.wait(for: process, seconds: 20, cancelled: { nil }), .ready)
    }

    func testReadinessThatNeverHoldsNamesTheCondition() throws {
        let log = try ServiceLog(path: nil)
        let process = try ServiceProcess(name: "mute", argv: ["sleep", "60"], cwd: nil, environment: env, log: log)
        defer { process.stop(grace: 1) }
        let ready = Readiness(log: try NSRegularExpression(pattern: "started"))
        XCTAssertEqual(ready.wait(for: process, seconds: 0.3, cancelled: { nil }), .notReady(["no log line matched /started/"]))
    }

    func testReadinessSeesAnExit() throws {
        let log = try ServiceLog(path: nil)
        let process = try ServiceProcess(name: "crash", argv: ["sh", "-c", "exit 7"], cwd: nil, environment: env, log: log)
        let unused = try ReservedPort()   // held, not listening: nobody else's for the test
        defer { unused.release() }
        let ready = Readiness(port: unused.port)
        XCTAssertEqual(ready.wait(for: process, seconds: 20, cancelled: { nil }), .exited(.exited(7)))
    }

    func testHTTPProbeReadsTheStatus() throws {
        let reserved = try ReservedPort()   // held until http.server binds it (it sets SO_REUSEADDR)
        defer { reserved.release() }
        let port = reserved.port
        let log = try ServiceLog(path: nil)
        let process = try ServiceProcess(name: "web", argv: ["python3", "-m", "http.server", "\(port)", "--bind", "127.0.0.1"],
                                         cwd: directory, environment: env, log: log)
        defer { process.stop(grace: 1) }
        let ok = Readiness(http: URL(string: "http://127.0.0.1:\(port)/")!)
        XCTAssertEqual(ok.wait(for: process, seconds: 20, cancelled: { nil }), .ready)
        XCTAssertEqual(Probe.httpGet(URL(string: "http://127.0.0.1:\(port)/missing")!, timeout: 2).status, 404)
    }

    /// A GET answered with a 2xx while a later condition (a consumer group) stays unmet is never worded as
    /// "never answered with a 2xx" (issue 21 item 32): only the condition that did not hold is named.
    func testReadinessNamesOnlyTheConditionThatDidNotHold() throws {
        let reserved = try ReservedPort()   // held until http.server binds it (it sets SO_REUSEADDR)
        defer { reserved.release() }
        let port = reserved.port
        let log = try ServiceLog(path: nil)
        let process = try ServiceProcess(name: "web", argv: ["python3", "-m", "http.server", "\(port)", "--bind", "127.0.0.1"],
                                         cwd: directory, environment: env, log: log)
        defer { process.stop(grace: 1) }
        let ready = Readiness(http: URL(string: "http://127.0.0.1:\(port)/")!, extra: [{ "group g was not stable" }])
        XCTAssertEqual(ready.wait(for: process, seconds: 2, cancelled: { nil }), .notReady(["group g was not stable"]))
    }

    func testCommandRunCapturesBothStreamsAndTheStatus() throws {
        let out = try CommandRun.run(argv: ["sh", "-c", "echo out; echo err >&2; exit 4"], cwd: nil, environment: env, timeout: 10)
        XCTAssertEqual(out.status, .exited(4))
        XCTAssertEqual(out.stdout, "out\n")
        XCTAssertEqual(out.stderr, "err\n")
        XCTAssertFalse(out.timedOut)
    }

    func testCommandRunKillsAtItsDeadline() throws {
        let out = try CommandRun.run(argv: ["sleep", "30"], cwd: nil, environment: env, timeout: 0.2)
        XCTAssertTrue(out.timedOut)
        XCTAssertEqual(out.status, .signaled(Int(SIGKILL)))
    }

    func testChildrenStartInTheirOwnGroupWithNoSignalIgnored() throws {
        signal(SIGTERM, SIG_IGN)   // as the runner does
        defer { signal(SIGTERM, SIG_DFL) }
        let out = try CommandRun.run(argv: ["sh", "-c", "echo $$; cut -d' ' -f5 /proc/$$/stat; grep '^SigIgn' /proc/self/status"],
                                     cwd: nil, environment: env, timeout: 10)
        let lines = out.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, out.stdout)
        XCTAssertEqual(lines.first, lines.dropFirst().first, "the command leads a process group of its own")
        let ignored = UInt64(lines.last?.split(separator: "\t").last ?? "", radix: 16)
        XCTAssertNotNil(ignored, out.stdout)
        XCTAssertEqual((ignored ?? 1) & (1 << UInt64(SIGTERM - 1) | 1 << UInt64(SIGINT - 1)), 0, "TERM and INT are not ignored")
    }

    private func waitForChildPid(_ log: ServiceLog) throws -> pid_t {
        for _ in 0..<400 {
            if let line = log.all.first(where: { $0.text.hasPrefix("child ") }), let pid = pid_t(line.text.dropFirst(6)) { return pid }
            Thread.sleep(forTimeInterval: 0.025)
        }
        return try XCTUnwrap(nil as pid_t?, "the shell never printed its child within 10 s")
    }

    private func waitGone(_ pid: pid_t) -> Bool {
        for _ in 0..<200 {
            if kill(pid, 0) != 0 { return true }
            Thread.sleep(forTimeInterval: 0.025)
        }
        return false
    }
}
