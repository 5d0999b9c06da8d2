public struct TopicPartition: Hashable, Sendable {
    public var topic: String
    public var partition: Int32
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }
}

/// Where an assigned partition starts reading.
public enum Offset: Sendable, Equatable {
    case beginning
    case end
    case exact(Int64)
}

extension Offset {
    /// librdkafka's logical offsets (RD_KAFKA_OFFSET_BEGINNING / _END are macros Swift cannot import).
    var rawValue: Int64 {
        switch self {
        case .beginning: return -2
        case .end: return -1
        case .exact(let offset): return offset
        }
    }
}
