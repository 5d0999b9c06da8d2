import KafkaClient
import ScenarioSpec

/// Converts between Kafka bytes and the JSON the scenarios speak.
enum MessageView {
    /// The JSON a matcher sees: `{topic, partition, offset, key, value, headers, timestamp}`;
    /// a value that is not JSON is its text. `value`/`key`: what a schema decoded (`ScenarioSchemas.view`).
    /// A message without a key has no `key` member and a tombstone no `value` member, so neither reads as
    /// the JSON text `null` (which is a value: `"value": null`).
    static func json(_ message: Message, declaredTopic: String, value: JSONValue? = nil, key: JSONValue? = nil) -> JSONValue {
        var members = [
            JSONMember("topic", .string(declaredTopic)),
            JSONMember("partition", .int(Int64(message.partition))),
            JSONMember("offset", .int(message.offset)),
        ]
        if let key = key ?? message.key.map({ .string(text($0)) }) { members.append(JSONMember("key", key)) }
        if let value = value ?? message.value.map(decode) { members.append(JSONMember("value", value)) }
        members.append(JSONMember("headers", .object(message.headers.map { JSONMember($0.name, $0.value.map { .string(text($0)) } ?? .null) })))
        if let ts = message.timestampMs { members.append(JSONMember("timestamp", .int(ts))) }
        return .object(members)
    }

    /// The view as templates read it (`{{ in.key }}`, `{{ in.value }}` in a processor's emit): no key and a tombstone
    /// read as null, so relaying them sends no key and a tombstone again instead of failing on a missing path.
    static func forTemplates(_ view: JSONValue) -> JSONValue {
        guard case .object(var members) = view else { return view }
        for part in ["key", "value"] where view[part] == nil { members.append(JSONMember(part, .null)) }
        return .object(members)
    }

    static func decode(_ bytes: [UInt8]) -> JSONValue {
        if let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }),
           first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "\"")
            || first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "t")
            || first == UInt8(ascii: "f") || first == UInt8(ascii: "n"),
           let value = try? JSONText.parse(bytes: bytes) {
            return value
        }
        return .string(text(bytes))
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Bytes to send as a key, value or header: objects and arrays as JSON, strings as UTF-8, null as
    /// none (a null key; a null value is a tombstone).
    static func payload(_ value: JSONValue) -> [UInt8]? {
        switch value {
        case .null: return nil
        case .string(let s): return Array(s.utf8)
        default: return Array(value.compactJSON.utf8)
        }
    }

    static func compact(_ value: JSONValue, limit: Int = 300) -> String {
        let text = value.compactJSON
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    static func pretty(_ value: JSONValue) -> String { value.prettyJSON }
}
