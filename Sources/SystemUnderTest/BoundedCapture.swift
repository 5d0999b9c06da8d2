import Foundation

/// What the runner keeps of an output that may be endless (an `exec`'s stdout, an `http` body): the first
/// `headLimit` bytes and the last `tailLimit`, and a count of what was left out between them (DESIGN §1.7:
/// memory is bounded, the rest counted as "N more bytes"). Not thread-safe: one writer.
public struct BoundedCapture: Sendable {
    public static let defaultHead = 1 << 20
    public static let defaultTail = 256 << 10

    public let headLimit: Int
    public let tailLimit: Int
    private(set) var head = Data()
    /// A ring of the last bytes once the head is full.
    private var tail = Data()
    private var tailStart = 0
    /// Every byte seen.
    public private(set) var total = 0

    public init(headLimit: Int = defaultHead, tailLimit: Int = defaultTail) {
        self.headLimit = headLimit
        self.tailLimit = tailLimit
    }

    public mutating func append(_ data: Data) {
        total += data.count
        var rest = data[...]
        if head.count < headLimit {
            let take = min(headLimit - head.count, rest.count)
            head.append(rest.prefix(take))
            rest = rest.dropFirst(take)
        }
        guard !rest.isEmpty, tailLimit > 0 else { return }
        if rest.count >= tailLimit {
            tail = Data(rest.suffix(tailLimit))
            tailStart = 0
            return
        }
        if tail.count < tailLimit {
            let room = tailLimit - tail.count
            tail.append(rest.prefix(room))
            rest = rest.dropFirst(room)
        }
        while !rest.isEmpty {   // the ring is full: overwrite the oldest, a run of bytes at a time
            let n = min(rest.count, tailLimit - tailStart)
            tail.replaceSubrange(tailStart..<(tailStart + n), with: rest.prefix(n))
            tailStart = (tailStart + n) % tailLimit
            rest = rest.dropFirst(n)
        }
    }

    /// Bytes seen but not kept.
    public var omitted: Int { total - head.count - tail.count }

    /// The first bytes kept.
    public var keptHead: Data { head }

    /// The last bytes kept, in order.
    public var keptTail: Data { tail.isEmpty ? Data() : tail[tailStart...] + tail[..<tailStart] }

    /// All of it when nothing was left out; else the head, a line saying how much is missing, the tail.
    public var text: String {
        let headText = String(decoding: head, as: UTF8.self)
        guard omitted > 0 else { return headText + String(decoding: keptTail, as: UTF8.self) }
        return headText + "\n… \(omitted) more bytes …\n" + String(decoding: keptTail, as: UTF8.self)
    }

    /// The bytes when nothing was left out, else nil.
    public var complete: Data? { omitted > 0 ? nil : head + keptTail }
}
