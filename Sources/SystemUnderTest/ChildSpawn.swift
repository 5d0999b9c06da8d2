#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Starts child processes with `posix_spawn` (no shell, no fork from Swift): argv, working directory,
/// environment, their own process group and the default disposition for every signal (the runner
/// ignores SIGINT/SIGTERM itself, and an ignored signal would be inherited across exec).
///
/// The parent-death signal: posix_spawn cannot call prctl(PR_SET_PDEATHSIG) in the child, and prctl is
/// variadic (Swift cannot call it). So on Linux the child is started as `setpriv --pdeathsig KILL -- argv…`
/// (util-linux): setpriv sets the signal and execs the command, which keeps it. Linux sends it when the
/// *thread* that spawned the child ends, so every spawn runs on one thread that lives as long as the process.
enum ChildSpawn {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The spawned process id; `stdout`/`stderr` become the child's descriptors 1 and 2, stdin is /dev/null.
    /// `marker`: its ProcessTree marker (it and its descendants carry it in their environment).
    static func spawn(argv: [String], cwd: String?, environment: [String: String], stdout: Int32, stderr: Int32,
                      marker: String? = nil, parentDeathSignal: String = "KILL") throws -> pid_t {
        guard let program = argv.first else { throw Failure(description: "empty command") }
        guard let resolved = resolve(program, cwd: cwd, path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin") else {
            throw Failure(description: "command '\(program)' not found" + (program.contains("/") ? "" : " on PATH"))
        }
        var full = [resolved] + argv.dropFirst()
        if let setpriv = parentDeathWrapper { full = [setpriv, "--pdeathsig", parentDeathSignal, "--"] + full }
        var environment = environment
        if let marker { environment[ProcessTree.variable] = marker }
        let env = environment.map { "\($0.key)=\($0.value)" }
        let pid = try SpawnThread.shared.run { try spawnNow(full, cwd: cwd, env: env, stdout: stdout, stderr: stderr) }
        spawned.withLock { _ = $0.insert(pid) }
        return pid
    }

    /// Every child spawned (their waiters reap them; ProcessTree reaps only orphans).
    private static let spawned = Mutex<Set<pid_t>>([])
    static var spawnedPids: Set<pid_t> { spawned.withLock { $0 } }

    private static func spawnNow(_ argv: [String], cwd: String?, env: [String], stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Nothing else of the runner's: an inherited descriptor keeps a pipe open after the runner ended (the
        // process that started the runner may wait for that: Foundation's Process does).
        _ = addCloseFrom.map { $0(&actions, 3) }
        if let cwd {
            guard let addChdir = addChdir else { throw Failure(description: "this C library cannot start a process in another folder") }
            _ = addChdir(&actions, cwd)
        }
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv)
        guard rc == 0 else {
            throw Failure(description: "cannot start '\(argv.joined(separator: " "))': \(String(cString: strerror(rc)))")
        }
        return pid
    }

    /// glibc's posix_spawn_file_actions_addchdir_np (2.29+), looked up at run time: Swift's Glibc module
    /// does not declare the GNU extensions.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34+), looked up the same way.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// `setpriv`, when present (Linux); elsewhere children start without a parent-death signal.
    static let parentDeathWrapper: String? = {
        #if os(Linux)
        return ["/usr/bin/setpriv", "/bin/setpriv"].first { access($0, X_OK) == 0 }
        #else
        return nil
        #endif
    }()

    /// `program` as exec would find it: a path (relative to `cwd`), or the first match on PATH.
    static func resolve(_ program: String, cwd: String?, path: String) -> String? {
        if program.contains("/") {
            let full = program.hasPrefix("/") || cwd == nil ? program : "\(cwd!)/\(program)"
            return access(full, X_OK) == 0 ? full : nil
        }
        for dir in path.split(separator: ":") {
            let base = dir.hasPrefix("/") || cwd == nil ? String(dir) : "\(cwd!)/\(dir)"
            let candidate = "\(base)/\(program)"
            var info = stat()
            if access(candidate, X_OK) == 0, stat(candidate, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR {
                return candidate
            }
        }
        return nil
    }

    /// A pipe whose ends are closed on exec (so no other child inherits them): (read, write). Made on the
    /// spawn thread, so no spawn can happen between pipe() and the close-on-exec flag (pipe2 is not declared).
    static func pipe() throws -> (read: Int32, write: Int32) {
        try SpawnThread.shared.run {
            var fds: [Int32] = [0, 0]
            guard Glibc.pipe(&fds) == 0 else {
                throw Failure(description: "cannot create a pipe: \(String(cString: strerror(errno)))")
            }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            return (fds[0], fds[1])
        }
    }

    /// Decodes a waitpid status: exit code, or the signal that ended the process.
    static func describe(status: Int32) -> ExitStatus {
        let signal = status & 0x7f
        return signal == 0 ? .exited(Int((status >> 8) & 0xff)) : .signaled(Int(signal))
    }
}

/// How a child process ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int)
    case signaled(Int)

    public var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal): return "signal \(signal)\(SignalName.name(of: Int32(signal)).map { " (\($0))" } ?? "")"
        }
    }
}

/// The one long-lived thread that spawns children (see ChildSpawn: the parent-death signal follows the thread).
final class SpawnThread: @unchecked Sendable {   // unchecked: every field is guarded by `condition`
    static let shared = SpawnThread()
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []

    private init() {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                while jobs.isEmpty { condition.wait() }
                let job = jobs.removeFirst()
                condition.unlock()
                job()
            }
        }
        thread.name = "child-spawner"
        thread.start()
    }

    func run<T>(_ body: @escaping () throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<T, Error>?
        condition.lock()
        jobs.append {
            result = Result { try body() }
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        return try result!.get()
    }
}

/// Signal names as written in scenario files (`TERM`, `INT`, `KILL`, `HUP`, `QUIT`, `USR1`, `USR2`).
public enum SignalName {
    static let table: [(String, Int32)] = [
        ("TERM", SIGTERM), ("INT", SIGINT), ("KILL", SIGKILL), ("HUP", SIGHUP), ("QUIT", SIGQUIT),
        ("USR1", SIGUSR1), ("USR2", SIGUSR2),
    ]
    public static let names = table.map(\.0)

    public static func number(_ name: String) -> Int32? {
        let plain = name.uppercased().hasPrefix("SIG") ? String(name.uppercased().dropFirst(3)) : name.uppercased()
        return table.first { $0.0 == plain }?.1
    }

    static func name(of signal: Int32) -> String? { table.first { $0.1 == signal }.map { "SIG" + $0.0 } }
}
