/// Locale-independent fixed-point formatting: always a `.`, never grouping or an exponent.
enum FixedPoint {
    static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return decimals > 0 ? "0." + String(repeating: "0", count: decimals) : "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        // Values beyond this are not meaningful durations or rates; clamp rather than overflow.
        let units = scaled < 9.0e15 ? UInt64(scaled) : 9_000_000_000_000_000
        let divisor = UInt64(scale)
        let whole = units / divisor
        let sign = value < 0 && units > 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        let fraction = String(units % divisor)
        let padded = String(repeating: "0", count: decimals - fraction.count) + fraction
        return sign + String(whole) + "." + padded
    }

    /// A count: an integer when whole, else two decimals.
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 9.0e15 { return String(Int64(value)) }
        return format(value, decimals: 2)
    }
}
