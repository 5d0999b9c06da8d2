/// The YAML document as a tree where every node knows where it came from.
public struct Node: Sendable {
    public enum Kind: Sendable {
        /// `quoted` is true for single/double-quoted and block scalars: those are always strings.
        case scalar(String, quoted: Bool)
        case mapping([(key: Node, value: Node)])
        case sequence([Node])
    }
    public var kind: Kind
    public var location: SourceLocation
    /// Columns the node spans on its first line (for caret underlines); 1 when unknown or multi-line.
    public var length: Int = 1
    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}
