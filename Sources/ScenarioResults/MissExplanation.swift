/// Why an `expect` did not find its messages (DESIGN §2.1), as data: where it read, where the expected
/// keys land, what arrived after the window, and what turned up on the scenario's other topics.
/// Reports word it (Reports/MissWording.swift).
public struct MissExplanation: Codable, Sendable, Equatable {
    public struct PartitionRead: Codable, Sendable, Equatable {
        public var partition: Int32
        /// The first offset read (or where reading started) and the offset after the last one read.
        public var from: Int64
        public var to: Int64
        public var messages: Int
        public init(partition: Int32, from: Int64, to: Int64, messages: Int) {
            self.partition = partition
            self.from = from
            self.to = to
            self.messages = messages
        }
    }

    /// Where an expected literal key lands: by murmur2 (the Java client, librdkafka's murmur2
    /// partitioners) and by CRC-32 (librdkafka's default consistent_random).
    public struct KeyPlacement: Codable, Sendable, Equatable {
        public var key: String
        public var murmur2Partition: Int32
        public var crc32Partition: Int32
        public var partitions: Int
        /// Whether the step read those partitions (a group member reads only its assignment).
        public var murmur2Read: Bool
        public var crc32Read: Bool
        public init(key: String, murmur2Partition: Int32, crc32Partition: Int32, partitions: Int, murmur2Read: Bool, crc32Read: Bool) {
            self.key = key
            self.murmur2Partition = murmur2Partition
            self.crc32Partition = crc32Partition
            self.partitions = partitions
            self.murmur2Read = murmur2Read
            self.crc32Read = crc32Read
        }
    }

    /// A message matching expected message #`expected` (1-based; 0: any message, for a count) read `afterMs`
    /// after the window closed.
    public struct LateArrival: Codable, Sendable, Equatable {
        public var expected: Int
        public var partition: Int32
        public var offset: Int64
        public var afterMs: Int
        /// The window as written (`within: 2s`), or the time it lasted.
        public var window: String
        public init(expected: Int, partition: Int32, offset: Int64, afterMs: Int, window: String) {
            self.expected = expected
            self.partition = partition
            self.offset = offset
            self.afterMs = afterMs
            self.window = window
        }
    }

    /// A message on another topic of the scenario (a DLQ, a retry topic) that matches expected message
    /// #`matches` (1-based), or carries the expected key `key`.
    public struct FoundElsewhere: Codable, Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        public var offset: Int64
        public var key: String?
        public var matches: Int?
        public var headers: [KeyValue]
        public init(topic: String, partition: Int32, offset: Int64, key: String?, matches: Int?, headers: [KeyValue]) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
            self.key = key
            self.matches = matches
            self.headers = headers
        }
    }

    public var topic: String
    public var partitions: [PartitionRead]
    public var keys: [KeyPlacement]
    public var late: [LateArrival]
    /// How long the runner kept reading after the window to tell late from never (ms).
    public var lookedAfterMs: Int
    public var elsewhere: [FoundElsewhere]
    /// With `group:`: the partitions the member held when the window closed.
    public var assignment: [Int32]?
    /// Messages whose value carried another schema id than the step's `schema:` (id → count).
    public var schemaIDs: [KeyValue]

    public init(topic: String, partitions: [PartitionRead], keys: [KeyPlacement], late: [LateArrival], lookedAfterMs: Int,
                elsewhere: [FoundElsewhere], assignment: [Int32]?, schemaIDs: [KeyValue] = []) {
        self.topic = topic
        self.partitions = partitions
        self.keys = keys
        self.late = late
        self.lookedAfterMs = lookedAfterMs
        self.elsewhere = elsewhere
        self.assignment = assignment
        self.schemaIDs = schemaIDs
    }
}
