#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A long-running child process (a service under test): its own process group, output (stdout and
/// stderr together) into a `ServiceLog`, and a stop that signals the whole group, waits out a grace
/// period, then kills the group. See `ChildSpawn` for how it is started.
public final class ServiceProcess: @unchecked Sendable {   // unchecked: mutable state is guarded by `lock`
    public let name: String
    public let pid: pid_t
    public let log: ServiceLog
    private let lock = NSLock()
    private var status: ExitStatus?
    private let exited = DispatchSemaphore(value: 0)
    private let outputClosed = DispatchSemaphore(value: 0)

    /// Its ProcessTree marker: it and every descendant, `setsid` or not.
    private let marker = ProcessTree.newMarker()

    public init(name: String, argv: [String], cwd: String?, environment: [String: String], log: ServiceLog) throws {
        self.name = name
        self.log = log
        let output = try ChildSpawn.pipe()
        do {
            pid = try ChildSpawn.spawn(argv: argv, cwd: cwd, environment: environment, stdout: output.write, stderr: output.write,
                                       marker: marker)
        } catch {
            close(output.read)
            close(output.write)
            throw error
        }
        close(output.write)
        log.note("started pid \(pid): \(argv.joined(separator: " "))")
        let reader = Thread { [log, outputClosed] in
            Self.readAll(output.read) { log.append($0) }
            close(output.read)
            log.finish()
            outputClosed.signal()
        }
        reader.name = "service-log-\(name)"
        reader.start()
        let waiter = Thread { [self] in
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            let ended = ChildSpawn.describe(status: raw)
            lock.withLock { status = ended }
            exited.signal()
        }
        waiter.name = "service-wait-\(name)"
        waiter.start()
    }

    static func readAll(_ fd: Int32, _ sink: (Data) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { sink(Data(buffer[0..<n])); continue }
            if n < 0 && errno == EINTR { continue }
            return
        }
    }

    /// nil while it runs.
    public var exitStatus: ExitStatus? { lock.withLock { status } }

    private var stopSignal: Int32?
    private var killedAfterGrace = false

    /// How the process ended when `stop` asked it to, if that was a failure of its own (DESIGN §1.7): a
    /// non-zero exit, or a signal other than the one it was sent. nil when it ended well, was killed by
    /// the runner after its grace, or was not stopped (it ended by itself).
    public var failedOnStop: ExitStatus? {
        lock.withLock {
            guard let stopSignal, !killedAfterGrace, let status else { return nil }
            switch status {
            case .exited(let code): return code == 0 ? nil : status
            case .signaled(let signal): return signal == Int(stopSignal) ? nil : status
            }
        }
    }

    /// Waits up to `seconds` for the process to end; true when it has.
    @discardableResult
    public func waitForExit(seconds: Double) -> Bool {
        if exitStatus != nil { return true }
        guard exited.wait(timeout: .now() + max(0, seconds)) == .success else { return false }
        exited.signal()   // keep it signalled for later waits
        return true
    }

    /// Sends `signal` to the whole process group, waits up to `grace` seconds for the process to end,
    /// then kills the group. Also kills what the process left in its group when it ended by itself.
    /// Returns how it ended (nil: it could not be reaped, which only a stuck kernel does).
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, grace: Double) -> ExitStatus? {
        if exitStatus == nil {
            log.note("stopping: \(SignalName.name(of: signal) ?? "signal \(signal)") to process group \(pid), grace \(grace)s")
            lock.withLock { stopSignal = signal }
            kill(-pid, signal)
            ProcessTree.signalMarked(marker, signal)   // descendants in other groups or sessions too
            if !waitForExit(seconds: grace) {
                lock.withLock { killedAfterGrace = true }
                log.note("still running after \(grace)s: SIGKILL to process group \(pid)")
            }
        }
        kill(-pid, SIGKILL)
        ProcessTree.killMarked(marker, except: [pid])
        waitForExit(seconds: 5)
        _ = outputClosed.wait(timeout: .now() + 1)
        if let status = exitStatus { log.note("ended: \(status)") }
        return exitStatus
    }
}
