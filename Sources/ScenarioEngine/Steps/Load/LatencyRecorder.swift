import Histogram
import LatencyHistogram
import ScenarioResults
import ScenarioSpec

/// Send→receive latencies in microseconds, summarised by percentile.
struct LatencyRecorder {
    private var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    private(set) var count = 0

    mutating func record(seconds: Double) {
        histogram.record(UInt64(max(0, seconds) * 1_000_000))
        count += 1
    }

    /// Adds `other`'s samples to these.
    mutating func merge(_ other: LatencyRecorder) {
        histogram.add(other.histogram)
        count += other.count
    }

    /// The histogram in HdrHistogram's compressed form, for `report` to merge shards; nil when empty.
    var compressed: String? { count > 0 ? CompressedHistogram.encode(histogram) : nil }

    func value(_ name: String) -> Double? {
        guard count > 0 else { return nil }
        let micros: UInt64
        switch name {
        case "max": micros = histogram.max
        case "min": micros = histogram.min
        case "mean": return histogram.mean / 1_000_000
        default:
            guard name.hasPrefix("p"), var percentile = Double(name.dropFirst()) else { return nil }
            if name == "p999" { percentile = 99.9 }
            micros = histogram.valueAtPercentile(percentile)
        }
        return Double(micros) / 1_000_000
    }

    /// Checks every `latency:` assertion and records each as a metric.
    func check(_ assertion: LatencyAssertion?, _ ctx: ScenarioContext, prefix: String, topic: String) throws {
        guard let assertion else { return }
        guard count > 0 else {
            throw StepError.assertion("no latency measured on '\(topic)': no message carried a timestamp", reason: .noLatency(topic: topic))
        }
        var failures: [Failure] = []
        for check in assertion.checks {
            guard let value = value(check.percentile) else { continue }
            do {
                try Assertions.check(ctx, name: "\(prefix).latency.\(check.percentile)", label: "\(check.percentile) latency (\(topic))",
                                     value: value, unit: .seconds, comparison: check.comparison, what: "\(check.percentile) latency",
                                     topic: topic)
            } catch StepError.failed(let f) {
                failures.append(f)
            }
        }
        if !failures.isEmpty { throw StepError.assertion(failures.map(\.message).joined(separator: "; "), reason: FailureReason.all(of: failures)) }
    }
}
