import Foundation

/// When a scenario started and by when it must end. Its `timeout` counts from `begin`
/// (set-up done ahead does not count).
final class ScenarioClock: Sendable {
    private let state = Locked<(started: Double, deadline: Deadline)>((Deadline.now(), .distant))

    func begin(timeout: Double) -> Deadline {
        state.withLock {
            $0 = (Deadline.now(), Deadline.after(timeout))
            return $0.deadline
        }
    }

    var deadline: Deadline { state.withLock { $0.deadline } }
    var startedAt: Double { state.withLock { $0.started } }
}
