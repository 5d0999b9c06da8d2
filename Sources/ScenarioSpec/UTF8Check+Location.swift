@_exported import JSONValues

extension UTF8Check {
    /// The source location of a byte offset in a file's bytes; only the bytes before it need be valid.
    static func location<Bytes: Sequence<UInt8>>(ofByte offset: Int, in bytes: Bytes, file: String) -> SourceLocation {
        let at = lineAndColumn(ofByte: offset, in: bytes)
        return SourceLocation(file: file, line: at.line, column: at.column)
    }
}
