import CAvro
import JSONValues

/// JSONValue → an avro-c value of the schema, field by field; the first thing that does not fit is an error
/// naming its path.
struct AvroValueWriter {
    let named: [String: AvroType]

    func resolve(_ type: AvroType) -> AvroType {
        if case .reference(let name) = type, let found = named[name] { return found }
        return type
    }

    func write(_ value: JSONValue, as declared: AvroType, into target: inout avro_value_t,
               at path: FieldPath) throws(SchemaValueError) {
        let type = resolve(declared)
        func mismatch() -> SchemaValueError {
            path.error("expected \(type.displayName), got \(value.describedForError)")
        }
        func check(_ rc: Int32) throws(SchemaValueError) {
            if rc != 0 { throw path.error(AvroSchema.lastError(or: "avro-c refused the value")) }
        }
        switch type {
        case .null:
            guard case .null = value else { throw mismatch() }
            try check(cavro_set_null(&target))
        case .boolean:
            guard case .bool(let b) = value else { throw mismatch() }
            try check(cavro_set_boolean(&target, b ? 1 : 0))
        case .int(let logical):
            let number = try Self.number(value, logical: logical, at: path, mismatch: mismatch)
            guard let int32 = Int32(exactly: number) else {
                throw path.error("\(number) does not fit in an int (32 bits)")
            }
            try check(cavro_set_int(&target, int32))
        case .long(let logical):
            try check(cavro_set_long(&target, try Self.number(value, logical: logical, at: path, mismatch: mismatch)))
        case .float:
            guard let number = value.doubleValue else { throw mismatch() }
            try check(cavro_set_float(&target, Float(number)))
        case .double:
            guard let number = value.doubleValue else { throw mismatch() }
            try check(cavro_set_double(&target, number))
        case .string(let logical):
            guard case .string(let text) = value else { throw mismatch() }
            if logical == .uuid, !AvroLogicalText.isUUID(text) {
                throw path.error("expected a uuid (8-4-4-4-12 hex digits), got \(value.describedForError)")
            }
            var utf8 = Array(text.utf8)
            utf8.append(0)
            let rc = utf8.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { cavro_set_string_len(&target, $0.baseAddress, $0.count) }
            }
            try check(rc)
        case .bytes(let logical):
            var bytes = try self.bytes(value, logical: logical, size: nil, type: type, at: path)
            let rc = bytes.withUnsafeMutableBytes { cavro_set_bytes(&target, $0.baseAddress, $0.count) }
            try check(rc)
        case .fixed(_, let size, let logical):
            var bytes = try self.bytes(value, logical: logical, size: size, type: type, at: path)
            guard bytes.count == size else {
                throw path.error("expected \(size) bytes for \(type.displayName), got \(bytes.count)")
            }
            let rc = bytes.withUnsafeMutableBytes { cavro_set_fixed(&target, $0.baseAddress, $0.count) }
            try check(rc)
        case .enumeration(let name, let symbols):
            guard case .string(let symbol) = value else { throw mismatch() }
            guard let index = symbols.firstIndex(of: symbol) else {
                let shown = path.text.isEmpty ? name : path.text
                throw SchemaValueError(path: path.text,
                                       problem: "unknown enum symbol \(symbol) for \(shown) (one of \(symbols.joined(separator: ", ")))")
            }
            try check(cavro_set_enum(&target, Int32(index)))
        case .record(let record):
            guard case .object(let members) = value else { throw mismatch() }
            for (index, field) in record.fields.enumerated() {
                var child = avro_value_t()
                try check(cavro_get_by_index(&target, index, &child, nil))
                let given = members.first { $0.key == field.name }?.value
                guard let fieldValue = given ?? field.defaultValue else {
                    throw SchemaValueError(path: path.text, problem: "missing field \(path.field(field.name).text)")
                }
                try write(fieldValue, as: field.type, into: &child, at: path.field(field.name))
            }
            if let extra = members.first(where: { member in !record.fields.contains { $0.name == member.key } }) {
                let known = record.fields.map(\.name).joined(separator: ", ")
                throw SchemaValueError(path: path.text,
                                       problem: "unknown field \(path.field(extra.key).text) (\(record.name) has \(known))")
            }
        case .array(let items):
            guard case .array(let elements) = value else { throw mismatch() }
            for (index, element) in elements.enumerated() {
                var child = avro_value_t()
                try check(cavro_append(&target, &child, nil))
                try write(element, as: items, into: &child, at: path.index(index))
            }
        case .map(let values):
            guard case .object(let members) = value else { throw mismatch() }
            for member in members {
                var child = avro_value_t()
                let rc = member.key.withCString { cavro_add(&target, $0, &child, nil, nil) }
                try check(rc)
                try write(member.value, as: values, into: &child, at: path.field(member.key))
            }
        case .union(let branches):
            try writeUnion(value, branches: branches, into: &target, at: path)
        case .reference(let name):
            throw path.error("unknown type \(name)")
        }
    }

    /// `{"branch": value}` picks the branch by name (as in Avro's JSON encoding); any other value goes into the
    /// first branch it fits.
    private func writeUnion(_ value: JSONValue, branches: [AvroType], into target: inout avro_value_t,
                            at path: FieldPath) throws(SchemaValueError) {
        if case .object(let members) = value, members.count == 1,
           let index = branches.firstIndex(where: { Self.names(resolve($0), members[0].key) }) {
            var branch = avro_value_t()
            guard cavro_set_branch(&target, Int32(index), &branch) == 0 else {
                throw path.error(AvroSchema.lastError(or: "avro-c refused the union branch"))
            }
            try write(members[0].value, as: branches[index], into: &branch, at: path)
            return
        }
        var failures: [(type: AvroType, error: SchemaValueError)] = []
        for (index, declared) in branches.enumerated() {
            var branch = avro_value_t()
            guard cavro_set_branch(&target, Int32(index), &branch) == 0 else { continue }
            do {
                try write(value, as: declared, into: &branch, at: path)
                return
            } catch {
                failures.append((resolve(declared), error))
            }
        }
        // One branch of the value's own kind (an object for the one record): its error says more than a list.
        let sameKind = failures.filter { Self.sameKind(value, $0.type) }
        if sameKind.count == 1 { throw sameKind[0].error }
        let names = branches.map { resolve($0).displayName }.joined(separator: ", ")
        throw path.error("expected one of \(names), got \(value.describedForError)")
    }

    private static func names(_ type: AvroType, _ key: String) -> Bool {
        let name = type.branchName
        if name == key { return true }
        if let dot = name.lastIndex(of: "."), name[name.index(after: dot)...] == key { return true }
        return false
    }

    private static func sameKind(_ value: JSONValue, _ type: AvroType) -> Bool {
        switch (value, type) {
        case (.object, .record), (.object, .map), (.array, .array), (.string, .enumeration), (.string, .string),
             (.string, .bytes), (.string, .fixed), (.bool, .boolean), (.null, .null),
             (.int, .int), (.int, .long), (.double, .float), (.double, .double):
            return true
        default:
            return false
        }
    }

    /// An integral JSON number (2.0 counts; 2.5 does not).
    /// An int or long: a number, or for a logical type (date, time, timestamp) its text form.
    private static func number(_ value: JSONValue, logical: AvroLogicalType?, at path: FieldPath,
                               mismatch: () -> SchemaValueError) throws(SchemaValueError) -> Int64 {
        if let logical, case .string(let text) = value {
            guard let parsed = AvroLogicalText.parse(text, as: logical) else {
                throw path.error("expected \(logical.name) (\(AvroLogicalText.form(of: logical))), got \(value.describedForError)")
            }
            return parsed
        }
        guard let integer = integer(value) else { throw mismatch() }
        return integer
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9.2e18: return Int64(d)
        default: return nil
        }
    }

    private func bytes(_ value: JSONValue, logical: AvroLogicalType?, size: Int?, type: AvroType,
                       at path: FieldPath) throws(SchemaValueError) -> [UInt8] {
        if case .decimal(let precision, let scale)? = logical {
            let text: String
            switch value {
            case .string(let s): text = s
            case .int(let i): text = String(i)
            case .double(let d): text = String(d)
            default: throw path.error("expected \(type.displayName) (a decimal string such as \"12.34\"), got \(value.describedForError)")
            }
            do { return try AvroDecimal.encode(text, precision: precision, scale: scale, size: size) } catch {
                throw path.error(error.problem)
            }
        }
        guard case .string(let text) = value else { throw path.error("expected \(type.displayName), got \(value.describedForError)") }
        guard let bytes = AvroBytesText.bytes(text) else {
            throw path.error("expected \(type.displayName) (one character U+0000…U+00FF per byte), got \(value.describedForError)")
        }
        return bytes
    }
}
