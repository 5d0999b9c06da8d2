import ScenarioSpec

/// `--shard-by timings PREVIOUS/results.json`: each scenario's duration in an earlier run, by file
/// and scenario name.
public struct ShardTimings: Sendable {
    public var durations: [String: Double]

    public init(durations: [String: Double] = [:]) { self.durations = durations }

    public static func key(file: String, scenario: String) -> String { file + "\u{0}" + scenario }

    public mutating func add(file: String, scenario: String, seconds: Double) {
        durations[Self.key(file: file, scenario: scenario)] = seconds
    }

    func duration(file: String, scenario: String) -> Double? { durations[Self.key(file: file, scenario: scenario)] }
}

/// Which shard runs each scenario (by its ordinal in the sorted file list). Deterministic: every
/// shard computes the same assignment from the same files and timings.
/// - Without timings: every N-th scenario.
/// - With timings: the scenarios with a known duration, longest first (ties by ordinal), each onto
///   the shard with the least time so far (ties: the lowest index); then the unknown ones, in order,
///   each onto the shard with the fewest scenarios (ties: least time, lowest index).
/// A scenario with a `load` step is on every shard (its load is split by messages, not by scenarios).
public struct ShardAssignment: Sendable {
    /// The 1-based shard of each ordinal; nil: every shard.
    public private(set) var shardOf: [Int?]

    public init(suites: [Suite], count: Int, timings: ShardTimings?) {
        var scenarios: [(ordinal: Int, file: String, name: String, everywhere: Bool)] = []
        for suite in suites {
            for scenario in suite.scenarios {
                let loads = scenario.steps.flattened.contains { $0.kind is LoadStep }
                scenarios.append((scenarios.count, suite.file, scenario.name, loads))
            }
        }
        shardOf = Array(repeating: nil, count: scenarios.count)
        let placed = scenarios.filter { !$0.everywhere }
        guard let timings else {
            for s in placed { shardOf[s.ordinal] = s.ordinal % count + 1 }
            return
        }
        var time = Array(repeating: 0.0, count: count)
        var size = Array(repeating: 0, count: count)
        func place(_ ordinal: Int, on shard: Int, seconds: Double) {
            shardOf[ordinal] = shard + 1
            time[shard] += seconds
            size[shard] += 1
        }
        let known = placed.compactMap { s in timings.duration(file: s.file, scenario: s.name).map { (s.ordinal, $0) } }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        for (ordinal, seconds) in known {
            let shard = time.indices.min { time[$0] != time[$1] ? time[$0] < time[$1] : $0 < $1 }!
            place(ordinal, on: shard, seconds: seconds)
        }
        for s in placed where shardOf[s.ordinal] == nil {
            let shard = size.indices.min { size[$0] != size[$1] ? size[$0] < size[$1] : (time[$0] != time[$1] ? time[$0] < time[$1] : $0 < $1) }!
            place(s.ordinal, on: shard, seconds: 0)
        }
    }

    func runs(_ ordinal: Int, onShard index: Int) -> Bool {
        guard ordinal < shardOf.count, let shard = shardOf[ordinal] else { return true }
        return shard == index
    }
}
