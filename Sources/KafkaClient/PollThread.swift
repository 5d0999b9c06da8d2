import CRdKafka
import Foundation

/// Serves a handle's callbacks (`rd_kafka_poll`) on a dedicated thread until stopped or until the
/// handle starts closing.
final class PollThread: @unchecked Sendable { // unchecked: `stopping` is reached only under `lock`
    private let handle: KafkaHandle
    private let lock = NSLock()
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)
    private let afterPoll: (@Sendable () -> Void)?

    /// `afterPoll`: called on the thread after every poll (which serves all callbacks queued by then).
    init(handle: KafkaHandle, name: String, afterPoll: (@Sendable () -> Void)? = nil) {
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
        while !shouldStop, (try? handle.use(nil, { rd_kafka_poll($0, 20) })) != nil {
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
