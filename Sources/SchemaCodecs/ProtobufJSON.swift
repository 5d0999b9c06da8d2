import CProtobuf
import Foundation
import JSONValues

/// Protobuf messages to and from JSON the way scenarios match them: `.proto` field names, enums by name, 64-bit
/// integers as exact numbers, bytes as base64, well-known types in their JSON form (through libprotobuf's own
/// JSON mapping). Writing accepts enums by name or number and 64-bit integers as numbers or strings.
struct ProtobufJSON {
    let pool: OpaquePointer

    func encode(_ value: JSONValue, as message: cpb_descriptor) throws(SchemaValueError) -> [UInt8] {
        guard let handle = cpb_message_new(pool, message) else { throw FieldPath().error("cannot make a message") }
        defer { cpb_message_free(handle) }
        try fill(handle, message, with: value, at: FieldPath())
        var length = 0
        guard let bytes = cpb_message_serialize(handle, &length) else {
            throw FieldPath().error("a required field is missing")
        }
        defer { cpb_free(bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: length))
    }

    func decode(_ bytes: [UInt8], as message: cpb_descriptor) throws(SchemaDecodeError) -> JSONValue {
        guard let handle = cpb_message_new(pool, message) else { throw SchemaDecodeError("cannot make a message") }
        defer { cpb_message_free(handle) }
        let parsed = bytes.withUnsafeBufferPointer { cpb_message_parse(handle, $0.baseAddress, $0.count) }
        guard parsed != 0 else {
            throw SchemaDecodeError("the bytes are not a \(String(cString: cpb_message_full_name(message))) message")
        }
        return Self.json(of: handle, message)
    }

    // MARK: writing

    private func fill(_ handle: OpaquePointer, _ message: cpb_descriptor, with value: JSONValue, at path: FieldPath) throws(SchemaValueError) {
        let name = String(cString: cpb_message_full_name(message))
        if cpb_message_is_well_known(message) != 0 {
            let text = value.compactJSON
            var failure: UnsafeMutablePointer<CChar>?
            if cpb_message_merge_json(handle, text, text.utf8.count, &failure) == 0 {
                let why = failure.map { String(cString: $0) } ?? ""
                cpb_free(failure)
                throw path.error("not a \(name) in its JSON form: \(value.describedForError)\(why.isEmpty ? "" : " (\(why))")")
            }
            return
        }
        guard case .object(let members) = value else { throw path.error("expected \(name) (an object), got \(value.describedForError)") }
        let fields = Self.fields(of: message)
        for member in members {
            guard let field = cpb_message_field_named(message, member.key) else {
                let names = fields.map { String(cString: cpb_field_name($0)) }
                throw path.error("unknown field \(path.field(member.key).text) (\(name) has \(names.joined(separator: ", ")))")
            }
            if member.value == .null { continue }
            let at = path.field(String(cString: cpb_field_name(field)))
            if cpb_field_is_map(field) != 0 {
                guard case .object(let entries) = member.value else { throw at.error("expected a map (an object), got \(member.value.describedForError)") }
                let entry = cpb_field_message(field)!
                let keyField = cpb_message_field(entry, 0)!, valueField = cpb_message_field(entry, 1)!
                for item in entries {
                    let child = cpb_mutable_message(handle, field)!
                    try set(child, keyField, Self.mapKey(item.key, type: cpb_field_type(keyField)), at: at.field(item.key))
                    try set(child, valueField, item.value, at: at.field(item.key))
                }
            } else if cpb_field_is_repeated(field) != 0 {
                guard case .array(let items) = member.value else { throw at.error("expected an array, got \(member.value.describedForError)") }
                for (index, item) in items.enumerated() { try set(handle, field, item, at: at.index(index)) }
            } else {
                try set(handle, field, member.value, at: at)
            }
        }
        for field in fields where cpb_field_is_required(field) != 0 {
            let fieldName = String(cString: cpb_field_name(field))
            if !members.contains(where: { cpb_message_field_named(message, $0.key) == field && $0.value != .null }) {
                throw path.error("missing field \(path.field(fieldName).text)")
            }
        }
    }

