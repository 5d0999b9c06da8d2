import Foundation
import ScenarioResults
import ScenarioSpec

/// A duration for messages: `250ms` below a second (rounded), else `1.50s`; 0.9996 s is `1.00s`, not `1000ms`.
func format(_ seconds: Double) -> String {
    seconds < 0.9995 ? String(format: "%.0fms", seconds * 1000) : String(format: "%.2fs", seconds)
}

enum Assertions {
    /// Records a timing/count assertion as a metric and fails the step when it does not hold.
    static func check(_ ctx: ScenarioContext, name: String, label: String, value: Double, unit: MetricUnit,
                      comparison: Comparison, what: String, topic: String? = nil, group: Int? = nil) throws {
        let ok = comparison.holds(for: value)
        ctx.records.record(Metric(name: name, label: label, value: value, unit: unit, threshold: comparison.description, passed: ok))
        if !ok {
            throw StepError.assertion("\(what): expected \(comparison.description), got \(describe(value, unit))",
                                      reason: .threshold(metric: name, topic: topic, group: group, expected: comparison.description,
                                                         actual: describe(value, unit)))
        }
    }

    static func describe(_ value: Double, _ unit: MetricUnit) -> String {
        switch unit {
        case .seconds: return format(value)
        case .perSecond: return String(format: "%.1f/s", value)
        case .percent: return String(format: "%.1f%%", value)
        case .count: return value == value.rounded() ? String(Int64(value)) : String(value)
        }
    }
}
