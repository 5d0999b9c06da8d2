import JSONValues

/// A registered schema's references, fetched by subject and version, made part of the schema the codecs read:
/// Protobuf imports become files beside the root; an Avro named type from another subject is written in place
/// of its first use; a JSON Schema `$ref` naming another subject's document is replaced by that document.
public struct FetchedReference: Sendable {
    public var name: String
    public var subject: String
    public var version: Int
    public var text: String

    public init(name: String, subject: String, version: Int, text: String) {
        self.name = name
        self.subject = subject
        self.version = version
        self.text = text
    }
}

enum SchemaReferences {
    static func schema(type: SchemaType, text: String, references: [FetchedReference]) throws(SchemaParseError) -> ParsedSchema {
        if references.isEmpty { return try ParsedSchema(type: type, text: text) }
        switch type {
        case .protobuf:
            return .protobuf(try ProtobufSchema(text: text, references: references.map { (name: $0.name, text: $0.text) }))
        case .avro:
            return .avro(try AvroSchema(text: try inlineAvro(text, references)))
        case .json:
            return .json(try JSONSchema(text: try inlineJSONSchema(text, references)))
        }
    }

    private static func parse(_ text: String, _ what: String) throws(SchemaParseError) -> JSONValue {
        do { return try JSONText.parse(text) } catch { throw SchemaParseError("\(what) is not JSON: \(error)") }
    }

    /// Each referenced named type is written out where it is first named (Avro wants a definition before use).
    static func inlineAvro(_ text: String, _ references: [FetchedReference]) throws(SchemaParseError) -> String {
        var byName: [String: JSONValue] = [:]
        for reference in references {
            let json = try parse(reference.text, "reference \(reference.name)")
            guard let name = json["name"]?.stringValue else { continue }
            let namespace = json["namespace"]?.stringValue
            byName[name.contains(".") || namespace == nil ? name : "\(namespace!).\(name)"] = json
            if byName[name] == nil { byName[name] = json }
        }
        var inlined = Set<String>()
        func type(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let name):
                guard let found = byName[name] else { return value }
                let full = (found["namespace"]?.stringValue.map { "\($0)." } ?? "") + (found["name"]?.stringValue ?? name)
                guard inlined.insert(full).inserted else { return .string(full) }
                return type(found)
            case .array(let branches): return .array(branches.map(type))
            case .object(let members):
                return .object(members.map { member in
                    switch member.key {
                    case "type", "items", "values": return JSONMember(member.key, type(member.value))
                    case "fields":
                        guard case .array(let fields) = member.value else { return member }
                        return JSONMember("fields", .array(fields.map { field in
                            guard case .object(let parts) = field else { return field }
                            return .object(parts.map { $0.key == "type" ? JSONMember("type", type($0.value)) : $0 })
                        }))
                    default: return member
                    }
                })
            default: return value
            }
        }
        return type(try parse(text, "the schema")).compactJSON
    }

    /// `{"$ref": "customer.json"}` (the reference's name) becomes that document.
    static func inlineJSONSchema(_ text: String, _ references: [FetchedReference]) throws(SchemaParseError) -> String {
        var byName: [String: JSONValue] = [:]
        for reference in references { byName[reference.name] = try parse(reference.text, "reference \(reference.name)") }
        func walk(_ value: JSONValue, depth: Int) -> JSONValue {
            switch value {
            case .object(let members):
                if depth < 32, let target = value["$ref"]?.stringValue, let found = byName[target],
                   case .object(let inner) = found {
                    return walk(.object(inner.filter { $0.key != "$schema" && $0.key != "$id" }), depth: depth + 1)
                }
                return .object(members.map { JSONMember($0.key, walk($0.value, depth: depth)) })
            case .array(let items): return .array(items.map { walk($0, depth: depth) })
            default: return value
            }
        }
        return walk(try parse(text, "the schema"), depth: 0).compactJSON
    }
}
