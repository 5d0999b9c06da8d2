/// Numbers, by the JSON grammar: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
extension JSONTextParser {
    mutating func number() throws(SyntaxError) -> JSONValue {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let digitsStart = index
        var integer: Int64 = 0
        var fits = true
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            if fits {
                let (shifted, overflowA) = integer.multipliedReportingOverflow(by: 10)
                let (next, overflowB) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
                if overflowA || overflowB { fits = false } else { integer = next }
            }
            index += 1
        }
        let digits = index - digitsStart
        var valid = digits == 1 || (digits > 1 && bytes[digitsStart] != UInt8(ascii: "0"))
        var integral = true
        if valid, index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            valid = skipDigits() > 0
        }
        if valid, index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            valid = skipDigits() > 0
        }
        // A number running on into more of the number characters ("1.2.3", "1-2") is named whole.
        if valid, index < bytes.count, Self.isNumberCharacter(bytes[index]) { valid = false }
        if valid, integral, fits { return .int(integer) }
        let text = valid ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) : run(from: start)
        guard valid, let double = Double(text), double.isFinite else { index = start; throw error("invalid number \(text)") }
        return .double(double)
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, Self.digit(bytes[index]) != nil { index += 1 }
        return index - start
    }

    /// The text shown for an invalid number: every number character from `start`.
    private func run(from start: Int) -> String {
        var end = start + 1
        while end < bytes.count, Self.isNumberCharacter(bytes[end]) { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private static func digit(_ byte: UInt8) -> Int64? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int64(byte - UInt8(ascii: "0")) : nil
    }

    private static func isNumberCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
             UInt8(ascii: "+"), UInt8(ascii: "-"): return true
        default: return false
        }
    }
}
