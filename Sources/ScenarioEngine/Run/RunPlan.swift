import ScenarioResults
import ScenarioSpec

/// Which scenarios a run executes, and which it reports as skipped by filter.
public struct RunPlan: Sendable {
    public struct Entry: Sendable {
        public var suite: Int
        public var scenario: Scenario
        /// nil: runs; else the reason it is skipped.
        public var skipReason: String?
        /// The same reason as data, for reports in other languages.
        public var skipWhy: FailureReason?

        /// The skipped result's failure: the reason, and the reason as data.
        public var skipFailure: Failure? { skipReason.map { Failure(message: $0, type: "Skipped", reason: skipWhy) } }
    }
    public var suites: [Suite]
    public var entries: [Entry]

    /// `timings`: `--shard-by timings`, the scenarios' last durations; without them a shard takes
    /// every N-th scenario. A scenario with a `load` step runs on every shard: its load sends that
    /// shard's share of the messages.
    public init(suites: [Suite], tags: [String], skipTags: [String], filter: String?, shard: Shard?, timings: ShardTimings? = nil) {
        self.suites = suites
        let assignment = shard.map { ShardAssignment(suites: suites, count: $0.count, timings: timings) }
        var entries: [Entry] = []
        var ordinal = 0
        for (s, suite) in suites.enumerated() {
            for scenario in suite.scenarios {
                defer { ordinal += 1 }
                // Sharding is by position in the sorted file list, so every shard computes the same slices.
                if let shard, let assignment, !assignment.runs(ordinal, onShard: shard.index) { continue }
                let allTags = Set(Self.tags(of: scenario, in: suite))
                var reason: String?
                var why: FailureReason?
                if !tags.isEmpty, allTags.isDisjoint(with: tags) {
                    reason = "filtered out: has none of the tags \(tags.joined(separator: ", "))"
                    why = .filteredByTags(tags: tags)
                } else if let hit = skipTags.first(where: allTags.contains) {
                    reason = "filtered out: tagged \(hit)"
                    why = .filteredBySkipTag(tag: hit)
                } else if let filter, !"\(suite.name) \(scenario.name)".localizedCaseInsensitiveContains(filter) {
                    reason = "filtered out: name does not contain '\(filter)'"
                    why = .filteredByName(filter: filter)
                }
                entries.append(Entry(suite: s, scenario: scenario, skipReason: reason, skipWhy: why))
            }
        }
        self.entries = entries
    }

    public var runnable: [Entry] { entries.filter { $0.skipReason == nil } }

    /// A scenario's tags as `--tag` sees them: the suite's, then its own, each once.
    public static func tags(of scenario: Scenario, in suite: Suite) -> [String] {
        var seen = Set<String>()
        return (suite.tags + scenario.tags).filter { seen.insert($0).inserted }
    }
}
