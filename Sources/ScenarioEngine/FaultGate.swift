import Foundation

/// Faults act on the whole embedded cluster, so a scenario with a `fault` step runs alone: it waits
/// for running scenarios to finish, and the others wait for it. Its faults are undone when it ends.
final class FaultGate: @unchecked Sendable {
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
final class PendingFaultUndos: @unchecked Sendable {
    private let lock = NSLock()
    private var undos: [(id: Int, action: @Sendable () -> Void)] = []
    private var nextID = 0

    /// Registers an undo; returns a function that runs it once (early, e.g. after `for:`).
    func add(_ action: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        let id = lock.withLock { () -> Int in
            nextID += 1
            undos.append((nextID, action))
            return nextID
        }
        return { [weak self] in self?.take(id)?() }
    }

    /// Undoes every fault still in force, newest first.
    func undoAll() {
        let pending = lock.withLock { () -> [@Sendable () -> Void] in
            defer { undos.removeAll() }
            return undos.reversed().map(\.action)
        }
        pending.forEach { $0() }
    }

    private func take(_ id: Int) -> (@Sendable () -> Void)? {
        lock.withLock {
            guard let index = undos.firstIndex(where: { $0.id == id }) else { return nil }
            return undos.remove(at: index).action
        }
    }
}
