import Foundation

enum Clock {
    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// Seconds → librdkafka's int milliseconds, clamped to at least 0.
    static func milliseconds(_ seconds: Double) -> Int32 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int32(min(seconds * 1000, Double(Int32.max)).rounded(.up))
    }
}
