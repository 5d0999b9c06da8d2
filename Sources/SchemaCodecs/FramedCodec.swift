import JSONValues

/// Values in and out of Confluent frames through a registry: what a producing or reading step calls.
public enum FramedCodec {
    /// TopicNameStrategy: `<topic>-value`, `<topic>-key` (of the real, isolated topic name).
    public static func subject(topic: String, isKey: Bool) -> String {
        "\(topic)-\(isKey ? "key" : "value")"
    }

    /// Confluent's subject name strategies: `<topic>-value`, the record's full name, `<topic>-<record>`.
    public enum SubjectStrategy: Sendable {
        case topic, record, topicRecord
    }

    /// The subject a file schema is registered under; nil when the strategy needs a record name the schema lacks.
    public static func subject(topic: String, isKey: Bool, strategy: SubjectStrategy,
                               schema: ParsedSchema) -> String? {
        switch strategy {
        case .topic: return subject(topic: topic, isKey: isKey)
        case .record: return schema.recordName
        case .topicRecord: return schema.recordName.map { "\(topic)-\($0)" }
        }
    }

    /// Registers the schema under `subject` (or finds its id), encodes the value and frames it.
    public static func encode(_ value: JSONValue, with schema: ParsedSchema, subject: String,
                              registry: any SchemaRegistry) throws(FramedCodecError) -> (schemaID: Int32, bytes: [UInt8]) {
        let payload: [UInt8]
        do { payload = try schema.encode(value) } catch { throw .value(error) }
        let id: Int32
        do { id = try registry.register(subject: subject, schema: schema) } catch { throw .registry(error) }
        return (id, WireFormat.frame(schemaID: id, payload: payload))
    }

    /// nil when the bytes are not framed; else the id and the decoded value.
    public static func decode(_ bytes: [UInt8], registry: any SchemaRegistry) throws(FramedCodecError) -> (schemaID: Int32, value: JSONValue)? {
        try decodeNamingMessage(bytes, registry: registry).map { ($0.schemaID, $0.value) }
    }

    /// Also the Protobuf message the frame names (nil for Avro and JSON Schema).
    public static func decodeNamingMessage(_ bytes: [UInt8], registry: any SchemaRegistry) throws(FramedCodecError)
        -> (schemaID: Int32, value: JSONValue, message: String?)? {
        let frame: WireFormat.Frame?
        do { frame = try WireFormat.unframe(bytes) } catch { throw .truncated(error) }
        guard let frame else { return nil }
        let schema: ParsedSchema
        do { schema = try registry.schema(id: frame.schemaID) } catch { throw .registry(error) }
        do {
            if case .protobuf(let proto) = schema {
                let decoded = try proto.decodeNamingMessage(frame.payload)
                return (frame.schemaID, decoded.value, decoded.message)
            }
            return (frame.schemaID, try schema.decode(frame.payload), nil)
        } catch {
            throw .decode(schemaID: frame.schemaID, error, subjects: registry.subjects(id: frame.schemaID))
        }
    }
}

public enum FramedCodecError: Error, Sendable, CustomStringConvertible {
    /// The value does not fit the schema (the step's error, naming the field).
    case value(SchemaValueError)
    /// The registry could not give the id or the schema (see `SchemaRegistryError.isConnectionProblem`).
    case registry(SchemaRegistryError)
    /// The payload is not a value of the schema its frame names (held under `subjects`, when the registry says).
    case decode(schemaID: Int32, SchemaDecodeError, subjects: [String] = [])
    case truncated(WireFormat.TruncatedFrame)

    /// Without the topic: the caller adds it (`on topic notifications: ...`).
    public var description: String {
        switch self {
        case .value(let error): return error.description
        case .registry(let error): return error.description
        case .decode(let id, let error, let subjects):
            let held = subjects.isEmpty ? "" : " (subject \(subjects.joined(separator: ", ")))"
            return "the value framed with schema id \(id)\(held) cannot be decoded: \(error)"
        case .truncated(let error): return error.description
        }
    }
}
