import CRdKafka
import Foundation

/// A consumer: by assignment (no group protocol) or by subscription (group).
///
/// librdkafka's consumer poll needs a `group.id` even for manual assignment; without one a private
/// group id is generated and offset commits are turned off, so assignment never touches a group.
public final class Consumer: @unchecked Sendable { // unchecked: `queue` is used only inside `handle.use`, and destroyed by `close` after the calls in flight
    private let handle: KafkaHandle
    /// The consumer queue (`rd_kafka_poll_set_consumer` forwards the main queue to it), for `pollBatch`.
    private let queue: OpaquePointer
    private let errors: BrokerErrorLog

    public init(properties: [String: String]) throws {
        var defaults = ["enable.partition.eof": "false"]
        if properties["group.id"] == nil {
            defaults["group.id"] = "kafka-client-assign-\(UUID().uuidString)"
            defaults["enable.auto.commit"] = "false"
            defaults["enable.auto.offset.store"] = "false"
        }
        let errors = BrokerErrorLog()
        let handle = try KafkaHandle(RD_KAFKA_CONSUMER, role: "consumer", properties: properties, defaults: defaults,
                                     callbacks: HandleCallbacks(errors: errors))
        // On a throw the handle is destroyed as it is released.
        queue = try handle.use { handle in
            rd_kafka_poll_set_consumer(handle)
            guard let queue = rd_kafka_queue_get_consumer(handle) else {
                throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, context: "consumer without a consumer queue")
            }
            return queue
        }
        self.handle = handle
        self.errors = errors
    }

    deinit { close() }

    /// Starts reading the given partitions. `.end` is resolved to the current high watermark before
    /// this returns, so every message produced afterwards is read, and `.beginning` to the low one:
    /// a logical offset makes librdkafka look it up when fetching starts, and a lookup sent before the
    /// leader's connection is up is retried only after 500 ms (3 % of fresh readers on the embedded
    /// broker). The partitions' leaders are looked up first so fetching starts at once. Every lookup
    /// is bounded by `resolveTimeout` and falls back to librdkafka's lazy behaviour.
    public func assign(_ assignment: [(TopicPartition, Offset)]) throws {
        try withOpenHandle("assign") { handle in
            let deadline = Deadline(seconds: Self.resolveTimeout)
            Self.warmMetadata(handle, topics: Set(assignment.map(\.0.topic)), deadline: deadline)
            let resolved = assignment.map { partition, offset -> (TopicPartition, Int64) in
                if case .exact(let exact) = offset { return (partition, exact) }
                var low: Int64 = -1
                var high: Int64 = -1
                let err = rd_kafka_query_watermark_offsets(handle, partition.topic, partition.partition,
                                                           &low, &high, deadline.remainingMs)
                let resolved = offset == .end ? high : low
                return (partition, err == RD_KAFKA_RESP_ERR_NO_ERROR && resolved >= 0 ? resolved : offset.rawValue)
            }
            let list = PartitionList(resolved)
            let err = rd_kafka_assign(handle, list.pointer)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "cannot assign partitions") }
        }
    }

    /// Bound on the lookups `assign` makes before assigning.
    static let resolveTimeout: Double = 2

    private static func warmMetadata(_ handle: OpaquePointer, topics: Set<String>, deadline: Deadline) {
        for topic in topics.sorted() {
            guard let rkt = rd_kafka_topic_new(handle, topic, nil) else { continue }
            defer { rd_kafka_topic_destroy(rkt) }
            var metadata: UnsafePointer<rd_kafka_metadata>?
            if rd_kafka_metadata(handle, 0, rkt, &metadata, deadline.remainingMs) == RD_KAFKA_RESP_ERR_NO_ERROR,
               let metadata {
                rd_kafka_metadata_destroy(metadata)
            }
        }
    }

    public func subscribe(_ topics: [String]) throws {
        let list = PartitionList(topics.map { (TopicPartition(topic: $0, partition: -1), Int64(-1001)) })
        try withOpenHandle("subscribe") { handle in
            let err = rd_kafka_subscribe(handle, list.pointer)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(err, context: "cannot subscribe to \(topics.joined(separator: ", "))")
            }
        }
    }

    /// Blocks at most `timeout` seconds; nil when nothing arrived. Partition EOF is not an error: with
    /// `enable.partition.eof=true` it is passed to `partitionEnd` (the partition and the end offset).
    /// Errors the consumer reports (unknown topic, transport) are thrown.
    public func poll(timeout: Double, partitionEnd: ((TopicPartition, Int64) -> Void)? = nil) throws -> Message? {
        let deadline = Deadline(seconds: timeout)
        return try withOpenHandle("poll") { handle in
            repeat {
                guard let raw = rd_kafka_consumer_poll(handle, Int32(deadline.remainingMs)) else { return nil }
                defer { rd_kafka_message_destroy(raw) }
                let message = raw.pointee
                if message.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                    if let partitionEnd, let rkt = message.rkt {
                        partitionEnd(TopicPartition(topic: String(cString: rd_kafka_topic_name(rkt)), partition: message.partition),
                                     message.offset)
                    }
                    continue
                }
                if message.err != RD_KAFKA_RESP_ERR_NO_ERROR { throw Self.error(raw) }
                return Self.copy(raw)
            } while !deadline.hasPassed
            return nil
        }
    }

    /// Lends up to `max` messages to `body` without copying them: what is already queued, or else
    /// the first to arrive within `timeout` seconds (the call returns at once when one arrives, as
    /// `poll` does). `key` and `value` are valid only during the call. Partition EOF is skipped.
    /// Returns how many were lent; a consumer error is thrown after the messages before it were lent.
    public func pollBatch(timeout: Double, max: Int, _ body: (BorrowedMessage) -> Void) throws -> Int {
        try withOpenHandle("poll") { _ in
            let capacity = Swift.max(1, max)
            let batch = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: capacity)
            defer { batch.deallocate() }
            // Without waiting first: with a timeout librdkafka waits until the whole batch is full.
            var count = rd_kafka_consume_batch_queue(queue, 0, batch, capacity)
            if count == 0 { count = rd_kafka_consume_batch_queue(queue, Clock.milliseconds(timeout), batch, 1) }
            guard count > 0 else { return 0 }
            var lent = 0
            var failure: KafkaError?
            for index in 0..<count {
                guard let raw = batch[index] else { continue }
                defer { rd_kafka_message_destroy(raw) }
                let message = raw.pointee
                if failure != nil || message.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { continue }
                if message.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    failure = Self.error(raw)
                    continue
                }
                body(BorrowedMessage(partition: message.partition, offset: message.offset,
                                     key: message.key.map { UnsafeRawBufferPointer(start: $0, count: message.key_len) },
                                     value: message.payload.map { UnsafeRawBufferPointer(start: $0, count: message.len) }))
                lent += 1
            }
            if let failure { throw failure }
            return lent
        }
    }

    private static func error(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError {
        let detail = rd_kafka_message_errstr(raw).map { String(cString: $0) }
        var error = KafkaError(raw.pointee.err, context: "consumer error")
        if let detail, !detail.isEmpty { error.message = "consumer error: \(detail)" }
        return error
    }

    /// librdkafka's reason when it reported, during a poll since the last call, that every broker
    /// is down (an empty read then proves nothing); nil otherwise.
    public func takeAllBrokersDown() -> String? { errors.takeAllBrokersDown() }

    /// Copies everything out of a librdkafka message (which the caller then destroys).
    private static func copy(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) -> Message {
        let message = raw.pointee
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(raw, &timestampType)
        return Message(
            topic: message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
            partition: message.partition,
            offset: message.offset,
            key: bytes(message.key, message.key_len),
            value: bytes(message.payload, message.len),
            headers: headers(raw),
            timestampMs: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE || timestamp < 0 ? nil : timestamp,
            receivedAtMs: Clock.nowMs())
    }

    private static func bytes(_ pointer: UnsafeRawPointer?, _ count: Int) -> [UInt8]? {
        guard let pointer else { return nil }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private static func bytes(_ pointer: UnsafeMutableRawPointer?, _ count: Int) -> [UInt8]? {
        bytes(UnsafeRawPointer(pointer), count)
    }

    private static func headers(_ raw: UnsafeMutablePointer<rd_kafka_message_t>) -> [Header] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(raw, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var result = [Header]()
        var index = 0
        while true {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR,
                  let name else { break }
            result.append(Header(name: String(cString: name), value: bytes(value, size)))
            index += 1
        }
        return result
    }

    /// Current assignment (for group members).
    public func assignment() -> [TopicPartition] {
        (try? withOpenHandle("assignment") { handle -> [TopicPartition] in
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            guard rd_kafka_assignment(handle, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            return PartitionList.entries(list).map { $0.0 }
        }) ?? []
    }

    /// Leaves the group and closes once the calls in flight have returned (a poll returns within its
    /// timeout); also done by deinit. Idempotent.
    public func close() {
        handle.close { handle in
            rd_kafka_consumer_close(handle)
            rd_kafka_queue_destroy(queue)
        }
    }

    /// Runs `body` with the handle; `close` waits for it to return before destroying the handle.
    func withOpenHandle<T>(_ operation: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        try handle.use(operation, body)
    }
}
