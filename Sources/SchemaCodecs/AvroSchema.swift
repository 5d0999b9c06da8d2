import Synchronization
import CAvro
import Foundation
import JSONValues

/// A parsed Avro schema (`.avsc` text or a registry's answer): encodes JSONValues to Avro binary and decodes
/// Avro binary back, through avro-c's value API.
public final class AvroSchema: @unchecked Sendable {
    // @unchecked: `schema` and `valueClass` are created in init and only read afterwards (avro-c's generic value
    // class is immutable and its reference counts are atomic); every encode and decode makes its own value.
    private let schema: avro_schema_t
    private let valueClass: UnsafeMutablePointer<avro_value_iface_t>
    let root: AvroType
    let named: [String: AvroType]

    /// The schema text as given (what is registered).
    public let text: String
    /// The parsed schema as compact JSON, members in the order written: equal for texts that differ only in
    /// white space (what local ids are keyed by).
    public let normalizedJSON: String

    public init(text: String) throws(SchemaParseError) {
        let json: JSONValue
        do { json = try JSONText.parse(text) } catch { throw SchemaParseError("not JSON: \(error)") }
        let bytes = Array(text.utf8)
        let (parsedSchema, failure) = Self.errorText.withLock { _ -> (avro_schema_t?, String?) in
            var parsed: avro_schema_t?
            let rc = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    avro_schema_from_json_length(chars.baseAddress, chars.count, &parsed)
                }
            }
            return rc == 0 && parsed != nil ? (parsed, nil) : (nil, Self.lastError(or: "avro-c could not parse the schema"))
        }
        guard let parsed = parsedSchema else { throw SchemaParseError(failure ?? "avro-c could not parse the schema") }
        var reader = AvroTypeReader()
        let root: AvroType
        do { root = try reader.read(json, namespace: nil) } catch {
            avro_schema_decref(parsed)
            throw error
        }
        guard let valueClass = avro_generic_class_from_schema(parsed) else {
            avro_schema_decref(parsed)
            throw SchemaParseError(Self.lastError(or: "avro-c could not make a value class for the schema"))
        }
        self.schema = parsed
        self.valueClass = valueClass
        self.root = root
        self.named = reader.named
        self.text = text
        self.normalizedJSON = json.compactJSON
    }

    deinit {
        cavro_iface_decref(valueClass)
        avro_schema_decref(schema)
    }

    /// The value in Avro binary. Throws `SchemaValueError` naming the field that does not fit.
    public func encode(_ value: JSONValue) throws(SchemaValueError) -> [UInt8] {
        try withValue { (avroValue: inout avro_value_t) throws(SchemaValueError) -> [UInt8] in
            let writer = AvroValueWriter(named: named)
            try writer.write(value, as: root, into: &avroValue, at: FieldPath())
            var size = 0
            guard avro_value_sizeof(&avroValue, &size) == 0 else {
                throw SchemaValueError(path: "", problem: Self.lastError(or: "avro-c could not size the value"))
            }
            var out = [UInt8](repeating: 0, count: size)
            let rc = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    guard let writer = avro_writer_memory(chars.baseAddress, Int64(size)) else { return -1 }
                    defer { avro_writer_free(writer) }
                    return avro_value_write(writer, &avroValue)
                }
            }
            guard rc == 0 else { throw SchemaValueError(path: "", problem: Self.lastError(or: "avro-c could not write the value")) }
            return out
        }
    }

    /// Whether the value fits, without keeping the bytes.
    public func check(_ value: JSONValue) -> SchemaValueError? {
        do { _ = try encode(value); return nil } catch { return error }
    }

    /// Avro binary → JSON: union branches unwrapped, bytes and logical types as docs/schemas.md says.
    public func decode(_ bytes: [UInt8]) throws(SchemaDecodeError) -> JSONValue {
        do {
            return try withValue { (avroValue: inout avro_value_t) throws(SchemaValueError) -> JSONValue in
                // avro-c's memory reader wants a buffer even for an empty value (a record of no fields).
                let source = bytes.isEmpty ? [0] : bytes
                let (rc, failure) = Self.errorText.withLock { _ -> (Int32, String) in
                    let rc = source.withUnsafeBufferPointer { buffer -> Int32 in
                        buffer.withMemoryRebound(to: CChar.self) { chars in
                            guard let reader = avro_reader_memory(chars.baseAddress, Int64(bytes.count)) else { return -1 }
                            defer { avro_reader_free(reader) }
                            let read = avro_value_read(reader, &avroValue)
                            if read != 0 { return read }
                            // avro_reader_is_eof answers only for file readers: a byte left to read means trailing bytes.
                            var extra: UInt8 = 0
                            return avro_read(reader, &extra, 1) == 0 ? -2 : 0
                        }
                    }
                    return (rc, rc == 0 || rc == -2 ? "" : Self.lastError(or: "avro-c could not read it"))
                }
                if rc == -2 { throw SchemaValueError(path: "", problem: "trailing bytes after the Avro value") }
                guard rc == 0 else { throw SchemaValueError(path: "", problem: "not a value of this schema: " + failure) }
                let reader = AvroValueReader(named: named)
                return try reader.read(avroValue, as: root, at: FieldPath())
            }
        } catch {
            throw SchemaDecodeError(error.description)
        }
    }

    private func withValue<T>(_ body: (inout avro_value_t) throws(SchemaValueError) -> T) throws(SchemaValueError) -> T {
        var value = avro_value_t()
        guard avro_generic_value_new(valueClass, &value) == 0 else {
            throw SchemaValueError(path: "", problem: Self.lastError(or: "avro-c could not allocate a value"))
        }
        defer { avro_value_decref(&value) }
        return try body(&value)
    }

    /// avro-c keeps its last error text in one process-wide buffer (not thread-local in Debian's build): the calls
    /// whose failure text is shown (parsing, reading) run under this lock with the read of `avro_strerror`.
    static let errorText = Mutex<Void>(())

    static func lastError(or fallback: String) -> String {
        guard let text = avro_strerror() else { return fallback }
        let message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? fallback : message
    }
}
