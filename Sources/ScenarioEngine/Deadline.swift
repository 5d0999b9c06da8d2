import Foundation

/// A point in monotonic time; every wait in the engine is bounded by one.
public struct Deadline: Sendable {
    public let uptime: Double

    public static func now() -> Double { ProcessInfo.processInfo.systemUptime }
    public static func after(_ seconds: Double) -> Deadline { Deadline(uptime: now() + seconds) }
    public static let distant = Deadline(uptime: .greatestFiniteMagnitude)

    public var remaining: Double { max(0, uptime - Deadline.now()) }
    public var hasPassed: Bool { Deadline.now() >= uptime }

    public func earliest(_ other: Deadline) -> Deadline { uptime <= other.uptime ? self : other }
}
