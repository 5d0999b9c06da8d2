#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs a command to its end (the `exec` step): stdout and stderr captured apart (bounded: see
/// `BoundedCapture`; the rest is drained and counted), and a deadline after which the whole process group,
/// and every other descendant, is killed.
public enum CommandRun {
    public struct Output: Sendable {
        public var status: ExitStatus
        public var stdout: String
        public var stderr: String
        /// Bytes of stdout and stderr not kept (the middle of a longer output).
        public var stdoutOmitted = 0
        public var stderrOmitted = 0
        /// True when the deadline (or a cancellation) ended it.
        public var timedOut: Bool
    }

    /// `cancelled` is polled while the command runs; a reason kills it like the deadline does.
    public static func run(argv: [String], cwd: String?, environment: [String: String], timeout: Double,
                           cancelled: @escaping () -> String? = { nil }) throws -> Output {
        let marker = ProcessTree.newMarker()
        let out = try ChildSpawn.pipe()
        let err = try ChildSpawn.pipe()
        let pid: pid_t
        do {
            pid = try ChildSpawn.spawn(argv: argv, cwd: cwd, environment: environment, stdout: out.write, stderr: err.write,
                                       marker: marker)
        } catch {
            [out.read, out.write, err.read, err.write].forEach { close($0) }
            throw error
        }
        close(out.write)
        close(err.write)
        let collected = Collected()
        let group = DispatchGroup()
        for (fd, isOut) in [(out.read, true), (err.read, false)] {
            group.enter()
            Thread {
                ServiceProcess.readAll(fd) { collected.add($0, stdout: isOut) }
                close(fd)
                group.leave()
            }.start()
        }
        let deadline = Date().addingTimeInterval(timeout)
        var raw: Int32 = 0
        var timedOut = false
        while true {
            let rc = waitpid(pid, &raw, WNOHANG)
            if rc == pid { break }
            if rc < 0 && errno != EINTR { break }
            if !timedOut, Date() >= deadline || cancelled() != nil {
                timedOut = true
                kill(-pid, SIGKILL)
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        kill(-pid, SIGKILL)   // what it left running in its group
        ProcessTree.killMarked(marker)   // and anywhere else (setsid)
        _ = group.wait(timeout: .now() + 2)
        let (kept, keptErr) = collected.captures
        return Output(status: ChildSpawn.describe(status: raw), stdout: kept.text, stderr: keptErr.text,
                      stdoutOmitted: kept.omitted, stderrOmitted: keptErr.omitted, timedOut: timedOut)
    }

    private final class Collected: @unchecked Sendable {   // unchecked: guarded by `lock`
        private let lock = NSLock()
        private var out = BoundedCapture()
        private var err = BoundedCapture()
        func add(_ data: Data, stdout: Bool) { lock.withLock { if stdout { out.append(data) } else { err.append(data) } } }
        var captures: (BoundedCapture, BoundedCapture) { lock.withLock { (out, err) } }
    }
}
