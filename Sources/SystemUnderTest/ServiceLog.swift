import Foundation

/// What a child wrote on stdout and stderr, line by line with the time each line arrived: written to a
/// log file (`2026-12-01T10:00:00.123Z line`) and kept in memory, so a test case can show the lines of
/// its own time span and a readiness check can match them. Secrets are replaced before anything is kept.
///
/// Drained as fast as the child writes (DESIGN §1.7): one file write per read, one timestamp per read.
/// Memory is bounded (the last `memoryLines` lines, at most `memoryBytes` of text, each line cut at
/// `lineLimit` bytes); the file keeps everything, and `read(from:)` gives every line from it in order,
/// however many came before (readiness reads there, not from memory).
public final class ServiceLog: @unchecked Sendable {   // unchecked: all state is guarded by `lock`
    public struct Line: Sendable {
        public var time: Date
        public var text: String
        /// Written by the runner (start, stop), not by the service: readiness never matches it.
        public var isNote = false
    }

    private let lock = NSLock()
    private var lines: [Line] = []
    private var keptBytes = 0
    /// Lines dropped from memory so far (the file still has them).
    private var droppedLines = 0
    private var partial = Data()
    private let file: FileHandle?
    private let path: String?
    /// Bytes written to the file so far, and where the runner's own lines start in it.
    private var fileSize: UInt64 = 0
    private var noteOffsets: Set<UInt64> = []
    private let secrets: [String]
    private let stamps = ISO8601DateFormatter()
    public static let mask = "******"
    /// Lines kept in memory; the file keeps them all.
    static let memoryLines = 100_000
    static let memoryBytes = 16 << 20
    /// A longer line is cut into pieces of this size (the file has every byte, in pieces).
    static let lineLimit = 64 << 10

