import Foundation
import Histogram
import LatencyHistogram
import ScenarioResults

/// Merges the shards of a sharded `load` (`run --shard I/N`): a scenario with a load step ran on
/// every shard, each sending its share. Its copies become one result whose load figures are the
/// shards' together: counts and lost/duplicates add up, latency percentiles come from the merged
/// histogram (never an average of percentiles), throughput is the total over the shards' common
/// span (the first shard's start to the last shard's end), and the thresholds are judged on those.
public enum LoadShareMerge {
    /// The merged figures of one load step.
    public struct Figures: Equatable, Sendable {
        public var topic: String
        public var shards: Int
        public var messages: Int
        public var acknowledged: Int
        public var received: Int
        public var duplicates: Int
        public var lost: Int { messages - received }
        public var produceThroughput: Double?
        public var consumeThroughput: Double?
        /// Percentile name ("p50", "p99", "max") → seconds.
        public var latency: [String: Double]
    }

    /// The scenarios of one suite, copies of a sharded-load scenario merged into one (at the first's place).
    static func merge(_ scenarios: [ScenarioResult]) -> [ScenarioResult] {
        guard scenarios.contains(where: { $0.loadShares != nil }) else { return scenarios }
        func key(_ s: ScenarioResult) -> String { "\(s.line)\u{0}\(s.name)" }
        // A shard whose copy failed before its load recorded a share is still one of the copies.
        let sharded = Set(scenarios.filter { $0.loadShares != nil }.map(key))
        var result: [ScenarioResult] = []
        var copies: [String: [ScenarioResult]] = [:]
        var order: [String] = []
        for scenario in scenarios {
            let key = key(scenario)
            guard sharded.contains(key) else { result.append(scenario); continue }
            if copies[key] == nil { order.append(key) }
            copies[key, default: []].append(scenario)
        }
        for key in order { result.append(mergeCopies(copies[key]!)) }
        return result
    }

    /// The load steps' shares grouped by step: the k-th share a shard recorded belongs with every
    /// other shard's k-th.
    public static func stepGroups(_ shares: [LoadShare]) -> [[LoadShare]] {
        var seen: [String: Int] = [:]
        var groups: [[LoadShare]] = []
        for share in shares {
            let k = seen[share.shard, default: 0]
            seen[share.shard] = k + 1
            if k == groups.count { groups.append([]) }
            if !groups[k].contains(share) { groups[k].append(share) }
        }
        return groups
    }

    public static func figures(_ shares: [LoadShare]) throws -> Figures {
        let first = shares[0]
        var histogram: Histogram<UInt64>?
        for share in shares {
            guard let text = share.latency else { continue }
            let decoded = try CompressedHistogram.decode(text)
            if histogram == nil { histogram = decoded } else { histogram!.add(decoded) }
        }
        var latency: [String: Double] = [:]
        if let histogram, histogram.totalCount > 0 {
            var names = ["p50", "p95", "p99", "max"]
            for t in first.thresholds where t.metric.hasPrefix("load.latency.") {
                let name = String(t.metric.dropFirst("load.latency.".count))
                if !names.contains(name) { names.append(name) }
            }
            for name in names {
                if let value = percentile(name, of: histogram) { latency[name] = value }
            }
        }
        let start = shares.map(\.startedAt).min()!
        func rate(_ count: Int, _ ends: [Double?]) -> Double? {
            let known = ends.compactMap { $0 }
            guard known.count == ends.count, let end = known.max() else { return nil }
            return Double(count) / max(end - start, 1e-6)
        }
        let acknowledged = shares.reduce(0) { $0 + $1.acknowledged }
        let received = shares.reduce(0) { $0 + $1.received }
        return Figures(topic: first.topic, shards: Set(shares.map(\.shard)).count, messages: first.messages,
                       acknowledged: acknowledged, received: received, duplicates: shares.reduce(0) { $0 + $1.duplicates },
                       produceThroughput: rate(acknowledged, shares.map(\.producedAt)),
                       consumeThroughput: rate(received, shares.map(\.lastArrival)), latency: latency)
    }

    static func percentile(_ name: String, of histogram: Histogram<UInt64>) -> Double? {
        let micros: UInt64
        switch name {
        case "max": micros = histogram.max
        case "min": micros = histogram.min
        default:
            guard name.hasPrefix("p"), var p = Double(name.dropFirst()) else { return nil }
            if name == "p999" { p = 99.9 }
            micros = histogram.valueAtPercentile(p)
        }
        return Double(micros) / 1_000_000
    }

