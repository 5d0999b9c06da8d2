import Foundation
import KafkaClient
import Synchronization

/// Reads a load step's messages back on its own thread while they are produced: every partition
/// by assignment from the scenario-start offsets. Keeps one bit and one latency sample per
/// message, never the payloads.
// @unchecked: `current` is only reached under `progressed`; `tally` and `latencies` belong to the
// reading thread until `stop` has waited for it.
final class LoadReader: @unchecked Sendable {
    struct Snapshot {
        var received = 0
        var duplicates = 0
        var foreign = 0
        var lastArrival: Double?
        var error: StepError?
        var finished = false
    }

    private let reader: TopicReader
    private let key: LoadKey
    private let sentAt: LoadSendTimes
    private let deadline: Deadline
    /// Guards `current`; signalled on every publish, so a waiter wakes as the reader progresses.
    private let progressed = NSCondition()
    private var current = Snapshot()
    private let stopFlag = Locked(false)
    private let done = DispatchSemaphore(value: 0)
    private var tally: LoadTally
    private(set) var latencies = LatencyRecorder()

    init(reader: TopicReader, key: LoadKey, total: Int, sentAt: LoadSendTimes, deadline: Deadline) {
        self.reader = reader
        self.key = key
        self.sentAt = sentAt
        self.deadline = deadline
        tally = LoadTally(total: total)
    }

    func start() {
        let thread = Thread { [self] in
            run()
            done.signal()
        }
        thread.name = "kafka-scenario-load-reader"
        thread.start()
    }

    var snapshot: Snapshot { progressed.withLock { current } }

    /// Waits until more than `received` messages were read, the reader finished or failed, or
    /// `deadline` passed; returns the snapshot then.
    func waitForProgress(beyond received: Int, until deadline: Deadline) -> Snapshot {
        progressed.lock()
        defer { progressed.unlock() }
        while current.received <= received, !current.finished, current.error == nil, !deadline.hasPassed {
            _ = progressed.wait(until: Date(timeIntervalSinceNow: deadline.remaining))
        }
        return current
    }

    /// Stops reading and waits for the thread; afterwards `finalTally` and `latencies` are stable.
    func stop() -> LoadTally {
        stopFlag.withLock { $0 = true }
        done.wait()
        reader.close()
        return tally
    }

    /// Messages lent per poll: enough to amortise the poll, few enough to publish progress often.
    static let batchSize = 1024

    private func run() {
        var lastArrival: Double?
        var stopping = false
        var tally = self.tally
        defer { self.tally = tally }
        do {
            while tally.received < tally.total, !stopping {
                let count = try reader.nextBatch(until: deadline, slice: 0.02, max: Self.batchSize) { message in
                    let sequence = message.key.flatMap { key.sequence(in: $0) }
                    if tally.record(sequence) == .first, let sequence, sentAt.isSampled(sequence) {
                        let now = Deadline.now()
                        latencies.record(seconds: now - sentAt[sequence])
                        lastArrival = now
                    }
                }
                if count > 0, tally.received == tally.total { lastArrival = Deadline.now() }
                publish(tally, lastArrival)
                stopping = deadline.hasPassed || stopFlag.withLock { $0 }
            }
            if tally.received == tally.total { lastArrival = Deadline.now() }
            publish(tally, lastArrival)
        } catch let error as StepError {
            publish(tally, lastArrival, error: error)
        } catch {
            publish(tally, lastArrival, error: .couldNotRun("load reader: \(error)"))
        }
        progressed.withLock {
            current.finished = true
            progressed.broadcast()
        }
    }

    private func publish(_ tally: LoadTally, _ lastArrival: Double?, error: StepError? = nil) {
        let (received, duplicates, foreign) = (tally.received, tally.duplicates, tally.foreign)
        progressed.withLock {
            current.received = received
            current.duplicates = duplicates
            current.foreign = foreign
            current.lastArrival = lastArrival
            if let error { current.error = error }
            progressed.broadcast()
        }
    }
}

/// When sampled messages were handed to the producer (monotonic seconds), indexed by sequence
/// number. Reading the clock costs about as much as sending a message on some machines, so large
/// loads time every `stride`-th message (at least 65,536 samples), small ones every message.
/// Written by the sending thread before a message is sent, read by the reading thread after it
/// has come back: each slot is an atomic (a plain load and store on x86-64 and arm64).
// @unchecked: the slots are reached through a pointer, and every slot is an `Atomic`.
final class LoadSendTimes: @unchecked Sendable {
    private let times: UnsafeMutablePointer<Atomic<UInt64>>
    private let slots: Int
    let count: Int
    let stride: Int

    init(count: Int) {
        self.count = count
        stride = max(1, count / 65_536)
        slots = max(1, (count + stride - 1) / stride)
        times = .allocate(capacity: slots)
        for slot in 0..<slots { (times + slot).initialize(to: Atomic(0)) }
    }

    func isSampled(_ sequence: Int) -> Bool { sequence % stride == 0 }

    deinit {
        times.deinitialize(count: slots)
        times.deallocate()
    }

    /// Only for sampled sequence numbers.
    subscript(sequence: Int) -> Double {
        get { Double(bitPattern: times[sequence / stride].load(ordering: .acquiring)) }
        set { times[sequence / stride].store(newValue.bitPattern, ordering: .releasing) }
    }
}
