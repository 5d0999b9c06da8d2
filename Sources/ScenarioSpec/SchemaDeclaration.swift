/// An entry of the suite's `schemas:` (docs/schemas.md): a name steps refer to and where the schema comes from.
public struct SchemaDeclaration: Sendable {
    public enum Source: Sendable {
        /// An `.avsc` file, resolved relative to the scenario file.
        case avro(path: String)
        /// A JSON Schema document, resolved relative to the scenario file.
        case jsonSchema(path: String)
        /// A `.proto` file (imports resolved beside it) and the message values are written as (nil: its first).
        case protobuf(path: String, message: String?)
        /// The latest version of a registry subject; templates allowed.
        case subject(ValueTemplate)
    }

    /// How a file schema's subject is named (Confluent's subject name strategies).
    public enum SubjectStrategy: String, Sendable, CaseIterable {
        /// `<topic>-value` / `<topic>-key`
        case topic
        /// The record's full name (the Avro record, the Protobuf message, the JSON Schema's `title`).
        case record
        /// `<topic>-<record full name>`
        case topicRecord = "topic_record"
    }

    public var name: String
    public var source: Source
    public var subjectStrategy: SubjectStrategy = .topic
    /// Where `message:` is written (a `.proto` without that message is an error there).
    public var messageLocation: SourceLocation?
    public var messageLength: Int = 1
    /// Where the source is written: the file name (`avro: schemas/spin.avsc`) or the subject.
    public var location: SourceLocation
    /// Columns the source spans there, for the caret under a schema file that does not parse.
    public var length: Int = 1

    public init(name: String, source: Source, location: SourceLocation) {
        self.name = name
        self.source = source
        self.location = location
    }
}

/// A step's reference to a declared schema (`value_schema: spin`), with where it was written.
public struct SchemaReference: Sendable {
    public var name: String
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}
