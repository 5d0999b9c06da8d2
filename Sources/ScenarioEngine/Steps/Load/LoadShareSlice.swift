import ScenarioResults
import ScenarioSpec

/// A shard's slice of a load's messages under `--shard I/N`: consecutive sequence numbers, the
/// first `messages % N` shards one more, so that the shares add up to `messages` and no two shards
/// send the same sequence number.
struct LoadShareSlice: Equatable {
    let first: Int
    let count: Int

    init(messages: Int, shard: Shard) {
        let base = messages / shard.count, extra = messages % shard.count
        let before = shard.index - 1
        first = before * base + min(before, extra)
        count = base + (before < extra ? 1 : 0)
    }

    /// The step's thresholds as data, judged by `report` on the merged figures.
    static func thresholds(of step: LoadStep) -> [LoadThreshold] {
        var list: [LoadThreshold] = []
        func add(_ metric: String, _ comparison: Comparison?) {
            guard let comparison else { return }
            list.append(LoadThreshold(metric: metric, op: comparison.op.rawValue, bound: comparison.value, written: comparison.description))
        }
        add("load.produce_throughput", step.produceThroughput)
        add("load.consume_throughput", step.consumeThroughput)
        add("load.lost", step.lost ?? Comparison(.eq, 0))
        add("load.duplicates", step.duplicates ?? Comparison(.eq, 0))
        for check in step.latency?.checks ?? [] { add("load.latency.\(check.percentile)", check.comparison) }
        return list
    }
}