    private static func mergeCopies(_ copies: [ScenarioResult]) -> ScenarioResult {
        var merged = copies.first { $0.loadShares != nil } ?? copies[0]
        let shares = copies.flatMap { $0.loadShares ?? [] }
        merged.loadShares = shares
        merged.duration = copies.map(\.duration).max() ?? merged.duration
        merged.status = copies.map(\.status).max { rank($0) < rank($1) } ?? merged.status
        merged.failure = copies.first { $0.status == merged.status }?.failure ?? merged.failure
        if copies.count > 1 {
            merged.log = copies.flatMap { copy in
                ["— \(copy.loadShares?.first.map { "shard \($0.shard)" } ?? "shard") —"] + copy.log
            }
        }
        merged.metrics = merged.metrics.filter { !$0.name.hasPrefix("load.") }
        // A shard's own load facts give way to the merged ones (also when a merged results.json is reported again).
        let topics = Set(shares.map(\.topic))
        merged.verified = merged.verified.filter { fact in
            switch fact {
            case .loadShareSent: return false
            case .loadReadBack(let topic, _, _, _, _), .loadMerged(let topic, _, _): return !topics.contains(topic)
            default: return true
            }
        }
        var reasons: [FailureReason] = []
        var messages: [String] = []
        for group in stepGroups(shares) {
            let topic = group[0].topic
            let figures: Figures
            do {
                figures = try Self.figures(group)
            } catch {
                reasons.append(.noLatency(topic: topic))
                messages.append("the latency histogram of a shard of the load on '\(topic)' cannot be read: \(error)")
                continue
            }
            var values: [(String, String, Double, MetricUnit)] = [
                ("load.lost", "messages lost", Double(figures.lost), .count),
                ("load.duplicates", "duplicate messages", Double(figures.duplicates), .count),
            ]
            if let r = figures.produceThroughput { values.insert(("load.produce_throughput", "produce throughput", r, .perSecond), at: 0) }
            if let r = figures.consumeThroughput { values.insert(("load.consume_throughput", "consume throughput", r, .perSecond), at: 1) }
            for (name, value) in figures.latency.sorted(by: { order($0.key) < order($1.key) }) {
                values.append(("load.latency.\(name)", "\(name) latency", value, .seconds))
            }
            let step = copies[0].metrics.first { $0.name.hasPrefix("load.") && $0.topic == topic }?.step
            for (name, label, value, unit) in values {
                let threshold = group[0].thresholds.first { $0.metric == name }
                let passed = threshold?.holds(for: value)
                merged.metrics.append(Metric(name: name, label: "\(label) (\(topic))", value: value, unit: unit,
                                             threshold: threshold?.written, passed: passed, step: step, topic: topic))
                if let threshold, passed == false {
                    let actual = describe(value, unit)
                    reasons.append(.threshold(metric: name, topic: topic, group: nil, expected: threshold.written, actual: actual))
                    messages.append("\(label) of the merged shards: expected \(threshold.written), got \(actual)")
                }
            }
            if figures.latency.isEmpty, group[0].thresholds.contains(where: { $0.metric.hasPrefix("load.latency.") }) {
                reasons.append(.noLatency(topic: topic))
                messages.append("no latency measured on '\(topic)' in any shard")
            }
            merged.verified.append(.loadReadBack(topic: topic, produced: figures.messages, received: figures.received,
                                                 lost: figures.lost, duplicates: figures.duplicates))
            merged.verified.append(.loadMerged(topic: topic, shards: figures.shards, messages: figures.messages))
        }
        if !reasons.isEmpty {
            let failure = Failure(message: messages.joined(separator: "; "), type: "LoadAssertion",
                                  reason: reasons.count == 1 ? reasons[0] : .all(reasons))
            if merged.status == .passed || merged.status == .skipped {
                merged.status = .failed
                merged.failure = failure
            } else if merged.failure == nil {
                merged.failure = failure
            }
        }
        return merged
    }

    private static func order(_ name: String) -> Double {
        name == "max" ? 1000 : Double(name.dropFirst()).map { name == "p999" ? 99.9 : $0 } ?? 999
    }

    private static func rank(_ status: Status) -> Int {
        switch status {
        case .skipped: return 0
        case .passed: return 1
        case .failed: return 2
        case .error: return 3
        }
    }

    private static func describe(_ value: Double, _ unit: MetricUnit) -> String {
        switch unit {
        case .seconds: return value < 0.9995 ? String(format: "%.0fms", value * 1000) : String(format: "%.2fs", value)
        case .perSecond: return String(format: "%.1f/s", value)
        case .percent: return String(format: "%.1f%%", value)
        case .count: return value == value.rounded() ? String(Int64(value)) : String(value)
        }
    }
}
