import ScenarioSpec

/// Hand-built YAML nodes for template and matcher tests (no YAML reader needed).
enum TestNodes {
    static let file = "t.yaml"

    /// An unquoted scalar, resolved by YAML core rules.
    static func plain(_ text: String, line: Int = 1, column: Int = 1) -> Node {
        Node(.scalar(text, quoted: false), at: SourceLocation(file: file, line: line, column: column))
    }

    /// A quoted scalar: always a string; its location is the opening quote.
    static func quoted(_ text: String, line: Int = 1, column: Int = 1) -> Node {
        Node(.scalar(text, quoted: true), at: SourceLocation(file: file, line: line, column: column))
    }

    static func map(_ pairs: KeyValuePairs<String, Node>, line: Int = 1) -> Node {
        Node(.mapping(pairs.enumerated().map { index, pair in
            (key: plain(pair.key, line: line + index, column: 3), value: pair.value)
        }), at: SourceLocation(file: file, line: line, column: 1))
    }

    static func seq(_ items: [Node]) -> Node {
        Node(.sequence(items), at: SourceLocation(file: file, line: 1, column: 1))
    }
}
