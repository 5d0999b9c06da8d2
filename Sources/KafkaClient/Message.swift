public struct Header: Equatable, Sendable {
    public var name: String
    public var value: [UInt8]?
    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }
}

public struct Message: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [Header]
    /// Message timestamp (ms since epoch, create time as set by the producer), nil if absent.
    public var timestampMs: Int64?
    /// When this process received it (ms since epoch).
    public var receivedAtMs: Int64

    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?,
                headers: [Header], timestampMs: Int64?, receivedAtMs: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMs = timestampMs
        self.receivedAtMs = receivedAtMs
    }
}

/// A message `Consumer.pollBatch` lends to its callback; `key` points into librdkafka's buffer and
/// is valid only during the call (nil: no key).
public struct BorrowedMessage {
    public var partition: Int32
    public var offset: Int64
    public var key: UnsafeRawBufferPointer?
    public var value: UnsafeRawBufferPointer?
}

public struct DeliveryReport: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var error: KafkaError?
    /// Opaque value passed to `send`, handed back here.
    public var tag: Int

    public init(topic: String, partition: Int32, offset: Int64, error: KafkaError?, tag: Int) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.error = error
        self.tag = tag
    }
}
