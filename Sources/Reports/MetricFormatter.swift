import ScenarioResults

/// Human formatting of metric values, shared by the Markdown table and JUnit properties.
public enum MetricFormatter {
    public static func format(_ value: Double, unit: MetricUnit) -> String {
        switch unit {
        case .perSecond: return FixedPoint.format(value, decimals: 1) + " msg/s"
        case .seconds: return duration(value)
        case .count: return FixedPoint.number(value)
        case .percent: return FixedPoint.format(value, decimals: 1) + "%"
        }
    }

    /// "0.4 ms", "12 ms", "1.20 s".
    public static func duration(_ seconds: Double) -> String {
        let millis = seconds * 1000
        if abs(millis) < 10 && millis != millis.rounded() { return FixedPoint.format(millis, decimals: 1) + " ms" }
        if abs(seconds) < 1 { return FixedPoint.format(millis, decimals: 0) + " ms" }
        return FixedPoint.format(seconds, decimals: 2) + " s"
    }
}
