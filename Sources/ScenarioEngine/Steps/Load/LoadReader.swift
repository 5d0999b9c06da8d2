import Foundation
import KafkaClient
import Synchronization

/// Reads a load step's messages back while they are produced, from the scenario-start offsets:
/// one reading thread per reader, each by assignment on its share of the partitions (`lanes`).
/// A consumer has one fetch in flight per broker and parses each response before asking for the
/// next, so on a single broker two readers keep up where one falls behind. Keeps one bit and one
/// latency sample per message, never the payloads.
// @unchecked: `current`, `lanes`, `tallies` and `laneLatencies` are only reached under `progressed`
// (the last two are written once by each reading thread as it ends).
final class LoadReader: @unchecked Sendable {
    struct Snapshot {
        var received = 0
        var duplicates = 0
        var foreign = 0
        var lastArrival: Double?
        var error: StepError?
        var finished = false
    }

    private let readers: [TopicReader]
    private let stamp: LoadStamp
    private let total: Int
    private let sentAt: LoadSendTimes
    private let deadline: Deadline
    /// Guards `current` and `lanes`; signalled on every publish, so a waiter wakes as the readers progress.
    private let progressed = NSCondition()
    private var current = Snapshot()
    /// Each reader's own progress; `current` sums them.
    private var lanes: [Snapshot]
    private let stopFlag = Atomic(false)
    private let done = DispatchGroup()
    private var tallies: [LoadTally]
    private var laneLatencies: [LatencyRecorder]

    init(readers: [TopicReader], stamp: LoadStamp, total: Int, sentAt: LoadSendTimes, deadline: Deadline) {
        self.readers = readers
        self.stamp = stamp
        self.total = total
        self.sentAt = sentAt
        self.deadline = deadline
        lanes = Array(repeating: Snapshot(), count: readers.count)
        tallies = Array(repeating: LoadTally(total: total), count: readers.count)
        laneLatencies = Array(repeating: LatencyRecorder(), count: readers.count)
    }

    /// How many readers a load of `partitions` uses, and which partitions each reads.
    static func lanes(_ partitions: [Int32]) -> [[Int32]] {
        let count = min(2, partitions.count)
        guard count > 1 else { return [partitions] }
        return (0..<count).map { lane in partitions.enumerated().filter { $0.offset % count == lane }.map(\.element) }
    }

    func start() {
        for lane in readers.indices {
            done.enter()
            let thread = Thread { [self] in
                run(lane)
                done.leave()
            }
            thread.name = "kafka-scenario-load-reader"
            thread.start()
        }
    }

    var snapshot: Snapshot { progressed.withLock { current } }

    /// Waits until more than `received` messages were read, the readers finished or one failed, or
    /// `deadline` passed; returns the snapshot then.
    func waitForProgress(beyond received: Int, until deadline: Deadline) -> Snapshot {
        progressed.lock()
        defer { progressed.unlock() }
        while current.received <= received, !current.finished, current.error == nil, !deadline.hasPassed {
            _ = progressed.wait(until: Date(timeIntervalSinceNow: deadline.remaining))
        }
        return current
    }

    /// Stops reading and waits for the threads; returns every lane's tally as one. Afterwards
    /// `latencies` is stable.
    func stop() -> LoadTally {
        stopFlag.store(true, ordering: .relaxed)
        done.wait()
        readers.forEach { $0.close() }
        return progressed.withLock { tallies.dropFirst().reduce(into: tallies[0]) { $0.merge($1) } }
    }

    /// Every lane's latencies as one; after `stop`.
    var latencies: LatencyRecorder {
        progressed.withLock { laneLatencies.dropFirst().reduce(into: laneLatencies[0]) { $0.merge($1) } }
    }

    /// Messages lent per poll: enough to amortise the poll, few enough to publish progress often.
    static let batchSize = 1024

    private func run(_ lane: Int) {
        let reader = readers[lane]
        var tally = LoadTally(total: total)
        var latencies = LatencyRecorder()
        var lastArrival: Double?
        defer {
            progressed.withLock {
                tallies[lane] = tally
                laneLatencies[lane] = latencies
            }
        }
        do {
            var complete = false
            while !complete, !deadline.hasPassed, !stopFlag.load(ordering: .relaxed) {
                _ = try reader.nextBatch(until: deadline, slice: 0.02, max: Self.batchSize) { message in
                    let sequence = stamp.sequence(of: message)
                    if tally.record(sequence) == .first, let sequence, sentAt.isSampled(sequence) {
                        let now = Deadline.now()
                        latencies.record(seconds: now - sentAt[sequence])
                        lastArrival = now
                    }
                }
                complete = publish(lane, tally, lastArrival)
            }
            _ = publish(lane, tally, lastArrival, finished: true)
        } catch let error as StepError {
            _ = publish(lane, tally, lastArrival, error: error, finished: true)
        } catch {
            _ = publish(lane, tally, lastArrival, error: .couldNotRun("load reader: \(error)"), finished: true)
        }
    }

    /// Publishes one lane's progress; true once every message was read (the last arrival is then now).
    private func publish(_ lane: Int, _ tally: LoadTally, _ lastArrival: Double?, error: StepError? = nil,
                         finished: Bool = false) -> Bool {
        progressed.withLock {
            lanes[lane] = Snapshot(received: tally.received, duplicates: tally.duplicates, foreign: tally.foreign,
                                   lastArrival: lastArrival, finished: finished || lanes[lane].finished)
            let wasComplete = current.received >= total
            current.received = lanes.reduce(0) { $0 + $1.received }
            current.duplicates = lanes.reduce(0) { $0 + $1.duplicates }
            current.foreign = lanes.reduce(0) { $0 + $1.foreign }
            if current.received >= total {
                if !wasComplete { current.lastArrival = Deadline.now() }
            } else {
                current.lastArrival = lanes.compactMap(\.lastArrival).max()
            }
            if let error, current.error == nil { current.error = error }
            current.finished = lanes.allSatisfy(\.finished) || current.received >= total
            progressed.broadcast()
            return current.received >= total
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
