import Foundation

/// What a child wrote on stdout and stderr, line by line with the time each line arrived: written to a
/// log file (`2026-12-01T10:00:00.123Z line`) and kept in memory, so a test case can show the lines of
/// its own time span and a readiness check can match them. Secrets are replaced before anything is kept.
public final class ServiceLog: @unchecked Sendable {   // unchecked: all state is guarded by `lock`
    public struct Line: Sendable {
        public var time: Date
        public var text: String
        /// Written by the runner (start, stop), not by the service: readiness never matches it.
        public var isNote = false
    }

    private let lock = NSLock()
    private var lines: [Line] = []
    private var partial = Data()
    private let file: FileHandle?
    private let secrets: [String]
    public static let mask = "******"
    /// Lines kept in memory; the file keeps them all.
    static let memoryLimit = 100_000

    /// `path`: the log file (created, or truncated); nil: memory only.
    public init(path: String?, secrets: [String] = []) throws {
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
        if let path {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ChildSpawn.Failure(description: "cannot write the service log \(path)")
            }
            file = try FileHandle(forWritingTo: url)
        } else {
            file = nil
        }
    }

    deinit { try? file?.close() }

    /// Bytes as read from the child; complete lines are kept, a partial one waits for its end.
    func append(_ data: Data) {
        lock.withLock {
            partial.append(data)
            while let newline = partial.firstIndex(of: 0x0A) {
                let line = partial[partial.startIndex..<newline]
                partial = Data(partial[partial.index(after: newline)...])
                keep(String(decoding: line, as: UTF8.self))
            }
        }
    }

    /// The child closed its output: a last line without a newline is kept too.
    func finish() {
        lock.withLock {
            if !partial.isEmpty { keep(String(decoding: partial, as: UTF8.self)) }
            partial = Data()
        }
    }

    /// A line the runner itself adds (a start, an exit, a stop), marked as such.
    public func note(_ text: String) {
        lock.withLock { keep("[kafka-scenario] " + text, isNote: true) }
    }

    private func keep(_ raw: String, isNote: Bool = false) {
        var text = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
        for secret in secrets { text = text.replacingOccurrences(of: secret, with: Self.mask) }
        let line = Line(time: Date(), text: text, isNote: isNote)
        if lines.count >= Self.memoryLimit { lines.removeFirst(lines.count / 2) }
        lines.append(line)
        file?.write(Data((Self.stamp(line.time) + " " + text + "\n").utf8))
    }

    public var all: [Line] { lock.withLock { lines } }
    public var count: Int { lock.withLock { lines.count } }

    public func last(_ n: Int) -> [Line] { lock.withLock { Array(lines.suffix(n)) } }

    /// Lines that arrived in `[from, to]`.
    public func lines(from: Date, to: Date) -> [Line] {
        lock.withLock { lines.filter { $0.time >= from && $0.time <= to } }
    }

    /// Lines from the `index`-th on (for readiness checks that read as lines come).
    public func lines(after index: Int) -> [Line] {
        lock.withLock { index < lines.count ? Array(lines[index...]) : [] }
    }

    public static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    public static func render(_ lines: [Line]) -> String {
        lines.map { stamp($0.time) + " " + $0.text }.joined(separator: "\n")
    }
}
