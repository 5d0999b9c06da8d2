import Foundation
import ScenarioResults
import ScenarioSpec

/// What a scenario records for the reports: its log, metrics, verified facts and a sample message.
final class StepRecords: Sendable {
    private struct Entries {
        var log: [String] = []
        var metrics: [Metric] = []
        var verified: [Fact] = []
        var sampleMessage: String?
        var loadShares: [LoadShare] = []
    }

    private let clock: ScenarioClock
    private let entries = Locked(Entries())

    /// Log lines carry the seconds since the clock started.
    init(clock: ScenarioClock) { self.clock = clock }

    var log: [String] { entries.withLock { $0.log } }
    var metrics: [Metric] { entries.withLock { $0.metrics } }
    var verified: [Fact] { entries.withLock { $0.verified } }
    var sampleMessage: String? { entries.withLock { $0.sampleMessage } }
    var loadShares: [LoadShare] { entries.withLock { $0.loadShares } }

    /// A shard's share of a `load` step, for `report` to merge.
    func record(_ share: LoadShare) {
        entries.withLock { $0.loadShares.append(share) }
    }

    func note(_ line: String) {
        let stamped = String(format: "%7.3fs ", Deadline.now() - clock.startedAt) + line
        entries.withLock { $0.log.append(stamped) }
    }

    func verify(_ fact: Fact) {
        entries.withLock { $0.verified.append(fact) }
    }

    /// A fact as a finished sentence: for steps that record no structured fact yet (shown as written in every language).
    func verify(_ sentence: String) {
        verify(.text(sentence: sentence))
    }

    func record(_ metric: Metric) {
        entries.withLock { $0.metrics.append(metric) }
    }

    /// Marks the metrics recorded since the last call as the given step's, so report names stay unique.
    func attributeMetrics(toStep step: Int, topic: String?) {
        entries.withLock {
            for i in $0.metrics.indices where $0.metrics[i].step == nil {
                $0.metrics[i].step = step
                $0.metrics[i].topic = topic
            }
        }
    }

    func offerSample(_ message: JSONValue) {
        entries.withLock {
            if $0.sampleMessage == nil { $0.sampleMessage = MessageView.pretty(message) }
        }
    }
}
