/// JSON text → JSONValue, object members in the order written, integers as `.int` when they fit in Int64
/// (a number written with a fraction or an exponent is `.double`). Schema files, registry answers, message
/// keys and values, HTTP bodies and exec output are all read with it.
public enum JSONText {
    public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        /// 1-based, in the text given.
        public var line: Int
        public var column: Int
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    public static func parse(_ text: String) throws(SyntaxError) -> JSONValue {
        var text = text
        return try text.withUTF8 { parsed($0) }.get()
    }

    /// UTF-8 bytes, read in place; bytes that are not valid UTF-8 inside a string are a syntax error.
    public static func parse(bytes: some Collection<UInt8>) throws(SyntaxError) -> JSONValue {
        if let result = bytes.withContiguousStorageIfAvailable(parsed) { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer(parsed).get()
    }

    private static func parsed(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, SyntaxError> {
        Result { () throws(SyntaxError) in
            var parser = JSONTextParser(bytes: bytes)
            // A UTF-8 byte order mark may open the text (RFC 8259 lets a reader ignore it).
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
            parser.skipSpace()
            let value = try parser.value(depth: 0)
            parser.skipSpace()
            if parser.index < bytes.count { throw parser.error("unexpected text after the JSON value") }
            return value
        }
    }
}