    /// One value of a field (an element, for a repeated one).
    private func set(_ handle: OpaquePointer, _ field: cpb_field, _ value: JSONValue, at path: FieldPath) throws(SchemaValueError) {
        let type = cpb_field_type(field)
        switch type {
        case 5, 15, 17: // int32, sfixed32, sint32
            cpb_set_int(handle, field, Int64(try Self.integer(value, Int64(Int32.min), Int64(Int32.max), "int32", at: path)))
        case 3, 16, 18: // int64, sfixed64, sint64
            cpb_set_int(handle, field, try Self.integer(value, Int64.min, Int64.max, "int64", at: path))
        case 13, 7: // uint32, fixed32
            cpb_set_uint(handle, field, UInt64(try Self.integer(value, 0, Int64(UInt32.max), "uint32", at: path)))
        case 4, 6: // uint64, fixed64
            if case .string(let text) = value, let big = UInt64(text) { cpb_set_uint(handle, field, big); return }
            cpb_set_uint(handle, field, UInt64(try Self.integer(value, 0, Int64.max, "uint64", at: path)))
        case 1, 2: // double, float
            let number: Double
            switch value {
            case .int(let i): number = Double(i)
            case .double(let d): number = d
            case .string("NaN"): number = .nan
            case .string("Infinity"): number = .infinity
            case .string("-Infinity"): number = -.infinity
            case .string(let text) where Double(text) != nil: number = Double(text)!
            default: throw path.error("expected \(type == 1 ? "double" : "float"), got \(value.describedForError)")
            }
            cpb_set_double(handle, field, number)
        case 8:
            guard case .bool(let flag) = value else { throw path.error("expected bool, got \(value.describedForError)") }
            cpb_set_bool(handle, field, flag ? 1 : 0)
        case 9:
            guard case .string(let text) = value else { throw path.error("expected string, got \(value.describedForError)") }
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { cpb_set_string(handle, field, $0.baseAddress, $0.count) }
            }
        case 12:
            guard case .string(let text) = value, let data = Self.base64(text) else {
                throw path.error("expected bytes as base64, got \(value.describedForError)")
            }
            let bytes = [UInt8](data)
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { cpb_set_string(handle, field, $0.baseAddress, $0.count) }
            }
        case 14:
            cpb_set_enum(handle, field, try Self.enumNumber(value, cpb_field_enum(field)!, at: path))
        case 10, 11:
            let message = cpb_field_message(field)!
            try fill(cpb_mutable_message(handle, field)!, message, with: value, at: path)
        default:
            throw path.error("unsupported field type \(type)")
        }
    }

    private static func integer(_ value: JSONValue, _ low: Int64, _ high: Int64, _ type: String, at path: FieldPath) throws(SchemaValueError) -> Int64 {
        var number: Int64?
        switch value {
        case .int(let i): number = i
        case .double(let d) where d.rounded() == d && abs(d) < 9.007199254740992e15: number = Int64(d)
        case .string(let text): number = Int64(text)
        default: break
        }
        guard let number else { throw path.error("expected \(type), got \(value.describedForError)") }
        guard number >= low, number <= high else { throw path.error("\(number) does not fit in \(type)") }
        return number
    }

    private static func enumNumber(_ value: JSONValue, _ e: cpb_enum, at path: FieldPath) throws(SchemaValueError) -> Int32 {
        var names: [String] = []
        for index in 0..<cpb_enum_value_count(e) {
            let name = String(cString: cpb_enum_value_name(e, index))
            if case .string(name) = value { return cpb_enum_value_number(e, index) }
            names.append(name)
        }
        switch value {
        case .int(let number) where Int32(exactly: number).map { cpb_enum_name_of(e, $0) != nil } == true:
            return Int32(number)
        case .string(let text):
            let field = path.text.split(separator: ".").last.map(String.init) ?? path.text
            throw path.error("unknown enum symbol \(text) for \(field) (one of \(names.joined(separator: ", ")))")
        default:
            throw path.error("expected an enum symbol (one of \(names.joined(separator: ", "))) or its number, got \(value.describedForError)")
        }
    }

    private static func mapKey(_ key: String, type: Int32) -> JSONValue {
        switch type {
        case 8: return key == "true" ? .bool(true) : key == "false" ? .bool(false) : .string(key)
        case 9: return .string(key)
        default: return Int64(key).map(JSONValue.int) ?? .string(key)
        }
    }

    static func base64(_ text: String) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard)
    }

    private static func fields(of message: cpb_descriptor) -> [cpb_field] {
        (0..<cpb_message_field_count(message)).map { cpb_message_field(message, $0)! }
    }

    // MARK: reading

    /// Unset fields without presence read as their defaults (`bet: 0`), so that matchers can name them.
    static func json(of handle: OpaquePointer, _ message: cpb_descriptor) -> JSONValue {
        if cpb_message_is_well_known(message) != 0, let text = cpb_message_to_json(handle) {
            defer { cpb_free(text) }
            if let parsed = try? JSONText.parse(String(cString: text)) { return parsed }
        }
        var members: [JSONMember] = []
        for field in fields(of: message) {
            let name = String(cString: cpb_field_name(field))
            if cpb_field_is_map(field) != 0 {
                let entry = cpb_field_message(field)!
                let keyField = cpb_message_field(entry, 0)!, valueField = cpb_message_field(entry, 1)!
                var entries: [JSONMember] = []
                for index in 0..<cpb_size(handle, field) {
                    let child = cpb_get_message(handle, field, index)!
                    let key = scalar(child, keyField, 0)
                    let keyText: String
                    if case .string(let s) = key { keyText = s } else { keyText = key.compactJSON }
                    entries.append(JSONMember(keyText, scalar(child, valueField, 0)))
                }
                members.append(JSONMember(name, .object(entries)))
            } else if cpb_field_is_repeated(field) != 0 {
                members.append(JSONMember(name, .array((0..<cpb_size(handle, field)).map { scalar(handle, field, $0) })))
            } else if cpb_field_has_presence(field) == 0 || cpb_has(handle, field) != 0 {
                members.append(JSONMember(name, scalar(handle, field, 0)))
            }
        }
        return .object(members)
    }

    private static func scalar(_ handle: OpaquePointer, _ field: cpb_field, _ index: Int) -> JSONValue {
        switch cpb_field_type(field) {
        case 5, 15, 17, 3, 16, 18: return .int(cpb_get_int(handle, field, index))
        case 13, 7, 4, 6:
            let value = cpb_get_uint(handle, field, index)
            // Above Int64.max: the exact digits as text (a double would round them).
            return Int64(exactly: value).map(JSONValue.int) ?? .string(String(value))
        case 1, 2:
            var number = cpb_get_double(handle, field, index)
            if cpb_field_type(field) == 2 { number = Double(Float(number).description) ?? number }
            if number.isNaN { return .string("NaN") }
            if number.isInfinite { return .string(number > 0 ? "Infinity" : "-Infinity") }
            return .double(number)
        case 8: return .bool(cpb_get_bool(handle, field, index) != 0)
        case 9, 12:
            var length = 0
            let pointer = cpb_get_string(handle, field, index, &length)
            let bytes = pointer.map { Data(bytes: $0, count: length) } ?? Data()
            return cpb_field_type(field) == 9 ? .string(String(decoding: bytes, as: UTF8.self)) : .string(bytes.base64EncodedString())
        case 14:
            let number = cpb_get_enum(handle, field, index)
            return cpb_enum_name_of(cpb_field_enum(field)!, number).map { .string(String(cString: $0)) } ?? .int(Int64(number))
        default:
            let child = cpb_get_message(handle, field, index)!
            return json(of: child, cpb_field_message(field)!)
        }
    }
}
