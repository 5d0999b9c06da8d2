/// Confluent's wire format: magic byte 0, the schema id as 4 bytes big-endian, then the Avro binary or JSON text.
public enum WireFormat {
    public struct Frame: Equatable, Sendable {
        public var schemaID: Int32
        public var payload: [UInt8]
        public init(schemaID: Int32, payload: [UInt8]) {
            self.schemaID = schemaID
            self.payload = payload
        }
    }

    public struct TruncatedFrame: Error, Equatable, Sendable, CustomStringConvertible {
        public var length: Int
        public var description: String {
            "the value starts with the schema-registry magic byte 0 but is \(length) byte\(length == 1 ? "" : "s") long, shorter than its 5-byte header"
        }
    }

    public static func frame(schemaID: Int32, payload: [UInt8]) -> [UInt8] {
        let id = UInt32(bitPattern: schemaID)
        var out: [UInt8] = [0, UInt8(id >> 24), UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF)]
        out.append(contentsOf: payload)
        return out
    }

    /// nil when the bytes are not framed (empty, or not starting with magic byte 0).
    public static func unframe(_ bytes: [UInt8]) throws(TruncatedFrame) -> Frame? {
        guard let first = bytes.first, first == 0 else { return nil }
        guard bytes.count >= 5 else { throw TruncatedFrame(length: bytes.count) }
        let id = UInt32(bytes[1]) << 24 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 8 | UInt32(bytes[4])
        return Frame(schemaID: Int32(bitPattern: id), payload: Array(bytes[5...]))
    }
}
