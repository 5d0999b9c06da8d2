/// A position in a scenario file; lines and columns start at 1.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    /// `file:line:column`; just `file` for a problem with the whole file (line 0: missing, unreadable).
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}
