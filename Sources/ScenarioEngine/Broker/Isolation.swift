import Foundation
import KafkaClient
import ScenarioSpec

/// Isolated topics carry an isolation id: the run id (and the scenario's number within the run, so scenarios
/// running side by side never share a topic): `game_events.k3f9a1.4`.
enum Isolation {
    static func name(_ declared: String, isolationID: String) -> String { "\(declared).\(isolationID)" }

    static func newTopic(_ declaration: TopicDeclaration, realName: String) -> NewTopic {
        NewTopic(name: realName, partitions: declaration.partitions, replicationFactor: declaration.replicationFactor,
                 config: declaration.config)
    }

    /// A short random id: 6 characters of [a-z0-9].
    static func newRunID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<6).map { _ in alphabet.randomElement()! })
    }
}

/// Topics this run created, deleted at the end unless --keep-topics.
final class TopicRegistry: Sendable {
    private let isolated = Locked([String]())

    func add(_ topic: String) { isolated.withLock { $0.append(topic) } }
    func drain() -> [String] { isolated.withLock { isolated in defer { isolated = [] }; return isolated } }
}

extension ScenarioContext {
    func registerForCleanup(_ topic: String, isolated: Bool) {
        if isolated { registry.add(topic) }
    }
}
