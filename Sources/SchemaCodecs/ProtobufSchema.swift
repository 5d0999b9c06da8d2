import CProtobuf
import Foundation
import JSONValues

/// A parsed `.proto` file with its imports (libprotobuf's importer), and the message values are written as.
/// The payload after Confluent's 5-byte header is the message-index array, then the message
/// (`ProtobufMessageIndexes`); values are JSON with the `.proto` field names (`ProtobufJSON`).
public final class ProtobufSchema: @unchecked Sendable {
    // @unchecked: the pool is built in init and only read afterwards (libprotobuf descriptors and the dynamic
    // message factory are safe to read from several threads); every encode and decode makes its own message.
    let pool: OpaquePointer
    /// The message values are encoded as (the one `message:` names; else the file's first).
    let descriptor: cpb_descriptor
    public let messageName: String
    /// Its Confluent message-index path (`[0]`: the first top-level message).
    public let messageIndexes: [Int64]
    /// The root file's text as given (what is registered).
    public let text: String
    /// The root's name among the files (its path relative to its folder, or the registry's reference name).
    public let rootName: String
    /// The imports the root needs (not the well-known types), dependencies first: what is registered first.
    public let imports: [ProtoFile]
    /// The files the root imports itself (what its registration references).
    public let directImports: [String]
    /// Every message of the root file, for a "did you mean".
    public let messageNames: [String]
    /// Registry references of a registered schema (name, subject, version), as fetched.
    public var references: [SchemaReferenceEntry] = []

    public struct ProtoFile: Sendable, Equatable {
        public var name: String
        public var text: String
        public var imports: [String]
    }

    /// A file on disk: imports are resolved beside it (relative to its folder).
    public convenience init(file path: String, message: String?) throws(SchemaParseError) {
        // Kept as written (relative stays relative), so that errors name the file as the scenario does.
        let folder = (path as NSString).deletingLastPathComponent
        try self.init(root: (path as NSString).lastPathComponent, directory: folder.isEmpty ? "." : folder, files: [], message: message)
    }

    /// A registry's schema text with the texts of its references (name as imported → text).
    public convenience init(text: String, references: [(name: String, text: String)], message: String? = nil) throws(SchemaParseError) {
        let root = Self.rootName(avoiding: references.map(\.name))
        try self.init(root: root, directory: nil, files: [(root, text)] + references, message: message)
    }

    /// An imported file registered on its own (under its import path), which may declare no message.
    convenience init(text: String, references: [(name: String, text: String)], importsOnly: Bool) throws(SchemaParseError) {
        let root = references.first { $0.text == text }?.name ?? Self.rootName(avoiding: references.map(\.name))
        try self.init(root: root, directory: nil, files: references.filter { $0.name != root } + [(root, text)],
                      message: nil, needsMessage: !importsOnly)
    }

    init(root: String, directory: String?, files: [(name: String, text: String)], message: String?,
         needsMessage: Bool = true) throws(SchemaParseError) {
        var failure: UnsafeMutablePointer<CChar>?
        let opened: OpaquePointer? = Self.withCStrings(files.map(\.name)) { names in
            Self.withCStrings(files.map(\.text)) { texts in
                cpb_pool_open(root, directory, names, texts, files.count, &failure)
            }
        }
        guard let pool = opened else {
            let message = failure.map { String(cString: $0) } ?? "the .proto file cannot be parsed"
            cpb_free(failure)
            throw SchemaParseError(message)
        }
        var names: [String] = []
        for index in 0..<cpb_root_message_count(pool) {
            names.append(String(cString: cpb_message_full_name(cpb_root_message(pool, index))))
        }
        let chosen: cpb_descriptor?
        if let message {
            chosen = cpb_find_message(pool, message) ?? cpb_find_message(pool, message.hasPrefix(".") ? String(message.dropFirst()) : message)
        } else {
            chosen = cpb_root_message_count(pool) > 0 ? cpb_root_message(pool, 0) : nil
        }
        guard let chosen = chosen ?? (needsMessage ? nil : Self.noMessage) else {
            cpb_pool_free(pool)
            if let message {
                throw SchemaParseError("message \(message) is not in \(root) (it has \(names.isEmpty ? "no messages" : names.joined(separator: ", ")))",
                                       unknownMessage: message, messages: names)
            }
            throw SchemaParseError("\(root) declares no message")
        }
        var files: [ProtoFile] = []
        var rootText = ""
        var direct: [String] = []
        for index in 0..<cpb_file_count(pool) {
            let name = String(cString: cpb_file_name(pool, index))
            let text = String(cString: cpb_file_text(pool, index))
            var imports: [String] = []
            for dependency in 0..<cpb_file_dependency_count(pool, index) {
                let imported = String(cString: cpb_file_dependency(pool, index, dependency))
                if cpb_is_well_known_file(imported) == 0 { imports.append(imported) }
            }
            if name == root { rootText = text; direct = imports } else { files.append(ProtoFile(name: name, text: text, imports: imports)) }
        }
        self.pool = pool
        self.descriptor = chosen
        self.messageName = chosen == Self.noMessage ? "" : String(cString: cpb_message_full_name(chosen))
        self.messageIndexes = chosen == Self.noMessage ? [] : Self.indexPath(pool, chosen)
        self.directImports = direct
        self.text = rootText
        self.rootName = root
        self.imports = files
        self.messageNames = names
    }

