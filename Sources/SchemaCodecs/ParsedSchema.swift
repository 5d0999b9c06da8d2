import JSONValues

/// The kinds of schema registry subjects hold.
public enum SchemaType: String, Sendable, Equatable {
    case avro = "AVRO"
    case json = "JSON"
    case protobuf = "PROTOBUF"
}

/// A schema ready to encode and decode values, whichever kind it is.
public enum ParsedSchema: Sendable {
    case avro(AvroSchema)
    case json(JSONSchema)
    case protobuf(ProtobufSchema)

    public init(type: SchemaType, text: String) throws(SchemaParseError) {
        switch type {
        case .avro: self = .avro(try AvroSchema(text: text))
        case .json: self = .json(try JSONSchema(text: text))
        case .protobuf: self = .protobuf(try ProtobufSchema(text: text, references: []))
        }
    }

    public var type: SchemaType {
        switch self {
        case .avro: return .avro
        case .json: return .json
        case .protobuf: return .protobuf
        }
    }

    public var text: String {
        switch self {
        case .avro(let schema): return schema.text
        case .json(let schema): return schema.text
        case .protobuf(let schema): return schema.text
        }
    }

    public var normalizedJSON: String {
        switch self {
        case .avro(let schema): return schema.normalizedJSON
        case .json(let schema): return schema.normalizedJSON
        case .protobuf(let schema): return schema.normalizedJSON
        }
    }

    /// The payload (not framed): Avro binary, JSON text after checking it against the JSON Schema, or
    /// Protobuf's message-index array and the message.
    public func encode(_ value: JSONValue) throws(SchemaValueError) -> [UInt8] {
        switch self {
        case .avro(let schema): return try schema.encode(value)
        case .json(let schema): return try schema.encode(value)
        case .protobuf(let schema): return try schema.encode(value)
        }
    }

    public func decode(_ payload: [UInt8]) throws(SchemaDecodeError) -> JSONValue {
        switch self {
        case .avro(let schema): return try schema.decode(payload)
        case .json(let schema): return try schema.decode(payload)
        case .protobuf(let schema): return try schema.decode(payload)
        }
    }

    /// Whether a value fits, without keeping the payload (for `validate` on literal values).
    public func check(_ value: JSONValue) -> SchemaValueError? {
        switch self {
        case .avro(let schema): return schema.check(value)
        case .json(let schema): return schema.check(value)
        case .protobuf(let schema): return schema.check(value)
        }
    }
}

extension ParsedSchema {
    /// The full name RecordNameStrategy uses: an Avro record's (or named type's), a Protobuf message's, a JSON
    /// Schema's `title`; nil when the schema has none.
    public var recordName: String? {
        switch self {
        case .avro(let schema):
            switch schema.root {
            case .record(let record): return record.name
            case .enumeration(let name, _), .fixed(let name, _, _): return name
            default: return nil
            }
        case .json(let schema): return schema.root["title"]?.stringValue
        case .protobuf(let schema): return schema.messageName
        }
    }
}
