import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec

/// `consumer_group`: real group members in one or more groups; asserts how messages were spread.
struct ConsumerGroupRunner {
    let step: ConsumerGroupStep
    let location: SourceLocation

    /// Creates and starts the step's members; they join their groups while earlier steps run.
    static func startMembers(_ step: ConsumerGroupStep, at location: SourceLocation, _ ctx: ScenarioContext) throws -> [[GroupMember]] {
        let topic = try ctx.topic(step.topic)
        let arrivals = Arrivals()
        let groups = try (0..<step.groups).map { g in
            try (0..<step.members).map { _ in
                try GroupMember(ctx, topic: topic.real, group: "\(ctx.defaultGroup).l\(location.line).g\(g + 1)",
                                arrivals: arrivals)
            }
        }
        groups.joined().forEach { $0.start() }
        return groups
    }

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        let topic = try ctx.topic(step.topic)
        let produced = Set(ctx.offsets.producedPositions(topic.real))
        if case .all = step.perGroup, produced.isEmpty {
            throw StepError.couldNotRun("per_group: all needs messages produced to '\(topic.declared)' earlier in this scenario",
                                        reason: .nothingProducedBefore(topic: topic.declared))
        }
        let stepDeadline = step.within.map { Deadline.after($0.seconds).earliest(deadline) } ?? deadline
        let start = Deadline.now()
        let groups = try ctx.groups.take(at: location) ?? Self.startMembers(step, at: location, ctx)
        let members = groups.flatMap { $0 }
        defer { GroupMember.stopAll(members) }

        var satisfiedEarly = false
        var seen = 0
        while !stepDeadline.hasPassed, ctx.cancellation.cancelledReason == nil {
            if groups.allSatisfy({ satisfied($0, produced: produced) }) { satisfiedEarly = true; break }
            try ctx.processors.check()
            for member in members {
                guard let reason = member.takeAllBrokersDown() else { continue }
                try TopicReader.confirmBrokerAnswers(ctx, reading: topic.declared, reason: reason)
            }
            // Wakes at the next message; the slice bounds how late an interrupt or a broker outage is seen.
            let slice = Deadline.after(Self.checkSlice).earliest(stepDeadline)
            seen = members.first?.arrivals.wait(after: seen, until: slice) ?? seen
        }
        // Taken before the members stop: a partition handed to a remaining member while the others leave is
        // read again from its last commit, and those re-reads are our shutdown, not the group's behaviour.
        let receivedByGroup = groups.map { $0.map(\.received) }
        let holding = groups.map { $0.map(\.heldPartitions) }
        GroupMember.stopAll(members)
        let elapsed = Deadline.now() - start
        try ctx.cancellation.check()
        if !satisfiedEarly { try TopicReader.confirmBrokerAnswers(ctx, reading: topic.declared, reason: nil) }
        do {
            try verify(ctx, topic: topic, receivedByGroup: receivedByGroup, produced: produced, elapsed: elapsed,
                       start: start, stepDeadline: stepDeadline)
        } catch StepError.failed(var failure) where failure.details == nil {
            // Why a group received too little: its members may not all have held partitions yet.
            if let details = Self.formation(holding, session: ctx.session) {
                failure.details = details
                failure.reason = .groupForming(holding: holding.map { $0.map { $0 ?? 0 } }, slowMock: Self.slowMock(ctx.session),
                                               then: failure.reason)
            }
            throw StepError.failed(failure)
        }
        ctx.records.verify(.groupsReceived(topic: topic.declared, groups: step.groups, members: step.members))
    }

    /// Which members held partitions when the window closed, and on librdkafka 2.0.2's embedded broker why a
    /// group forms slowly there (its members may have been assigned only as the window closed).
    static func formation(_ holding: [[Int?]], session: any KafkaSession) -> String? {
        let lines = holding.enumerated().compactMap { g, members -> String? in
            let known = members.compactMap { $0 }
            let holders = known.filter { $0 > 0 }.count
            guard known.count == members.count else { return nil }
            let partitions = known.map(String.init).joined(separator: "/")
            return "group \(g + 1): \(holders) of \(members.count) members held partitions when the window closed (partitions per member: \(partitions))"
        }
        guard !lines.isEmpty else { return nil }
        var text = lines.joined(separator: "\n")
        if slowMock(session) {
            text += "\nThe group was still forming: librdkafka 2.0.2's mock (the embedded broker) waits about 3 s before a group's first rebalance, and a member whose SyncGroup arrives after the leader's is refused and rejoins, which costs another 3 s. Give `within` at least 10 s there, or run with librdkafka 2.3 or later (e.g. LD_LIBRARY_PATH=$LIBRDKAFKA_NEW_DIR), where the embedded group forms in well under a second."
        }
        return text
    }

    static func slowMock(_ session: any KafkaSession) -> Bool { session.embedded.map { !$0.rebalancesAtOnce } ?? false }

    private func verify(_ ctx: ScenarioContext, topic: (declared: String, real: String), receivedByGroup: [[[TopicPartitionOffset]]],
                        produced: Set<TopicPartitionOffset>, elapsed: Double, start: Double, stepDeadline: Deadline) throws {
        for (g, group) in receivedByGroup.enumerated() {
            let counts = group.map { Set($0).count }
            let distinct = Set(group.joined())
            ctx.records.note("group \(g + 1): \(distinct.count) distinct messages, per member \(counts.map(String.init).joined(separator: "/")) in \(format(elapsed))")
            switch step.perGroup {
            case .all:
                let missing = produced.subtracting(distinct).count
                if missing > 0 {
                    throw StepError.assertion("group \(g + 1) of \(step.groups) received \(produced.count - missing) of the \(produced.count) messages produced to '\(topic.declared)' within \(format(stepDeadline.uptime - start))",
                                              type: "MessagesMissing",
                                              reason: .groupMissedMessages(group: g + 1, groups: step.groups, received: produced.count - missing,
                                                                           produced: produced.count, topic: topic.declared,
                                                                           within: format(stepDeadline.uptime - start)))
                }
            case .count(let comparison):
                try Assertions.check(ctx, name: "consumer_group.per_group", label: "messages per group (\(topic.declared))",
                                     value: Double(distinct.count), unit: .count, comparison: comparison,
                                     what: "messages received by group \(g + 1)", topic: topic.declared, group: g + 1)
            }
            if let perMember = step.perMember {
                for (m, count) in counts.enumerated() where !perMember.holds(for: Double(count)) {
                    throw StepError.assertion("member \(m + 1) of group \(g + 1) received \(count) messages, expected \(perMember) (per member: \(counts.map(String.init).joined(separator: "/")))",
                                              type: "DistributionFailed",
                                              reason: .memberCount(member: m + 1, group: g + 1, received: count,
                                                                   expected: perMember.description, perMember: counts))
                }
            }
            if let duplicates = step.duplicates {
                let total = group.reduce(0) { $0 + $1.count }
                try Assertions.check(ctx, name: "consumer_group.duplicates", label: "duplicates in a group (\(topic.declared))",
                                     value: Double(total - distinct.count), unit: .count, comparison: duplicates,
                                     what: "duplicates in group \(g + 1)", topic: topic.declared, group: g + 1)
            }
        }
    }

    private static let checkSlice = 0.05

    private func satisfied(_ group: [GroupMember], produced: Set<TopicPartitionOffset>) -> Bool {
        let received = group.map { Set($0.received) }
        let distinct = received.reduce(into: Set<TopicPartitionOffset>()) { $0.formUnion($1) }
        switch step.perGroup {
        case .all: if !produced.isSubset(of: distinct) { return false }
        case .count(let c): if c.isProvenByWaiting || !c.holds(for: Double(distinct.count)) { return false }
        }
        if let perMember = step.perMember,
           perMember.isProvenByWaiting || !received.allSatisfy({ perMember.holds(for: Double($0.count)) }) { return false }
        return true
    }
}

