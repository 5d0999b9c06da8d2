import JSONValues

/// The codec's own view of an Avro schema, read from the same JSON avro-c parsed: avro-c 1.11 drops
/// `logicalType` and has no API for field defaults, and the encoder needs both, plus names for its errors.
/// Branch and field order are the schema's, so indexes match avro-c's.
indirect enum AvroType: Sendable {
    case null, boolean, float, double
    case int(AvroLogicalType?)
    case long(AvroLogicalType?)
    case bytes(AvroLogicalType?)
    case string(AvroLogicalType?)
    case record(AvroRecord)
    case enumeration(name: String, symbols: [String])
    case fixed(name: String, size: Int, logical: AvroLogicalType?)
    case array(AvroType)
    case map(AvroType)
    case union([AvroType])
    /// A named type used again by its full name (resolved through `AvroSchema.named`).
    case reference(String)

    /// The name a union branch is picked by in `{"branch": value}`, as Avro's JSON encoding names it.
    var branchName: String {
        switch self {
        case .null: return "null"
        case .boolean: return "boolean"
        case .float: return "float"
        case .double: return "double"
        case .int: return "int"
        case .long: return "long"
        case .bytes: return "bytes"
        case .string: return "string"
        case .record(let record): return record.name
        case .enumeration(let name, _), .fixed(let name, _, _): return name
        case .array: return "array"
        case .map: return "map"
        case .union: return "union"
        case .reference(let name): return name
        }
    }

    /// In an error: `int`, `timestamp-millis`, `record spin.Reward`.
    var displayName: String {
        switch self {
        case .int(let l?), .long(let l?), .bytes(let l?), .string(let l?), .fixed(_, _, let l?): return l.name
        case .record(let record): return "record \(record.name)"
        case .enumeration(let name, _): return "enum \(name)"
        case .fixed(let name, let size, nil): return "fixed \(name) (\(size) bytes)"
        case .array(let items): return "array of \(items.displayName)"
        case .map(let values): return "map of \(values.displayName)"
        case .union(let branches): return "one of " + branches.map(\.displayName).joined(separator: ", ")
        default: return branchName
        }
    }
}

/// A record's fields; a class so that a recursive record can refer to itself by name.
final class AvroRecord: Sendable {
    let name: String
    let fields: [Field]

    struct Field: Sendable {
        let name: String
        let type: AvroType
        /// In Avro's JSON encoding (a union's default is for its first branch).
        let defaultValue: JSONValue?
    }

    init(name: String, fields: [Field]) {
        self.name = name
        self.fields = fields
    }
}

/// The logical types the codec writes and reads in a readable form (docs/schemas.md).
enum AvroLogicalType: Sendable, Equatable {
    case date, timeMillis, timeMicros, timestampMillis, timestampMicros, uuid
    case decimal(precision: Int, scale: Int)

    var name: String {
        switch self {
        case .date: return "date"
        case .timeMillis: return "time-millis"
        case .timeMicros: return "time-micros"
        case .timestampMillis: return "timestamp-millis"
        case .timestampMicros: return "timestamp-micros"
        case .uuid: return "uuid"
        case .decimal(let precision, let scale): return "decimal(\(precision),\(scale))"
        }
    }
}

/// Reads the schema JSON (already accepted by avro-c) into `AvroType`, resolving names as the spec says:
/// a name without a dot takes the enclosing namespace.
struct AvroTypeReader {
    private(set) var named: [String: AvroType] = [:]

    mutating func read(_ json: JSONValue, namespace: String?) throws(SchemaParseError) -> AvroType {
        switch json {
        case .string(let name): return try primitiveOrReference(name, namespace: namespace)
        case .array(let branches):
            var types: [AvroType] = []
            for branch in branches { types.append(try read(branch, namespace: namespace)) }
            return .union(types)
        case .object:
            guard let type = json["type"] else { throw SchemaParseError("a schema object has no \"type\"") }
            if case .string(let name) = type {
                return try complex(name, json, namespace: namespace)
            }
            return try read(type, namespace: namespace)
        default:
            throw SchemaParseError("not a schema: \(json.compactJSON)")
        }
    }

