import Foundation
@testable import SystemUnderTest
import XCTest

/// DESIGN §1.7: nothing the runner starts outlives it, `setsid` grandchildren included.
final class ProcessTreeTests: XCTestCase {
    private var directory: String!

    override func setUp() {
        directory = NSTemporaryDirectory() + "tree-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    private var env: [String: String] { ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"] }

    /// A shell line that starts a grandchild in a session of its own, writing its pid to `file`.
    private func setsidGrandchild(_ file: String) -> String {
        "setsid sh -c 'echo $$ > \(file).tmp; mv \(file).tmp \(file); exec sleep 300' >/dev/null 2>&1 &"
    }

    private func pid(in file: String) throws -> pid_t {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: file, encoding: .utf8), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return try XCTUnwrap(nil as pid_t?, "the grandchild never wrote its pid within 10 s")
    }

    private func gone(_ pid: pid_t, within seconds: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if kill(pid, 0) != 0 || ProcessTree.isZombie(pid) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    func testStoppingAServiceKillsItsSetsidGrandchild() throws {
        let file = directory + "/gc.pid"
        let process = try ServiceProcess(name: "forker", argv: ["sh", "-c", setsidGrandchild(file) + " echo up; sleep 300"],
                                         cwd: nil, environment: env, log: try ServiceLog(path: nil))
        let grandchild = try pid(in: file)
        XCTAssertNotEqual(getpgid(grandchild), process.pid, "the grandchild left the service's process group")
        process.stop(grace: 0.5)
        XCTAssertTrue(gone(grandchild), "the setsid grandchild \(grandchild) outlived its service")
    }

    func testAServiceWhoseParentEndedLeavesNoOrphan() throws {
        // The service's child starts the grandchild and ends: the grandchild reparents (to the runner, its subreaper).
        let file = directory + "/orphan.pid"
        let process = try ServiceProcess(name: "orphaner", argv: ["sh", "-c", "sh -c \"\(setsidGrandchild(file))\"; sleep 300"],
                                         cwd: nil, environment: env, log: try ServiceLog(path: nil))
        let grandchild = try pid(in: file)
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(ProcessTree.parent(of: grandchild), getpid(), "the runner is the subreaper of what it starts")
        process.stop(grace: 0.5)
        XCTAssertTrue(gone(grandchild))
    }

    func testAnExecLeavesNoSetsidGrandchildBehind() throws {
        let file = directory + "/exec.pid"
        let output = try CommandRun.run(argv: ["sh", "-c", setsidGrandchild(file) + " sleep 0.3"], cwd: nil, environment: env, timeout: 10)
        XCTAssertEqual(output.status, .exited(0))
        let grandchild = try pid(in: file)
        XCTAssertTrue(gone(grandchild), "the exec's setsid grandchild \(grandchild) outlived the step")
    }
}
