#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Writes to standard output or error with write(2): a reader that went away (`run … | head -1`: EPIPE,
/// SIGPIPE being ignored) means "stop printing", never the end of the run (DESIGN §5). FileHandle's
/// write would trap on that error.
public final class StandardStream: Sendable {
    public static let output = StandardStream(fd: STDOUT_FILENO)
    public static let error = StandardStream(fd: STDERR_FILENO)

    private let fd: Int32
    private let closed = Atomic<Bool>(false)

    init(fd: Int32) { self.fd = fd }

    /// True once a write found the reader gone; nothing more is written.
    public var isClosed: Bool { closed.load(ordering: .relaxed) }

    public func write(_ text: String) {
        guard !isClosed else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n > 0 { bytes = bytes.dropFirst(n); continue }
            if n < 0 && errno == EINTR { continue }
            closed.store(true, ordering: .relaxed)   // EPIPE, or any other reason the text cannot go out
            return
        }
    }

    /// The runner's own choice: SIGPIPE would kill it on the first line written to a closed pipe.
    /// Children get the default disposition back (ChildSpawn resets every signal).
    public static func ignoreBrokenPipes() { signal(SIGPIPE, SIG_IGN) }
}
