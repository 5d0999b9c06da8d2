import Foundation

/// `250ms`, `2s`, `1.5s`, `1m`.
public struct Duration: Equatable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Double
    public init(seconds: Double) { self.seconds = seconds }

    public static func < (a: Duration, b: Duration) -> Bool { a.seconds < b.seconds }

    /// Parses a duration; nil when the text is not one.
    public static func parse(_ text: String) -> Duration? {
        let t = text.trimmingCharacters(in: .whitespaces)
        for (suffix, factor) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count)
            guard !number.isEmpty, number.first != "-", number.first != "+",
                  let value = Double(number), value.isFinite else { return nil }
            return Duration(seconds: value * factor)
        }
        return nil
    }

    public var description: String {
        if seconds < 1 { return "\(Self.trim(seconds * 1000))ms" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Self.trim(seconds / 60))m" }
        return "\(Self.trim(seconds))s"
    }

    /// At most three decimals, no trailing zeros or dot; huge values in exponent form (`1e+30`).
    static func trim(_ v: Double) -> String {
        guard abs(v) < 1e15 else { return "\(v)" }
        var text = String(format: "%.3f", v)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

/// `500/s`, or `unlimited` (represented as nil by callers).
public struct Rate: Equatable, Sendable, CustomStringConvertible {
    public var perSecond: Double
    public init(perSecond: Double) { self.perSecond = perSecond }

    public static func parse(_ text: String) -> Rate? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasSuffix("/s"), let v = Double(t.dropLast(2).trimmingCharacters(in: .whitespaces)),
              v.isFinite, v > 0 else { return nil }
        return Rate(perSecond: v)
    }

    public var description: String { "\(Duration.trim(perSecond))/s" }
}
