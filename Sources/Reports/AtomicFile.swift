import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File writes that never leave a half-written or missing report: write a temp file in the
/// target's directory, then rename it over the target (atomic on one file system).
enum AtomicFile {
    /// - Parameter beforeRename: a seam for tests to fail between writing and renaming.
    static func write(_ data: Data, to path: String, beforeRename: () throws -> Void = {}) throws {
        let directory = parent(of: path)
        try makeDirectories(directory.isEmpty ? "." : directory)
        let name = lastComponent(of: path)
        let tempPath = (directory.isEmpty ? "" : directory.hasSuffix("/") ? directory : directory + "/") + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        let fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ReportWriteError(path: path, reason: lastError()) }
        var failure: ReportWriteError? = nil
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = posixWrite(fd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = ReportWriteError(path: path, reason: lastError())
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = ReportWriteError(path: path, reason: lastError()) }
        close(fd)
        do {
            if let failure { throw failure }
            try beforeRename()
            guard rename(tempPath, path) == 0 else { throw ReportWriteError(path: path, reason: lastError()) }
        } catch {
            unlink(tempPath)
            throw error
        }
    }

    /// `mkdir -p`, reporting the directory itself (with a trailing slash) when it cannot be made.
    static func makeDirectories(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ReportWriteError(path: slashed(directory), reason: "Not a directory") }
            return
        }
        let above = parent(of: directory)
        if !above.isEmpty, above != directory { try makeDirectories(above) }
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw ReportWriteError(path: slashed(directory), reason: lastError())
        }
    }

    // Plain string work, not NSString's path methods: swift-corelibs-foundation's
    // `deletingLastPathComponent` traps (SIGILL) on a one-character relative path such as "o".

    /// The directory part of a path: "" for a bare name, "/" for a name at the root; trailing slashes ignored.
    static func parent(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let parent = trimmingTrailingSlashes(String(trimmed[..<slash]))
        return parent.isEmpty ? "/" : parent
    }

    /// The last component of a path; trailing slashes ignored.
    static func lastComponent(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/"), trimmed != "/" else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var result = Substring(path)
        while result.count > 1, result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }

    private static func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, bytes, count)
        #else
        return Darwin.write(fd, bytes, count)
        #endif
    }

    private static func slashed(_ directory: String) -> String {
        directory.hasSuffix("/") ? directory : directory + "/"
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
