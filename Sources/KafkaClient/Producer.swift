import CRdKafka
import Foundation

/// A producer with its own poll thread; delivery reports arrive on that thread.
public final class Producer: @unchecked Sendable { // unchecked: `topics` is reached only under `topicsLock`; the handle is a KafkaHandle
    private let handle: KafkaHandle
    private let bridge: DeliveryBridge
    private let errors: BrokerErrorLog
    /// nil when delivery reports are served by the sending thread (`serve`).
    private let pollThread: PollThread?
    private let topicsLock = NSLock()
    private var topics: [ProducerTopic] = []

    /// `properties`: any librdkafka properties (bootstrap.servers included).
    public convenience init(properties: [String: String], onDelivery: @escaping @Sendable (DeliveryReport) -> Void) throws {
        try self.init(properties: properties, bridge: DeliveryBridge(onDelivery))
    }

    /// Delivery reports only counted, into `counter` (no report per message), and served by the one
    /// thread that sends: by `serve`, and by `send(to:)` while the queue is full. As kcat does, each
    /// message is then freed on the thread that allocated it, and no poll thread wakes per report.
    public convenience init(properties: [String: String], counting counter: DeliveryCounter) throws {
        try self.init(properties: properties, bridge: DeliveryBridge(counting: counter), pollThread: false)
    }

    private init(properties: [String: String], bridge: DeliveryBridge, pollThread: Bool = true) throws {
        let errors = BrokerErrorLog()
        handle = try KafkaHandle(RD_KAFKA_PRODUCER, role: "producer", properties: properties,
                                 callbacks: HandleCallbacks(delivery: bridge, errors: errors))
        self.errors = errors
        self.bridge = bridge
        self.pollThread = pollThread ? PollThread(handle: handle, name: "kafka-producer-poll", afterPoll: bridge.counter?.publish) : nil
    }

    /// Serves the delivery reports queued, waiting up to `timeout` seconds for the first; only for a
    /// producer without a poll thread (`init(properties:counting:)`).
    public func serve(timeout: Double) {
        _ = try? handle.use { handle in
            rd_kafka_poll(handle, Clock.milliseconds(timeout))
            bridge.counter?.publish()
        }
    }

    /// A handle on `topic` for `send(to:)`, which then need not look the topic up by name per message.
    public func topic(_ name: String) throws -> ProducerTopic {
        try handle.use { handle in
            guard let rkt = rd_kafka_topic_new(handle, name, nil) else {
                throw KafkaError(rd_kafka_last_error(), context: "cannot open topic \(name)")
            }
            let topic = ProducerTopic(name: name, rkt: rkt)
            topicsLock.withLock { topics.append(topic) }
            return topic
        }
    }

