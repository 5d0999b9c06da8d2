import KafkaClient
import ScenarioResults
import ScenarioSpec

/// `settle:` (DESIGN §2.1): proves a service is done instead of waiting out a window. Settled once
/// the group has committed past every offset written during the scenario to its input topics (the
/// scenario's topics it has committed on, and those the scenario's produce steps wrote to), the
/// step's reader has read its topic up to the end offsets seen then, and `quiet` passed with no new
/// message, commit or write.
final class GroupSettle {
    let group: String
    private let quiet: Double
    private let ctx: ScenarioContext
    private let offsets: any TopicConsumer
    private let watched: String
    /// Where the step's reader started on each partition of its topic.
    private let readFrom: [Int32: Int64]
    private let started = Deadline.now()
    private var lastRead: [Int32: Int64] = [:]
    private var messagesRead = 0
    private var nextCheck = 0.0
    private var quietSince: (at: Double, ends: [TopicPartition: Int64], read: Int)?
    private(set) var everCommitted = false
    private(set) var behind: [String] = []
    private(set) var settledAfter: Double?

    static let checkInterval = 0.05

    init(_ settle: Settle, _ ctx: ScenarioContext, watched: String, from: StartPosition, deadline: Deadline) throws {
        self.ctx = ctx
        self.watched = watched
        quiet = settle.quiet.seconds
        let group = try Self.groupName(settle, ctx)
        self.group = group
        offsets = try StepError.fromKafka {
            try ctx.session.makeConsumer(group: group, properties: ["enable.auto.commit": "false"])
        }
        switch from {
        case .scenarioStart: readFrom = ctx.offsets.startOffsets(of: watched) ?? [:]
        case .beginning: readFrom = [:]
        case .end, .now: readFrom = (try? ctx.session.endOffsets(of: watched, timeout: min(deadline.remaining, 5))) ?? [:]
        }
    }

    deinit { offsets.close() }

    /// The step's reader read `message` from the watched topic.
    func saw(_ message: Message) {
        messagesRead += 1
        lastRead[message.partition] = max(lastRead[message.partition] ?? -1, message.offset)
    }

    /// True once settled (then the step may end). Asks the broker at most every `checkInterval`.
    func isSettled() throws -> Bool {
        if settledAfter != nil { return true }
        let now = Deadline.now()
        guard now >= nextCheck else { return false }
        nextCheck = now + Self.checkInterval
        // A broker that cannot answer now proves nothing: keep waiting (the reader notices a lost broker).
        guard let ends = try? caughtUpEnds() else {
            quietSince = nil
            return false
        }
        guard let since = quietSince, since.ends == ends, since.read == messagesRead else {
            quietSince = (now, ends, messagesRead)
            return false
        }
        guard now - since.at >= quiet else { return false }
        settledAfter = now - started
        return true
    }

    /// Records how the wait ended, as a fact (and a step-log line). A group that committed nothing
    /// and that the coordinator does not know is an error naming it.
    func record() throws {
        if settledAfter == nil, !everCommitted { try checkGroupExists() }
        if let after = settledAfter {
            let ms = Int((after * 1000).rounded())
            ctx.records.note("settle: group \(group) caught up; step ended after \(ms) ms")
            ctx.records.verify(.settled(group: group, afterMs: ms))
        } else {
            ctx.records.note("settle: group \(group) " + (everCommitted ? "still behind (\(behind.joined(separator: ", ")))" : "never committed")
                             + "; the whole window was waited out")
            ctx.records.verify(.notSettled(group: group, neverCommitted: !everCommitted, behind: behind))
        }
    }

    /// The end offsets of the scenario's topics when the group and the reader have caught up; nil when not.
    private func caughtUpEnds() throws -> [TopicPartition: Int64]? {
        let topics = Set(ctx.names.all.values).union(ctx.offsets.recordedTopics).union([watched]).sorted()
        var ends: [TopicPartition: Int64] = [:]
        for topic in topics {
            let marks = try StepError.fromKafka { try ctx.session.endOffsets(of: topic, timeout: 2) }
            for (partition, end) in marks { ends[TopicPartition(topic: topic, partition: partition)] = end }
        }
        let committed = try StepError.fromKafka { try offsets.committed(Array(ends.keys), timeout: 2) }
        // Its input topics: those it committed on, and those the scenario's produce steps wrote to (a topic
        // it has not committed on yet must not be left out: that would end the wait before it read).
        let inputs = Set(committed.keys.map(\.topic)).union(topics.filter { !ctx.offsets.sentByStep($0).isEmpty })
        if !committed.isEmpty { everCommitted = true }
        if inputs.isEmpty { return nil }
        behind = ends.keys.filter { inputs.contains($0.topic) }.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
            .compactMap { tp in
                let end = ends[tp] ?? 0
                let start = ctx.offsets.startOffsets(of: tp.topic)?[tp.partition] ?? 0
                let done = committed[tp] ?? -1
                guard end > start, done < end else { return nil }
                return "\(ctx.names.declared(forReal: tp.topic))[\(tp.partition)] \(max(done, 0))/\(end)"
            }
        guard behind.isEmpty else { return nil }
        for (tp, end) in ends where tp.topic == watched {
            let readUpTo = max(readFrom[tp.partition] ?? 0, (lastRead[tp.partition] ?? -1) + 1)
            if end > readUpTo { return nil }
        }
        return ends
    }

    /// A group that has committed nothing may not exist: the coordinator says so where it can
    /// describe groups (the embedded broker cannot; there it counts as never committing). Asked only
    /// once the window is over: a broker that does not list groups must not cut a service's first commit short.
    private func checkGroupExists() throws {
        if case .success(nil) = Result(catching: { try ctx.session.describeGroup(group, timeout: 2) }) {
            throw StepError.couldNotRun("settle: consumer group '\(group)' does not exist",
                                        reason: .settleGroupUnknown(group: group))
        }
    }

    private static func groupName(_ settle: Settle, _ ctx: ScenarioContext) throws -> String {
        switch settle.group {
        case .named(let template): return try ctx.variables.renderString(template, what: "settle.group")
        case .service:
            guard case .object(let services)? = ctx.variables.templateContext().variables["services"] else {
                throw StepError.couldNotRun("settle: service needs a service with ready.group in the suite",
                                            reason: .settleNeedsServiceGroup(services: []))
            }
            let named = services.compactMap { member -> (String, String)? in
                guard case .string(let group)? = member.value["group"] else { return nil }
                return (member.key, group)
            }
            guard named.count == 1, let only = named.first else {
                throw StepError.couldNotRun(
                    named.isEmpty ? "settle: service needs a service with ready.group in the suite"
                                  : "settle: service is ambiguous: \(named.map(\.0).joined(separator: ", ")) name ready.group; write settle: { group: … }",
                    reason: .settleNeedsServiceGroup(services: named.map(\.0)))
            }
            return only.1
        }
    }
}
