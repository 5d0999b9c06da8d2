/// Avro bytes and fixed in JSON, as Avro's own JSON encoding writes them: one character per byte, U+0000…U+00FF
/// (so ASCII reads as itself: the bytes of "hi" are the string "hi"; byte 0xFF is "\u00ff").
enum AvroBytesText {
    static func bytes(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard scalar.value <= 0xFF else { return nil }
            out.append(UInt8(scalar.value))
        }
        return out
    }

    static func text(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }
}
