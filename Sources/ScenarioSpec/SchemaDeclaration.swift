/// An entry of the suite's `schemas:` (docs/schemas.md): a name steps refer to and where the schema comes from.
public struct SchemaDeclaration: Sendable {
    public enum Source: Sendable {
        /// An `.avsc` file, resolved relative to the scenario file.
        case avro(path: String)
        /// A JSON Schema document, resolved relative to the scenario file.
        case jsonSchema(path: String)
        /// The latest version of a registry subject; templates allowed.
        case subject(ValueTemplate)
    }

    public var name: String
    public var source: Source
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