    deinit { cpb_pool_free(pool) }

    /// Stands for the message of an imported file that declares none (never encoded with).
    private static var noMessage: UnsafeRawPointer { UnsafeRawPointer(bitPattern: 1)! }

    /// What local ids and registration caches are keyed by: the file, its imports and the message.
    public var normalizedJSON: String {
        let parts = [text, messageName] + imports.flatMap { [$0.name, $0.text] }
        return JSONValue.array(parts.map { .string($0) }).compactJSON
    }

    /// The message-index array, then the message.
    public func encode(_ value: JSONValue) throws(SchemaValueError) -> [UInt8] {
        let bytes = try ProtobufJSON(pool: pool).encode(value, as: descriptor)
        return ProtobufMessageIndexes.encode(messageIndexes) + bytes
    }

    public func decode(_ payload: [UInt8]) throws(SchemaDecodeError) -> JSONValue {
        try decodeNamingMessage(payload).value
    }

    /// The value and the full name of the message the frame's indexes name.
    public func decodeNamingMessage(_ payload: [UInt8]) throws(SchemaDecodeError) -> (value: JSONValue, message: String) {
        let (indexes, offset) = try ProtobufMessageIndexes.decode(payload)
        let message: cpb_descriptor? = indexes.withUnsafeBufferPointer { cpb_message_at(pool, $0.baseAddress, $0.count) }
        guard let message else {
            throw SchemaDecodeError("message index \(indexes) names no message of \(rootName) (it has \(messageNames.joined(separator: ", ")))")
        }
        return (try ProtobufJSON(pool: pool).decode(Array(payload[offset...]), as: message), String(cString: cpb_message_full_name(message)))
    }

    public func check(_ value: JSONValue) -> SchemaValueError? {
        do { _ = try encode(value) } catch { return error }
        return nil
    }

    private static func indexPath(_ pool: OpaquePointer, _ message: cpb_descriptor) -> [Int64] {
        var path = [Int64](repeating: 0, count: 32)
        let count = path.withUnsafeMutableBufferPointer { cpb_message_index_path(pool, message, $0.baseAddress, $0.count) }
        return Array(path.prefix(count))
    }

    private static func rootName(avoiding names: [String]) -> String {
        var candidate = "schema.proto"
        var n = 1
        while names.contains(candidate) { n += 1; candidate = "schema\(n).proto" }
        return candidate
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { strdup($0).map { UnsafePointer($0) } }
        defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress ?? UnsafePointer(bitPattern: 8)!) }
    }
}

/// A registry reference: the name the schema imports (`common.proto`), and the subject and version that hold it.
public struct SchemaReferenceEntry: Sendable, Equatable {
    public var name: String
    public var subject: String
    public var version: Int

    public init(name: String, subject: String, version: Int) {
        self.name = name
        self.subject = subject
        self.version = version
    }

    var json: JSONValue {
        .object([JSONMember("name", .string(name)), JSONMember("subject", .string(subject)), JSONMember("version", .int(Int64(version)))])
    }
}

/// Confluent's message-index array: its length, then each index, as zigzag varints; `[0]` is the single byte 0.
public enum ProtobufMessageIndexes {
    public static func encode(_ indexes: [Int64]) -> [UInt8] {
        if indexes == [0] { return [0] }
        var out: [UInt8] = []
        varint(zigzag(Int64(indexes.count)), into: &out)
        for index in indexes { varint(zigzag(index), into: &out) }
        return out
    }

    /// The indexes and where the message starts.
    public static func decode(_ bytes: [UInt8]) throws(SchemaDecodeError) -> ([Int64], Int) {
        var offset = 0
        let count = try read(bytes, &offset)
        if count == 0 { return ([0], offset) }
        guard count > 0, count <= 64 else { throw SchemaDecodeError("the message-index array has \(count) entries") }
        var indexes: [Int64] = []
        for _ in 0..<count { indexes.append(try read(bytes, &offset)) }
        return (indexes, offset)
    }

    private static func zigzag(_ n: Int64) -> UInt64 { UInt64(bitPattern: (n << 1) ^ (n >> 63)) }

    private static func varint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func read(_ bytes: [UInt8], _ offset: inout Int) throws(SchemaDecodeError) -> Int64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else {
                throw SchemaDecodeError("the message-index array before the Protobuf message is cut short")
            }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }
}
