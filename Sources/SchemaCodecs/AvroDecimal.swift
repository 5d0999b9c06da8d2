/// Avro's decimal: the unscaled value as a big-endian two's-complement integer (bytes, or fixed of its size),
/// written and read in JSON as a decimal string with exactly `scale` fraction digits ("12.30" at scale 2).
/// Any precision: the arithmetic is on byte arrays, not on a machine integer.
enum AvroDecimal {
    struct Problem: Error { let problem: String }

    static func encode(_ text: String, precision: Int, scale: Int, size: Int?) throws(Problem) -> [UInt8] {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0], fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty || !fraction.isEmpty, (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw Problem(problem: "expected a decimal string such as \"12.34\", got \(text)")
        }
        guard fraction.count <= scale else {
            throw Problem(problem: "\(text) has \(fraction.count) fraction digits; the schema's scale is \(scale)")
        }
        let digits = (whole + fraction + String(repeating: "0", count: scale - fraction.count)).drop { $0 == "0" }
        guard digits.count <= precision else {
            throw Problem(problem: "\(text) has more than \(precision) significant digits (the schema's precision)")
        }
        // Magnitude, big-endian base 256.
        var magnitude: [UInt8] = []
        for digit in digits {
            var carry = Int(digit.asciiValue! - 48)
            for i in stride(from: magnitude.count - 1, through: 0, by: -1) {
                let v = Int(magnitude[i]) * 10 + carry
                magnitude[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
            while carry > 0 { magnitude.insert(UInt8(carry & 0xFF), at: 0); carry >>= 8 }
        }
        // Room for the sign bit.
        if magnitude.isEmpty || magnitude[0] & 0x80 != 0 { magnitude.insert(0, at: 0) }
        var bytes = negative ? negate(magnitude) : magnitude
        // Shortest two's-complement form.
        while bytes.count > 1, (bytes[0] == 0 && bytes[1] & 0x80 == 0) || (bytes[0] == 0xFF && bytes[1] & 0x80 != 0) {
            bytes.removeFirst()
        }
        if let size {
            guard bytes.count <= size else { throw Problem(problem: "\(text) does not fit in \(size) bytes") }
            let fill: UInt8 = bytes[0] & 0x80 != 0 ? 0xFF : 0
            bytes.insert(contentsOf: [UInt8](repeating: fill, count: size - bytes.count), at: 0)
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8], scale: Int) -> String {
        guard !bytes.isEmpty else { return scale > 0 ? "0." + String(repeating: "0", count: scale) : "0" }
        let negative = bytes[0] & 0x80 != 0
        var magnitude = negative ? negate(bytes) : bytes
        var digits: [Character] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder = 0
            for i in magnitude.indices {
                let v = remainder << 8 | Int(magnitude[i])
                magnitude[i] = UInt8(v / 10)
                remainder = v % 10
            }
            digits.append(Character(String(remainder)))
        }
        var text = String(digits.reversed())
        if text.count <= scale { text = String(repeating: "0", count: scale - text.count + 1) + text }
        if scale > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -scale)) }
        return negative ? "-" + text : text
    }

    /// Two's-complement negation of a big-endian number.
    private static func negate(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes.map { ~$0 }
        for i in stride(from: out.count - 1, through: 0, by: -1) {
            let (sum, overflow) = out[i].addingReportingOverflow(1)
            out[i] = sum
            if !overflow { break }
        }
        return out
    }
}