    /// `path`: the log file (created, or truncated); nil: memory only.
    public init(path: String?, secrets: [String] = []) throws {
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
        stamps.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        self.path = path
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
            let now = Date()
            let stamp = stamps.string(from: now)
            var out = Data()
            var consumed = 0   // bytes of `partial` turned into lines
            partial.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let base = raw.baseAddress!
                while consumed < raw.count {
                    let rest = raw.count - consumed
                    let found = memchr(base + consumed, 0x0A, min(rest, Self.lineLimit))
                    let end: Int
                    if let found {
                        end = base.distance(to: UnsafeRawPointer(found))
                    } else if rest >= Self.lineLimit {
                        end = consumed + Self.lineLimit   // cut a line that would not end
                    } else {
                        break
                    }
                    let line = String(decoding: UnsafeRawBufferPointer(rebasing: raw[consumed..<end]), as: UTF8.self)
                    keep(line, time: now, stamp: stamp, into: &out)
                    consumed = found == nil ? end : end + 1
                }
            }
            if consumed > 0 { partial = Data(partial.dropFirst(consumed)) }
            write(out)
        }
    }

    /// The child closed its output: a last line without a newline is kept too.
    func finish() {
        lock.withLock {
            var out = Data()
            let now = Date()
            if !partial.isEmpty { keep(String(decoding: partial, as: UTF8.self), time: now, stamp: stamps.string(from: now), into: &out) }
            partial = Data()
            write(out)
        }
    }

    /// A line the runner itself adds (a start, an exit, a stop), marked as such.
    public func note(_ text: String) {
        lock.withLock {
            var out = Data()
            let now = Date()
            noteOffsets.insert(fileSize)
            keep("[kafka-scenario] " + text, time: now, stamp: stamps.string(from: now), isNote: true, into: &out)
            write(out)
        }
    }

    private func keep(_ raw: String, time: Date, stamp: String, isNote: Bool = false, into out: inout Data) {
        var text = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
        for secret in secrets where text.contains(secret) { text = text.replacingOccurrences(of: secret, with: Self.mask) }
        lines.append(Line(time: time, text: text, isNote: isNote))
        keptBytes += text.utf8.count
        if lines.count > Self.memoryLines || keptBytes > Self.memoryBytes { dropOldest() }
        if file != nil {
            out.append(contentsOf: stamp.utf8)
            out.append(0x20)
            out.append(contentsOf: text.utf8)
            out.append(0x0A)
        }
    }

    /// Drops the older half (by count or by bytes): amortised, lines are not shifted one by one.
    private func dropOldest() {
        var drop = lines.count > Self.memoryLines ? lines.count / 2 : 0
        var bytes = keptBytes
        for line in lines[..<drop] { bytes -= line.text.utf8.count }
        while bytes > Self.memoryBytes / 2, drop < lines.count - 1 {
            bytes -= lines[drop].text.utf8.count
            drop += 1
        }
        lines.removeFirst(drop)
        keptBytes = bytes
        droppedLines += drop
    }

    private func write(_ out: Data) {
        guard let file, !out.isEmpty else { return }
        file.write(out)
        fileSize += UInt64(out.count)
    }

    public var all: [Line] { lock.withLock { lines } }
    public var count: Int { lock.withLock { lines.count } }

    public func last(_ n: Int) -> [Line] { lock.withLock { Array(lines.suffix(n)) } }

    /// Lines that arrived in `[from, to]`.
    public func lines(from: Date, to: Date) -> [Line] {
        lock.withLock { lines.filter { $0.time >= from && $0.time <= to } }
    }

    /// Every line from the `index`-th on, numbered from the first the service wrote, that memory still
    /// holds (older ones are only in the file: see `read(from:)`).
    public func lines(after index: Int) -> [Line] {
        lock.withLock {
            let local = max(0, index - droppedLines)
            return local < lines.count ? Array(lines[local...]) : []
        }
    }

    /// A place in the log file, for reading every line in order.
    public struct Cursor: Sendable {
        var offset: UInt64 = 0
        public init() {}
    }

    /// The complete lines written to the file after `cursor` (at most about `maxBytes` of them), moving
    /// it on; the texts without their timestamps, the runner's own lines marked. Memory-only logs read
    /// from memory.
    public func read(from cursor: inout Cursor, maxBytes: Int = 1 << 20) -> [Line] {
        guard let path else {
            let fresh = lines(after: Int(cursor.offset))
            cursor.offset += UInt64(fresh.count)
            return fresh
        }
        let (size, notes) = lock.withLock { (fileSize, noteOffsets) }
        guard cursor.offset < size, let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        try? handle.seek(toOffset: cursor.offset)
        let chunk = (try? handle.read(upToCount: Int(min(UInt64(maxBytes), size - cursor.offset)))) ?? nil
        guard let chunk, !chunk.isEmpty else { return [] }
        var result: [Line] = []
        let now = Date()
        var consumed = 0
        chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let base = raw.baseAddress!
            // A line longer than maxBytes (only the runner's notes can be) is read whole on the next call.
            while consumed < raw.count, let found = memchr(base + consumed, 0x0A, raw.count - consumed) {
                let end = base.distance(to: UnsafeRawPointer(found))
                // `<stamp> <text>`: the text starts after the first space.
                let space = memchr(base + consumed, 0x20, end - consumed).map { base.distance(to: UnsafeRawPointer($0)) + 1 } ?? consumed
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: raw[space..<end]), as: UTF8.self)
                result.append(Line(time: now, text: text, isNote: notes.contains(cursor.offset + UInt64(consumed))))
                consumed = end + 1
            }
        }
        cursor.offset += UInt64(consumed)
        return result
    }

    /// The service's lines (not the runner's) written to the file after `cursor`, joined with newlines,
    /// moving it on; nil when nothing new came. Cheaper than `read(from:)` for a scan: one string per chunk.
    public func readJoined(from cursor: inout Cursor, maxBytes: Int = 1 << 20) -> String? {
        guard path != nil else {
            let lines = read(from: &cursor, maxBytes: maxBytes)
            return lines.isEmpty ? nil : lines.filter { !$0.isNote }.map(\.text).joined(separator: "\n")
        }
        guard let (chunk, start) = readChunk(from: cursor, maxBytes: maxBytes) else { return nil }
        let notes = lock.withLock { noteOffsets }
        var joined = Data()
        joined.reserveCapacity(chunk.count)
        var consumed = 0
        chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let base = raw.baseAddress!
            while consumed < raw.count, let found = memchr(base + consumed, 0x0A, raw.count - consumed) {
                let end = base.distance(to: UnsafeRawPointer(found))
                if !notes.contains(start + UInt64(consumed)) {
                    let space = memchr(base + consumed, 0x20, end - consumed).map { base.distance(to: UnsafeRawPointer($0)) + 1 } ?? consumed
                    if !joined.isEmpty { joined.append(0x0A) }
                    joined.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[space..<end]))
                }
                consumed = end + 1
            }
        }
        cursor.offset = start + UInt64(consumed)
        return consumed == 0 ? nil : String(decoding: joined, as: UTF8.self)
    }

    private func readChunk(from cursor: Cursor, maxBytes: Int) -> (Data, UInt64)? {
        guard let path else { return nil }
        let size = lock.withLock { fileSize }
        guard cursor.offset < size, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        try? handle.seek(toOffset: cursor.offset)
        guard let chunk = (try? handle.read(upToCount: Int(min(UInt64(maxBytes), size - cursor.offset)))) ?? nil,
              !chunk.isEmpty else { return nil }
        return (chunk, cursor.offset)
    }

    public static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    public static func render(_ lines: [Line]) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return lines.map { formatter.string(from: $0.time) + " " + $0.text }.joined(separator: "\n")
    }
}
