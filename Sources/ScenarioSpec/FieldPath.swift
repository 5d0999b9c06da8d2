/// A path into a JSON document in the syntax templates use: a name, then `.name`, `['any key']` or `[0]`
/// (`value.items[0].id`, `headers['trace-id']`). Captures and `unique:` read with it; it is parsed when the
/// file is loaded, so a malformed path is a `validate` error, not a step that finds nothing.
public struct FieldPath: Sendable, Equatable, CustomStringConvertible {
    public enum Step: Sendable, Equatable {
        /// `.name` or `['name']`.
        case member(String)
        /// `[0]`.
        case element(Int)
    }

    /// The first name: `value` in `value.items[0]`.
    public let root: String
    public let steps: [Step]
    /// The path as written.
    public let description: String

    init(root: String, steps: [Step], text: String) {
        self.root = root
        self.steps = steps
        self.description = text
    }

    /// Parses `text`, the scalar at `location` whose content starts `contentColumnOffset` columns after it;
    /// a syntax error is a diagnostic pointing into the text. `what` names the key in the message ("capture").
    public static func parse(_ text: String, at location: SourceLocation, contentColumnOffset: Int = 0,
                             what: String) throws -> FieldPath {
        var parser = TemplateParser(text, at: location, contentColumnOffset: contentColumnOffset)
        return try parser.parseFieldPath(what: what)
    }

    /// Parses a path that does not come from a file (tests, the engine's own paths).
    public init?(_ text: String) {
        guard let path = try? Self.parse(text, at: SourceLocation(file: "", line: 0, column: 0), what: "path") else { return nil }
        self = path
    }

    /// The value at this path in `document`, of which `root` is a member; nil when a part is missing.
    public func value(in document: JSONValue) -> JSONValue? {
        document[root].flatMap(value(below:))
    }

    /// The value the steps lead to from `start`, the root's value; nil when a part is missing.
    public func value(below start: JSONValue) -> JSONValue? {
        var current = start
        for step in steps {
            switch step {
            case .member(let name):
                guard let next = current[name] else { return nil }
                current = next
            case .element(let index):
                guard case .array(let items) = current, items.indices.contains(index) else { return nil }
                current = items[index]
            }
        }
        return current
    }
}
