#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Everything the runner starts, and everything that starts, however far down and whatever `setsid` it
/// called (DESIGN §1.7: nothing outlives the run).
///
/// - Every child carries `KAFKA_SCENARIO_OWNER=<runner pid>:<spawn number>` in its environment, which its
///   descendants inherit: a process that left its parent's group and session is still found by it
///   (/proc/<pid>/environ). A descendant that clears its environment escapes this; it still reparents
///   to the runner (below), and its own process group is killed with the service's.
/// - The runner is the child subreaper (PR_SET_CHILD_SUBREAPER): orphaned descendants reparent to it, not to
///   init, and it reaps them.
/// - A watchdog (`sh`, started with the parent-death signal TERM) kills every marked process when the
///   runner ends in any way, SIGKILL included: the children's own parent-death signal (see ChildSpawn)
///   does not reach grandchildren.
public enum ProcessTree {
    static let variable = "KAFKA_SCENARIO_OWNER"
    private static let runner = getpid()
    private static let counter = Counter()

    /// The marker for a new child: its environment entry's value.
    static func newMarker() -> String {
        prepare
        return "\(runner):\(counter.next())"
    }

    /// Subreaper and watchdog, once, before the first child.
    private static let prepare: Void = {
        #if os(Linux)
        _ = prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1)
        startWatchdog()
        #endif
    }()

    /// Processes (not the runner) whose environment carries `marker` exactly, or any marker of this runner
    /// when `marker` is nil.
    public static func marked(_ marker: String?) -> [pid_t] {
        let needle = Array("\(variable)=\(marker ?? "\(runner):")".utf8) + (marker == nil ? [] : [0])
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap(pid_t.init).filter { pid in
            guard pid != runner, let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return contains(Array(environ), needle)
        }
    }

    /// SIGKILLs every process carrying `marker` (nil: every marker of this run) until none is left (a
    /// process may fork while the others die), then reaps those that became the runner's children.
    public static func killMarked(_ marker: String?, except spared: Set<pid_t> = []) {
        for _ in 0..<20 {
            let alive = marked(marker).filter { !spared.contains($0) && !isZombie($0) }
            if alive.isEmpty { break }
            alive.forEach { kill($0, SIGKILL) }
            Thread.sleep(forTimeInterval: 0.01)
        }
        reapOrphans()
    }

    /// Signals every process carrying `marker` (a stop signal before the KILL).
    public static func signalMarked(_ marker: String, _ signal: Int32) {
        marked(marker).forEach { kill($0, signal) }
    }

    /// Reaps zombies that reparented to the runner (its subreaper role); never a child the runner spawned
    /// itself, whose waiter thread reaps it.
    public static func reapOrphans() {
        let spawned = ChildSpawn.spawnedPids
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
        for pid in entries.compactMap(pid_t.init) where !spawned.contains(pid) && parent(of: pid) == runner && isZombie(pid) {
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
    }

    static func parent(of pid: pid_t) -> pid_t? {
        let fields = statFields(pid)
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }

    static func isZombie(_ pid: pid_t) -> Bool { statFields(pid).first == "Z" }

    /// /proc/<pid>/stat after the command name: state, ppid, ….
    private static func statFields(_ pid: pid_t) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return [] }
        return text[text.index(after: close)...].split(separator: " ").map(String.init)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        // Entries are NUL-separated: the marker must start an entry.
        var start = 0
        while start <= haystack.count - needle.count {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
            guard let next = haystack[start...].firstIndex(of: 0) else { return false }
            start = next + 1
        }
        return false
    }

    #if os(Linux)
    /// prctl is variadic, which Swift cannot call: looked up with the fixed arguments it reads.
    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    private static func prctl(_ option: Int32, _ value: UInt) -> Int32 {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return -1 }
        return unsafeBitCast(symbol, to: Prctl.self)(option, value, 0, 0, 0)
    }

    /// `sh` that waits for its parent-death signal (TERM), then kills every process marked by this runner.
    private static func startWatchdog() {
        guard ChildSpawn.parentDeathWrapper != nil, access("/bin/sh", X_OK) == 0 else { return }
        let script = """
            trap 'kill $w 2>/dev/null; for i in 1 2 3; do \
            for f in $(grep -laF "\(variable)=\(runner):" /proc/[0-9]*/environ 2>/dev/null); do \
            p=${f#/proc/}; kill -9 "${p%/environ}" 2>/dev/null; done; done; exit 0' TERM
            while :; do sleep 86400 & w=$!; wait $w; done
            """
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(null) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        _ = try? ChildSpawn.spawn(argv: ["/bin/sh", "-c", script], cwd: nil, environment: ["PATH": path],
                                  stdout: null, stderr: null, parentDeathSignal: "TERM")
    }
    #endif

    private final class Counter: @unchecked Sendable {   // unchecked: guarded by `lock`
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}
