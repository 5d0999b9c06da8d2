/// Finds the first byte that breaks UTF-8 (its offset from the start), to point at it before libyaml
/// gives a vaguer error; JSONText uses it for strings that are not ASCII.
package enum UTF8Check {
    package static func firstInvalidByte<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Int? where Bytes.Index == Int {
        var i = bytes.startIndex
        let n = bytes.endIndex
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let width: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: width = 2
            case 0xE0: width = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: width = 3
            case 0xED: width = 3; upper = 0x9F
            case 0xF0: width = 4; lower = 0x90
            case 0xF1...0xF3: width = 4
            case 0xF4: width = 4; upper = 0x8F
            default: return i - bytes.startIndex
            }
            guard i + width <= n else { return i - bytes.startIndex }
            if bytes[i + 1] < lower || bytes[i + 1] > upper { return i - bytes.startIndex }
            for k in 2..<max(2, width) where bytes[i + k] & 0xC0 != 0x80 { return i - bytes.startIndex }
            i += width
        }
        return nil
    }

    /// Line and column (in characters) of a byte offset, from 1; only the bytes before it need be valid.
    package static func lineAndColumn<Bytes: Sequence<UInt8>>(ofByte offset: Int, in bytes: Bytes) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for b in bytes.prefix(offset) {
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
