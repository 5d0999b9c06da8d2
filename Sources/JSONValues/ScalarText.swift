/// Text compared by Unicode scalars, never by canonical equivalence (Swift's `String ==` calls the
/// decomposed "한" equal to the precomposed one; a Kafka key, value or header never does).
/// UTF-8 orders and compares exactly as the scalars do, so the bytes are compared.
public enum ScalarText {
    public static func equal(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    /// Lexicographic order of the scalars.
    public static func less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// True when `part` occurs in `text` as a run of scalars (UTF-8 is self-synchronising, so a byte match
    /// starts and ends on scalar boundaries).
    public static func contains(_ text: String, _ part: String) -> Bool {
        let haystack = Array(text.utf8), needle = Array(part.utf8)
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// The number of Unicode scalars (as JSON Schema counts a string's length).
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// A hashable form that keeps distinct scalar sequences distinct (a `String` key would not).
    public static func key(_ text: String) -> [UInt8] { Array(text.utf8) }
}
