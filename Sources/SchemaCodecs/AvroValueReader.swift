import CAvro
import JSONValues

/// An avro-c value read from binary → JSONValue: union branches unwrapped (the branch's value alone), bytes and
/// fixed as one character per byte, logical types in their text form (`AvroLogicalText`, `AvroDecimal`).
struct AvroValueReader {
    let named: [String: AvroType]

    func read(_ source: avro_value_t, as declared: AvroType, at path: FieldPath) throws(SchemaValueError) -> JSONValue {
        var value = source
        var type = declared
        if case .reference(let name) = declared, let found = named[name] { type = found }
        func check(_ rc: Int32) throws(SchemaValueError) {
            if rc != 0 { throw path.error(AvroSchema.lastError(or: "avro-c could not read the value")) }
        }
        switch type {
        case .null:
            return .null
        case .boolean:
            var b: Int32 = 0
            try check(cavro_get_boolean(&value, &b))
            return .bool(b != 0)
        case .int(let logical):
            var i: Int32 = 0
            try check(cavro_get_int(&value, &i))
            if let logical, let text = AvroLogicalText.format(Int64(i), as: logical) { return .string(text) }
            return .int(Int64(i))
        case .long(let logical):
            var l: Int64 = 0
            try check(cavro_get_long(&value, &l))
            if let logical, let text = AvroLogicalText.format(l, as: logical) { return .string(text) }
            return .int(l)
        case .float:
            var f: Float = 0
            try check(cavro_get_float(&value, &f))
            // Through its shortest decimal text, so 0.1f reads back as 0.1, not 0.10000000149011612.
            return .double(Double(String(f)) ?? Double(f))
        case .double:
            var d: Double = 0
            try check(cavro_get_double(&value, &d))
            return .double(d)
        case .string:
            var text: UnsafePointer<CChar>?
            var size = 0
            try check(cavro_get_string(&value, &text, &size))
            guard let text, size > 0 else { return .string("") }
            // avro-c's size counts the NUL it adds.
            let bytes = UnsafeRawBufferPointer(start: text, count: size - 1)
            return .string(String(decoding: bytes, as: UTF8.self))
        case .bytes(let logical):
            var buffer: UnsafeRawPointer?
            var size = 0
            try check(cavro_get_bytes(&value, &buffer, &size))
            return Self.bytesValue(buffer, size, logical: logical)
        case .fixed(_, _, let logical):
            var buffer: UnsafeRawPointer?
            var size = 0
            try check(cavro_get_fixed(&value, &buffer, &size))
            return Self.bytesValue(buffer, size, logical: logical)
        case .enumeration(_, let symbols):
            var index: Int32 = 0
            try check(cavro_get_enum(&value, &index))
            guard symbols.indices.contains(Int(index)) else { throw path.error("enum index \(index) out of range") }
            return .string(symbols[Int(index)])
        case .record(let record):
            var members: [JSONMember] = []
            for (index, field) in record.fields.enumerated() {
                var child = avro_value_t()
                try check(cavro_get_by_index(&value, index, &child, nil))
                members.append(JSONMember(field.name, try read(child, as: field.type, at: path.field(field.name))))
            }
            return .object(members)
        case .array(let items):
            var count = 0
            try check(cavro_get_size(&value, &count))
            var elements: [JSONValue] = []
            elements.reserveCapacity(count)
            for index in 0..<count {
                var child = avro_value_t()
                try check(cavro_get_by_index(&value, index, &child, nil))
                elements.append(try read(child, as: items, at: path.index(index)))
            }
            return .array(elements)
        case .map(let values):
            var count = 0
            try check(cavro_get_size(&value, &count))
            var members: [JSONMember] = []
            for index in 0..<count {
                var child = avro_value_t()
                var key: UnsafePointer<CChar>?
                try check(cavro_get_by_index(&value, index, &child, &key))
                let name = key.map { String(cString: $0) } ?? ""
                members.append(JSONMember(name, try read(child, as: values, at: path.field(name))))
            }
            return .object(members)
        case .union(let branches):
            var discriminant: Int32 = 0
            try check(cavro_get_discriminant(&value, &discriminant))
            guard branches.indices.contains(Int(discriminant)) else {
                throw path.error("union branch \(discriminant) out of range")
            }
            var branch = avro_value_t()
            try check(cavro_get_current_branch(&value, &branch))
            return try read(branch, as: branches[Int(discriminant)], at: path)
        case .reference(let name):
            throw path.error("unknown type \(name)")
        }
    }

    private static func bytesValue(_ buffer: UnsafeRawPointer?, _ size: Int, logical: AvroLogicalType?) -> JSONValue {
        let bytes = buffer.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
        if case .decimal(_, let scale)? = logical { return .string(AvroDecimal.decode(bytes, scale: scale)) }
        return .string(AvroBytesText.text(bytes))
    }
}
