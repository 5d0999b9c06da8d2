#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An exclusive lock on a report directory (flock on the directory itself: no file is added), held until the
/// process ends, so that two runs given the same `--report-dir` at once never mix their files (DESIGN §5):
/// the second waits for the first.
public final class ReportDirectoryLock: Sendable {
    private let fd: Int32

    /// Takes the lock, waiting for another run's; `waiting` is called once before a wait.
    /// nil when the directory cannot be made or opened: writing the reports
    /// will then fail and say so, as it always did.
    public static func acquire(directory: String, waiting: (String) -> Void) -> ReportDirectoryLock? {
        let base = directory.isEmpty ? "." : directory
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let path = base
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else { close(fd); return nil }
            waiting(path)
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else { close(fd); return nil }
            }
        }
        return ReportDirectoryLock(fd: fd)
    }

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }
}
