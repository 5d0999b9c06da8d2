/// A schema document that cannot be used: the parser's own words (avro-c's `avro_strerror`, or the JSON reader's).
/// The caller places it at the `schemas:` entry that names the file.
public struct SchemaParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// Set when a .proto file does not have the `message:` asked for.
    public var unknownMessage: String?
    public var messages: [String] = []
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A value that does not fit its schema, with the path of the field that does not fit
/// (`reward.amount`, `items[2]`, `attributes.color`; empty for the value itself).
public struct SchemaValueError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    /// Without the path: `expected int, got string "x"`.
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// `reward.amount: expected int, got string "x"`; a missing field is named whole: `missing field reward.user_id`.
    public var description: String { path.isEmpty ? problem : "\(path): \(problem)" }
}

/// Bytes that are not a value of the schema (truncated, trailing bytes, an out-of-range union branch, ...).
public struct SchemaDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension SchemaParseError {
    /// An unknown `message:` of a .proto file, with the messages it has (for a "did you mean").
    public init(_ message: String, unknownMessage: String, messages: [String]) {
        self.init(message)
        self.unknownMessage = unknownMessage
        self.messages = messages
    }
}
