import Foundation

/// Lets several threads use one librdkafka handle at a time (its producer and metadata calls are
/// thread-safe) while `close` waits until none is inside a call before the handle is destroyed.
/// Unlike a lock held across each call, a call that blocks (a metadata request to a broker that
/// does not answer) holds up only the closing thread, not the other users.
final class HandleUsers: @unchecked Sendable { // unchecked: its counters are reached only under `condition`
    private let condition = NSCondition()
    private var active = 0
    private var closed = false

    /// Runs `body` unless `close` was called; nil when it was.
    func use<T>(_ body: () throws -> T) rethrows -> T? {
        condition.lock()
        guard !closed else {
            condition.unlock()
            return nil
        }
        active += 1
        condition.unlock()
        defer {
            condition.lock()
            active -= 1
            if active == 0 { condition.broadcast() }
            condition.unlock()
        }
        return try body()
    }

    /// Refuses new users and waits for the current ones to leave; true only for the first call.
    func close() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        closed = true
        while active > 0 { condition.wait() }
        return true
    }
}
