import Foundation

/// A value shared between threads, only reachable under its lock.
final class Locked<Value: Sendable>: @unchecked Sendable { // unchecked: `value` is reached only under `lock`
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
