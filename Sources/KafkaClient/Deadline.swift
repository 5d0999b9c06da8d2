import Foundation

/// A point in monotonic time after which a bounded operation gives up; every wait is bounded by one.
public struct Deadline: Sendable {
    /// Seconds of system uptime (`Deadline.now()`).
    public let uptime: Double

    public init(uptime: Double) { self.uptime = uptime }

    /// `seconds` from now.
    public init(seconds: Double) { self.init(uptime: Deadline.now() + seconds) }

    public static func now() -> Double { ProcessInfo.processInfo.systemUptime }
    public static func after(_ seconds: Double) -> Deadline { Deadline(seconds: seconds) }
    public static let distant = Deadline(uptime: .greatestFiniteMagnitude)

    /// Seconds left, at least 0.
    public var remaining: Double { max(0, uptime - Deadline.now()) }
    /// `remaining` as librdkafka's int milliseconds (rounded up, at most Int32.max).
    public var remainingMs: Int32 { Clock.milliseconds(min(remaining, 1e6)) }
    public var hasPassed: Bool { Deadline.now() >= uptime }

    public func earliest(_ other: Deadline) -> Deadline { uptime <= other.uptime ? self : other }
}
