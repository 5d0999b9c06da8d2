import Foundation
import XCTest

/// A program the tests start on a loopback port, its output in a log file; stopped by the test
/// that started it (deinit stops it too).
final class LoopbackService {
    let name: String
    let port: Int
    private let process = Process()
    private let logURL: URL

    init(name: String, executable: String, arguments: [String], port: Int, environment: [String: String]? = nil) throws {
        self.name = name
        self.port = port
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(port)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        do {
            try waitUntilAccepting(seconds: 15)
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// SIGTERM to it and its descendants, then SIGKILL to what lingers. Idempotent. The descendants
    /// matter: pip's `noida-db` is a Python wrapper whose server, its child, would outlive it.
    func stop() {
        guard process.isRunning else { return }
        let pids = Self.descendants(of: process.processIdentifier) + [process.processIdentifier]
        for pid in pids { Foundation.kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(3)
        while pids.contains(where: { Foundation.kill($0, 0) == 0 && !Self.isZombie($0) }), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        for pid in pids where Foundation.kill(pid, 0) == 0 && !Self.isZombie(pid) { Foundation.kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    /// SIGKILL to it and its descendants at once, as a crash would.
    func kill() {
        guard process.isRunning else { return }
        for pid in Self.descendants(of: process.processIdentifier) + [process.processIdentifier] {
            Foundation.kill(pid, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// Children first, from /proc/<pid>/stat (its 4th field is the parent's pid).
    private static func descendants(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let children = entries.compactMap(pid_t.init).filter { statFields($0).dropFirst(1).first == String(parent) }
        return children.flatMap { descendants(of: $0) + [$0] }
    }

    private static func isZombie(_ pid: pid_t) -> Bool { statFields(pid).first == "Z" }

    /// The fields of /proc/<pid>/stat after the command name: state, parent pid, ...
    private static func statFields(_ pid: pid_t) -> [String] {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return [] }
        return stat[stat.index(after: close)...].split(separator: " ").map(String.init)
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    private func waitUntilAccepting(seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard process.isRunning else {
                throw TansuBroker.BrokerError("\(name) exited at start (status \(process.terminationStatus)): \(log.suffix(2000))")
            }
            if TansuBroker.accepts(port: port) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TansuBroker.BrokerError("\(name) did not accept connections on 127.0.0.1:\(port) within \(seconds)s: \(log.suffix(2000))")
    }

    /// The absolute path of `program` on PATH (or in /usr/bin, /usr/sbin), or nil.
    static func which(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/bin"]
        return folders.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
