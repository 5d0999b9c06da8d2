import Foundation
import KafkaClient
import SchemaCodecs
import ScenarioSpec

/// Reads a topic for `kafka-scenario peek`: each message as one JSON line, decoded as `expect` sees it.
/// Without `follow` it ends at the end offsets seen at start (or after `count` messages).
public struct TopicPeek: Sendable {
    public enum Start: Equatable, Sendable {
        case beginning
        case end
        /// The last N messages of each partition.
        case last(Int)
    }

    public struct Problem: Error, CustomStringConvertible {
        public enum Kind: Sendable {
            /// The broker answered but has no such topic: the name given is wrong.
            case unknownTopic
            /// A property librdkafka refuses.
            case invalidConfiguration
            /// The broker cannot be reached, stopped answering, or the read did not end in time.
            case broker
        }
        public var kind: Kind
        public var description: String
    }

    public var topic: String
    public var bootstrapServers: String
    public var properties: [String: String]
    public var start: Start = .beginning
    public var count: Int?
    public var follow = false
    public var connectTimeout = 10.0
    /// Bound on a read without `follow`; nil: none.
    public var timeout: Double? = 30
    /// With a registry, Confluent-framed keys and values are decoded by their schema id (docs/schemas.md).
    public var schemaRegistry: SchemaRegistryOptions?

    public init(topic: String, bootstrapServers: String, properties: [String: String]) {
        self.topic = topic
        self.bootstrapServers = bootstrapServers
        self.properties = properties
    }

    /// Passes each message's line to `emit`; returns how many were emitted.
    @discardableResult
    public func run(emit: (String) -> Void) throws -> Int {
        // Connection trouble ends peek with one sentence; librdkafka's own log lines would only repeat it.
        var clientProperties = ["log_level": "2", "fetch.wait.max.ms": "100"].merging(properties) { $1 }
        clientProperties["bootstrap.servers"] = bootstrapServers
        let partitions = try partitionsToRead(clientProperties)
        var pending = Set(partitions.filter { $0.start < $0.stop }.map(\.partition))
        let stops = Dictionary(uniqueKeysWithValues: partitions.map { ($0.partition, $0.stop) })
        if count == 0 || (!follow && pending.isEmpty) { return 0 }

        clientProperties["enable.partition.eof"] = "true"
        let registry = makeRegistry()
        let consumer: Consumer
        do {
            consumer = try Consumer(properties: clientProperties)
            try consumer.assign(partitions.map { ($0.partition, Offset.exact($0.start)) })
        } catch let error as KafkaError {
            throw Problem(kind: .broker, description: "cannot read topic '\(topic)' at \(bootstrapServers): \(error.message)")
        }
        defer { consumer.close() }
        let deadline = follow ? nil : timeout.map { Date().addingTimeInterval($0) }
        var emitted = 0
        while true {
            if let deadline, Date() >= deadline {
                throw Problem(kind: .broker, description: "read \(emitted) messages of topic '\(topic)' but the end offsets seen at start were not reached within \(Duration(seconds: timeout ?? 0)); is the broker at \(bootstrapServers) still answering?")
            }
            let message: Message?
            do {
                // The end of what is readable now: at the end offset seen at start, or short of it when the
                // rest is an open transaction's (read_committed), which waiting could not show either.
                message = try consumer.poll(timeout: 0.2) { partition, _ in pending.remove(partition) }
            } catch let error as KafkaError {
                throw Problem(kind: .broker, description: "the broker at \(bootstrapServers) stopped answering while reading '\(topic)': \(error.message)")
            }
            if let message {
                emit(try Self.line(message, registry: registry))
                emitted += 1
                let partition = TopicPartition(topic: message.topic, partition: message.partition)
                if message.offset + 1 >= stops[partition] ?? 0 { pending.remove(partition) }
                if let count, emitted >= count { return emitted }
            }
            if !follow && pending.isEmpty { return emitted }
        }
    }

    private struct PartitionRange {
        var partition: TopicPartition
        var start: Int64
        /// The high watermark seen at start.
        var stop: Int64
    }

