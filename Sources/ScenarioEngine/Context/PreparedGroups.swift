import ScenarioSpec

/// Consumer group members started ahead of their `consumer_group` step, keyed by the step's location.
final class PreparedGroups: Sendable {
    private let groups = Locked<[SourceLocation: [[GroupMember]]]>([:])

    func prepare(_ members: [[GroupMember]], at location: SourceLocation) {
        groups.withLock { $0[location] = members }
    }

    func take(at location: SourceLocation) -> [[GroupMember]]? {
        groups.withLock { $0.removeValue(forKey: location) }
    }

    /// Stops members whose step never ran (an earlier step failed).
    func stopUnused() {
        let unused = groups.withLock { groups -> [GroupMember] in
            defer { groups = [:] }
            return groups.values.flatMap { $0.flatMap { $0 } }
        }
        GroupMember.stopAll(unused)
    }
}

/// The first failure of a processor; every reading step checks it and stops.
final class ProcessorHealth: Sendable {
    private let failure = Locked<String?>(nil)

    func failed(_ message: String) {
        failure.withLock { if $0 == nil { $0 = message } }
    }

    func check() throws {
        if let message = failure.withLock({ $0 }) { throw StepError.couldNotRun(message) }
    }
}