    /// Enqueues one message with no headers and the current time, copying `key` and `value`: the load
    /// step's path, with no allocation of its own. While the local queue is full (a broker that stopped
    /// taking messages) it waits, calling `check` every few milliseconds (which may throw to give up),
    /// and throws `__TIMED_OUT` once `deadline` passes.
    public func send(to topic: ProducerTopic, partition: Int32, key: UnsafeRawBufferPointer?,
                     value: UnsafeRawBufferPointer?, tag: Int, deadline: Deadline = .distant,
                     check: () throws -> Void = {}) throws {
        try handle.use { handle in
            var waits = 0
            while true {
                // F_COPY: librdkafka copies both before returning. A non-null pointer keeps an empty value empty, not null.
                let result = rd_kafka_produce(topic.rkt, partition, RD_KAFKA_MSG_F_COPY,
                                              value.map { UnsafeMutableRawPointer(mutating: $0.baseAddress ?? Self.emptyBytes) },
                                              value?.count ?? 0, key.map { $0.baseAddress ?? Self.emptyBytes }, key?.count ?? 0,
                                              UnsafeMutableRawPointer(bitPattern: tag))
                if result == 0 { return }
                let err = rd_kafka_last_error()
                if err == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    try giveUpWhileQueueFull(topic: topic.name, deadline: deadline, waits: &waits, check: check)
                    if pollThread == nil {
                        rd_kafka_poll(handle, 1) // a message leaves the queue once its report is served
                        bridge.counter?.publish()
                    } else {
                        Thread.sleep(forTimeInterval: 0.001) // the poll thread drains delivery reports meanwhile
                    }
                    continue
                }
                throw KafkaError(err, context: "cannot produce to \(topic.name)")
            }
        }
    }

    /// Called on every wait for room in a full queue: `check` every 10th wait, and the deadline.
    private func giveUpWhileQueueFull(topic: String, deadline: Deadline, waits: inout Int, check: () throws -> Void) throws {
        if waits % 10 == 0 { try check() }
        waits += 1
        guard deadline.hasPassed else { return }
        let why = errors.latestServed.map { " (latest broker error: \($0))" } ?? ""
        throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT,
                         context: "cannot produce to \(topic): the local queue stayed full until the deadline, the broker is not taking messages\(why)")
    }

    // Never written: a stand-in address for empty keys and values, which librdkafka does not read.
    nonisolated(unsafe) private static let emptyBytes = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1))

    deinit { close() }

    /// Enqueues one message (waits while the local queue is full). `timestampMs` nil: now.
    /// While the queue is full: as `send(to:)`, `check` to give up and `deadline`.
    public func send(topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8]?, headers: [Header],
                     timestampMs: Int64? = nil, tag: Int, deadline: Deadline = .distant, check: () throws -> Void = {}) throws {
        let arena = CArena()
        var fields = [rd_kafka_vu_t]()
        func field(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
            var vu = rd_kafka_vu_t()
            vu.vtype = type
            fill(&vu)
            fields.append(vu)
        }
        field(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = arena.string(topic) }
        field(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition ?? -1 }
        field(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
        if let key {
            field(RD_KAFKA_VTYPE_KEY) { $0.u.mem.ptr = arena.bytes(key); $0.u.mem.size = key.count }
        }
        if let value {
            field(RD_KAFKA_VTYPE_VALUE) { $0.u.mem.ptr = arena.bytes(value); $0.u.mem.size = value.count }
        }
        if let timestampMs {
            field(RD_KAFKA_VTYPE_TIMESTAMP) { $0.u.i64 = timestampMs }
        }
        field(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: tag) }
        let cHeaders = headers.isEmpty ? nil : Self.makeHeaders(headers)
        if let cHeaders {
            field(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = cHeaders }
        }
        // librdkafka owns the headers only once produceva succeeds.
        do {
            try produce(&fields, topic: topic, deadline: deadline, check: check)
        } catch {
            if let cHeaders { rd_kafka_headers_destroy(cHeaders) }
            throw error
        }
    }

    private func produce(_ fields: inout [rd_kafka_vu_t], topic: String, deadline: Deadline, check: () throws -> Void) throws {
        var waits = 0
        while true {
            let failure = try handle.use { rd_kafka_produceva($0, &fields, fields.count) }
            guard let failure else { return }
            let code = rd_kafka_error_code(failure)
            if code == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                rd_kafka_error_destroy(failure)
                try giveUpWhileQueueFull(topic: topic, deadline: deadline, waits: &waits, check: check)
                Thread.sleep(forTimeInterval: 0.001) // the poll thread drains delivery reports meanwhile
                continue
            }
            throw KafkaError(consuming: failure, context: "cannot produce to \(topic)")
        }
    }

    private static func makeHeaders(_ headers: [Header]) -> OpaquePointer? {
        guard let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            if let value = header.value {
                value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(list, header.name, -1, bytes.baseAddress, bytes.count)
                }
            } else {
                _ = rd_kafka_header_add(list, header.name, -1, nil, 0)
            }
        }
        return list
    }

    /// Fetches the producer's metadata for `topic` now. librdkafka 2.0.2 otherwise learns about a
    /// topic it has not produced to on its 1-second topic scan, delaying the first send by up to 1 s.
    public func prepare(topic: String, timeout: Double) throws {
        try handle.use { handle in
            guard let rkt = rd_kafka_topic_new(handle, topic, nil) else {
                throw KafkaError(rd_kafka_last_error(), context: "cannot prepare topic \(topic)")
            }
            defer { rd_kafka_topic_destroy(rkt) }
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(handle, 0, rkt, &metadata, Clock.milliseconds(timeout))
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "metadata for \(topic)") }
        }
    }

    /// Messages not yet delivered (or whose delivery report has not been served yet).
    public var pendingCount: Int {
        (try? handle.use { Int(rd_kafka_outq_len($0)) }) ?? 0
    }

    /// Waits until every enqueued message has a delivery report; false on timeout.
    /// Waits on the outbound queue rather than calling `rd_kafka_flush`, which would serve delivery
    /// reports on the caller's thread as well as on the poll thread.
    public func flush(timeout: Double) -> Bool {
        let deadline = Deadline(seconds: timeout)
        while pendingCount > 0 {
            if deadline.hasPassed { return false }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return true
    }

    /// The latest error librdkafka reported about the connection to the brokers, as of the last
    /// poll (the poll thread's, or `serve`): reading it serves no callback on the caller's thread.
    public var latestBrokerError: String? { errors.latestServed }

    /// Stops the poll thread and destroys the handle once the calls in flight have returned;
    /// undelivered messages are dropped. Idempotent.
    public func close() {
        let closed = handle.close { _ in
            pollThread?.stopAndJoin()
            for topic in topicsLock.withLock({ topics }) { rd_kafka_topic_destroy(topic.rkt) }
        }
        if closed { bridge.counter?.publish() }
    }
}

/// A producer's handle on one topic (`Producer.topic`); released when the producer closes.
public final class ProducerTopic: @unchecked Sendable { // unchecked: immutable; librdkafka's topic handles may be used from any thread
    public let name: String
    fileprivate let rkt: OpaquePointer

    fileprivate init(name: String, rkt: OpaquePointer) {
        self.name = name
        self.rkt = rkt
    }
}
