import Foundation

/// Faults act on the whole embedded cluster, so a scenario with a `fault` step runs alone: it waits
/// for running scenarios to finish, and the others wait for it. Its faults are undone when it ends.
final class FaultGate: @unchecked Sendable { // unchecked: its counters are reached only under `condition`
    private let condition = NSCondition()
    private var running = 0
    private var exclusive = false
    private var exclusiveWaiting = 0

    func run<T>(exclusive wantsExclusive: Bool, _ body: () -> T) -> T {
        condition.lock()
        if wantsExclusive {
            exclusiveWaiting += 1
            while exclusive || running > 0 { condition.wait() }
            exclusiveWaiting -= 1
            exclusive = true
        } else {
            // Waiting exclusive scenarios go first, so they are not starved by a stream of others.
            while exclusive || exclusiveWaiting > 0 { condition.wait() }
            running += 1
        }
        condition.unlock()
        defer {
            condition.lock()
            if wantsExclusive { exclusive = false } else { running -= 1 }
            condition.broadcast()
            condition.unlock()
        }
        return body()
    }
}

/// The undo actions of the faults a scenario injected, run at the latest when it ends.
final class PendingFaultUndos: Sendable {
    private let state = Locked<(undos: [(id: Int, action: @Sendable () -> Void)], nextID: Int)>(([], 0))

    /// Registers an undo; returns a function that runs it once (early, e.g. after `for:`).
    func add(_ action: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            state.undos.append((state.nextID, action))
            return state.nextID
        }
        return { [weak self] in self?.take(id)?() }
    }

    /// Undoes every fault still in force, newest first.
    func undoAll() {
        let pending = state.withLock { state -> [@Sendable () -> Void] in
            defer { state.undos.removeAll() }
            return state.undos.reversed().map(\.action)
        }
        pending.forEach { $0() }
    }

    private func take(_ id: Int) -> (@Sendable () -> Void)? {
        state.withLock { state in
            guard let index = state.undos.firstIndex(where: { $0.id == id }) else { return nil }
            return state.undos.remove(at: index).action
        }
    }
}
