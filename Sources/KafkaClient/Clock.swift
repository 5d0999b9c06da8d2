import Foundation

enum Clock {
    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// Seconds → librdkafka's int milliseconds, clamped to at least 0.
    static func milliseconds(_ seconds: Double) -> Int32 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int32(min(seconds * 1000, Double(Int32.max)).rounded(.up))
    }
}

/// A point in time after which a bounded operation gives up.
struct Deadline {
    let end: DispatchTime
    init(seconds: Double) {
        end = .now() + .nanoseconds(Int(min(max(seconds, 0), 1e6) * 1e9))
    }
    var remainingSeconds: Double {
        let now = DispatchTime.now().uptimeNanoseconds
        return end.uptimeNanoseconds > now ? Double(end.uptimeNanoseconds - now) / 1e9 : 0
    }
    var remainingMs: Int32 { Clock.milliseconds(remainingSeconds) }
    var expired: Bool { remainingSeconds <= 0 }
}
