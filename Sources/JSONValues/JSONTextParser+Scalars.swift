/// Strings: one without escapes is one slice of the input.
extension JSONTextParser {
    mutating func string() throws(SyntaxError) -> String {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                guard ascii || UTF8Check.firstInvalidByte(slice) == nil else { throw error("invalid UTF-8 in a string") }
                index += 1
                return String(decoding: slice, as: UTF8.self)
            case UInt8(ascii: "\\"):
                return try escapedString(from: start, ascii: ascii)
            case ..<0x20:
                index += 1
                throw error("a control character inside a string")
            default:
                if byte >= 0x80 { ascii = false }
                index += 1
            }
        }
        throw error("the string is not closed")
    }

    /// The rest of a string from its first escape on, `start` being just after the opening quote.
    private mutating func escapedString(from start: Int, ascii: Bool) throws(SyntaxError) -> String {
        var ascii = ascii
        var out: [UInt8] = []
        out.reserveCapacity(index - start + 16)
        out.append(contentsOf: bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard ascii || UTF8Check.firstInvalidByte(out) == nil else { throw error("invalid UTF-8 in a string") }
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw error("the string is not closed") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): UTF8.encode(try unicodeEscape()) { out.append($0) }
                default: throw error("invalid escape")
                }
            default:
                if byte < 0x20 { throw error("a control character inside a string") }
                if byte >= 0x80 { ascii = false }
                out.append(byte)
            }
        }
        throw error("the string is not closed")
    }

    /// After `\u`: one scalar, or a surrogate pair written as two escapes.
    private mutating func unicodeEscape() throws(SyntaxError) -> Unicode.Scalar {
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar), bytes.count - index >= 6,
           bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
        return unicode
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("invalid \\u escape") }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }
}
