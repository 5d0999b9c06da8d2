import CRdKafka
import Foundation

/// Serves a handle's callbacks (`rd_kafka_poll`) on a dedicated thread until stopped.
final class PollThread: @unchecked Sendable {
    private let handle: OpaquePointer
    private let lock = NSLock()
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)
    private let afterPoll: (() -> Void)?

    /// `afterPoll`: called on the thread after every poll (which serves all callbacks queued by then).
    init(handle: OpaquePointer, name: String, afterPoll: (() -> Void)? = nil) {
        self.handle = handle
        self.afterPoll = afterPoll
        let thread = Thread { [self] in self.run() }
        thread.name = name
        thread.start()
    }

    private var shouldStop: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func run() {
        while !shouldStop {
            rd_kafka_poll(handle, 20)
            afterPoll?()
        }
        finished.signal()
    }

    /// Stops polling and waits for the thread to leave `rd_kafka_poll`. Idempotent.
    func stopAndJoin() {
        lock.lock()
        let wasStopping = stopping
        stopping = true
        lock.unlock()
        if !wasStopping { finished.wait() }
    }
}