    private func primitiveOrReference(_ name: String, namespace: String?) throws(SchemaParseError) -> AvroType {
        switch name {
        case "null": return .null
        case "boolean": return .boolean
        case "int": return .int(nil)
        case "long": return .long(nil)
        case "float": return .float
        case "double": return .double
        case "bytes": return .bytes(nil)
        case "string": return .string(nil)
        default:
            let full = Self.fullName(name, namespace: namespace)
            if named[full] != nil { return .reference(full) }
            if named[name] != nil { return .reference(name) }
            throw SchemaParseError("unknown type \(name)")
        }
    }

    private mutating func complex(_ type: String, _ json: JSONValue, namespace: String?) throws(SchemaParseError) -> AvroType {
        let logical = Self.logicalType(json, on: type)
        switch type {
        case "int", "long", "bytes", "string":
            switch type {
            case "int": return .int(logical)
            case "long": return .long(logical)
            case "bytes": return .bytes(logical)
            default: return .string(logical)
            }
        case "record", "error":
            let (full, inner) = Self.names(json, namespace: namespace)
            guard case .array(let fieldsJSON)? = json["fields"] else { throw SchemaParseError("record \(full) has no fields") }
            var fields: [AvroRecord.Field] = []
            // Registered before its fields so that a field can refer to the record itself (as a reference,
            // resolved once the record is complete).
            var placeholder = AvroRecord(name: full, fields: [])
            named[full] = .record(placeholder)
            for field in fieldsJSON {
                guard let name = field["name"]?.stringValue, let typeJSON = field["type"] else {
                    throw SchemaParseError("a field of \(full) has no name or type")
                }
                fields.append(.init(name: name, type: try read(typeJSON, namespace: inner), defaultValue: field["default"]))
            }
            placeholder = AvroRecord(name: full, fields: fields)
            named[full] = .record(placeholder)
            return .record(placeholder)
        case "enum":
            let (full, _) = Self.names(json, namespace: namespace)
            guard case .array(let symbols)? = json["symbols"] else { throw SchemaParseError("enum \(full) has no symbols") }
            let type = AvroType.enumeration(name: full, symbols: symbols.compactMap(\.stringValue))
            named[full] = type
            return type
        case "fixed":
            let (full, _) = Self.names(json, namespace: namespace)
            guard case .int(let size)? = json["size"] else { throw SchemaParseError("fixed \(full) has no size") }
            let type = AvroType.fixed(name: full, size: Int(size), logical: logical)
            named[full] = type
            return type
        case "array":
            guard let items = json["items"] else { throw SchemaParseError("an array has no items") }
            return .array(try read(items, namespace: namespace))
        case "map":
            guard let values = json["values"] else { throw SchemaParseError("a map has no values") }
            return .map(try read(values, namespace: namespace))
        default:
            return try primitiveOrReference(type, namespace: namespace)
        }
    }

    /// The spec: a logical type on the wrong underlying type, or a malformed one, is ignored.
    private static func logicalType(_ json: JSONValue, on type: String) -> AvroLogicalType? {
        guard let name = json["logicalType"]?.stringValue else { return nil }
        switch (name, type) {
        case ("date", "int"): return .date
        case ("time-millis", "int"): return .timeMillis
        case ("time-micros", "long"): return .timeMicros
        case ("timestamp-millis", "long"): return .timestampMillis
        case ("timestamp-micros", "long"): return .timestampMicros
        case ("uuid", "string"): return .uuid
        case ("decimal", "bytes"), ("decimal", "fixed"):
            guard case .int(let precision)? = json["precision"], precision > 0 else { return nil }
            var scale: Int64 = 0
            if let given = json["scale"] {
                guard case .int(let s) = given, s >= 0, s <= precision else { return nil }
                scale = s
            }
            return .decimal(precision: Int(precision), scale: Int(scale))
        default: return nil
        }
    }

    /// (full name, namespace for the names inside it).
    private static func names(_ json: JSONValue, namespace: String?) -> (String, String?) {
        let name = json["name"]?.stringValue ?? ""
        if name.contains(".") {
            return (name, String(name[..<name.lastIndex(of: ".")!]))
        }
        let space = json["namespace"]?.stringValue ?? namespace
        return (fullName(name, namespace: space), space)
    }

    private static func fullName(_ name: String, namespace: String?) -> String {
        guard !name.contains("."), let namespace, !namespace.isEmpty else { return name }
        return "\(namespace).\(name)"
    }
}