/// Counts messages received by a step's members, so the step waits for the next one instead of polling.
final class Arrivals: @unchecked Sendable {  // unchecked: `count` is only touched with `condition` locked
    private let condition = NSCondition()
    private var count = 0

    func arrived() {
        condition.lock()
        count += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until more than `seen` messages arrived or `deadline` passes; returns the count.
    func wait(after seen: Int, until deadline: Deadline) -> Int {
        condition.lock()
        defer { condition.unlock() }
        while count <= seen, !deadline.hasPassed {
            _ = condition.wait(until: Date(timeIntervalSinceNow: deadline.remaining))
        }
        return count
    }
}

/// One consumer in a group, polling on its own thread.
final class GroupMember: @unchecked Sendable {  // unchecked: its mutable state is only touched under `lock`
    let arrivals: Arrivals
    private let consumer: any TopicConsumer
    private let lock = NSLock()
    private var positions: [TopicPartitionOffset] = []
    private var running = true
    private var started = false
    private let done = DispatchSemaphore(value: 0)

    init(_ ctx: ScenarioContext, topic: String, group: String, arrivals: Arrivals) throws {
        self.arrivals = arrivals
        consumer = try StepError.fromKafka { try ctx.session.makeConsumer(group: group) }
        try StepError.fromKafka { try consumer.subscribe([topic]) }
    }

    var received: [TopicPartitionOffset] { lock.withLock { positions } }

    func takeAllBrokersDown() -> String? { consumer.takeAllBrokersDown() }

    /// Partitions the group assigned to this member now; nil when unknown.
    var heldPartitions: Int? { consumer.assignedPartitionCount() }

    func start() {
        lock.withLock { started = true }
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                do {
                    if let m = try consumer.next(timeout: 0.05) {
                        lock.withLock { positions.append(TopicPartitionOffset(partition: m.partition, offset: m.offset)) }
                        arrivals.arrived()
                    }
                } catch {
                    // Errors while the group forms are transient; the step's deadline bounds the wait.
                }
            }
            consumer.close()
            done.signal()
        }
        thread.start()
    }

    private func stop() -> Bool {
        lock.withLock {
            defer { running = false }
            return running && started
        }
    }

    /// Stops every member and waits for all of them to leave their groups (closes run side by side).
    static func stopAll(_ members: [GroupMember]) {
        let stopping = members.filter { $0.stop() }
        for member in stopping { member.done.wait() }
    }
}

extension ConsumerGroupStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try ConsumerGroupRunner(step: self, location: run.location).run(run.ctx, deadline: deadline)
    }
}