    private func partitionsToRead(_ clientProperties: [String: String]) throws -> [PartitionRange] {
        let admin: AdminClient
        let metadata: ClusterMetadata
        do {
            admin = try AdminClient(properties: clientProperties)
        } catch let error as KafkaError {
            throw Problem(kind: .invalidConfiguration, description: error.message)
        }
        do {
            metadata = try admin.metadata(topics: nil, timeout: connectTimeout)
        } catch var error as KafkaError {
            if let reason = admin.latestBrokerError { error.message = reason }
            throw Problem(kind: .broker, description: Engine.explainConnectFailure(error, servers: bootstrapServers, timeout: connectTimeout)
                .replacingOccurrences(of: "kafka-scenario run", with: "kafka-scenario peek"))
        }
        if let found = metadata.topics.first(where: { $0.name == topic }), let error = found.error,
           error.name != "UNKNOWN_TOPIC_OR_PART" {
            throw Problem(kind: .broker, description: "the broker at \(bootstrapServers) cannot serve topic '\(topic)' now: \(error.name)")
        }
        guard let found = metadata.topics.first(where: { $0.name == topic }), found.error == nil, !found.partitions.isEmpty else {
            let names = metadata.topics.map(\.name).filter { !$0.hasPrefix("__") }
            var sentence = "topic '\(topic)' does not exist on the broker at \(bootstrapServers)"
            if let close = Suggestion.closest(to: topic, in: names) { sentence += "; did you mean '\(close)'?" }
            else if names.isEmpty { sentence += " (it has no topics)" }
            throw Problem(kind: .unknownTopic, description: sentence)
        }
        return try found.partitions.map { info in
            let partition = TopicPartition(topic: topic, partition: info.id)
            let marks: (low: Int64, high: Int64)
            do {
                marks = try admin.watermarks(partition, timeout: connectTimeout)
            } catch let error as KafkaError {
                throw Problem(kind: .broker, description: "cannot read the offsets of \(topic)[\(info.id)] at \(bootstrapServers): \(error.message)")
            }
            let start: Int64
            switch self.start {
            case .beginning: start = marks.low
            case .end: start = marks.high
            case .last(let n): start = max(marks.low, marks.high - Int64(n))
            }
            return PartitionRange(partition: partition, start: start, stop: marks.high)
        }
    }

    private func makeRegistry() -> (any SchemaRegistry)? {
        guard let options = schemaRegistry, let url = URL(string: options.url) else { return nil }
        return SchemaRegistryClient(url: url, credentials: options.credentials.flatMap(RegistryCredentials.init(parsing:)),
                                    timeout: connectTimeout, cancelled: { false })
    }

    /// A key or value as `expect` sees it; with a registry a framed one decoded, with its schema id (an id the
    /// registry does not know: as text, with the error).
    private static func decoded(_ bytes: [UInt8]?, _ name: String, registry: (any SchemaRegistry)?,
                                into members: inout [JSONMember]) throws {
        // No key reads `"key":null` (a key is text, so it cannot be confused); a tombstone has no `value` member at
        // all, so that it never reads as the JSON text `null` (`"value":null`).
        guard let bytes else { return name == "key" ? members.append(JSONMember(name, .null)) : () }
        if let registry {
            do {
                if let (id, value) = try FramedCodec.decode(bytes, registry: registry) {
                    members.append(JSONMember(name, value))
                    return members.append(JSONMember("\(name)_schema_id", .int(Int64(id))))
                }
            } catch .registry(let error) where error.isConnectionProblem {
                throw Problem(kind: .broker, description: error.description)
            } catch {
                members.append(JSONMember("\(name)_schema_error", .string(error.description)))
            }
        }
        members.append(JSONMember(name, name == "key" ? .string(MessageView.text(bytes)) : MessageView.decode(bytes)))
    }

    /// `{"partition":0,"offset":5,"timestamp":...,"key":...,"headers":{...},"value":...}`; with a registry, framed
    /// keys and values decoded, with `value_schema_id` (or `value_schema_error`) beside them.
    static func line(_ message: Message, registry: (any SchemaRegistry)?) throws -> String {
        var members = [
            JSONMember("partition", .int(Int64(message.partition))),
            JSONMember("offset", .int(message.offset)),
            JSONMember("timestamp", message.timestampMs.map { .int($0) } ?? .null),
        ]
        try decoded(message.key, "key", registry: registry, into: &members)
        members.append(JSONMember("headers", .object(message.headers.map {
            JSONMember($0.name, $0.value.map { .string(MessageView.text($0)) } ?? .null)
        })))
        try decoded(message.value, "value", registry: registry, into: &members)
        return JSONValue.object(members).compactJSON
    }
}
