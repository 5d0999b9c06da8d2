import KafkaClient

/// What tells a load message apart: `<token>-<sequence>`. The token is unique per step run, so a
/// reader on a shared topic tells this run's messages from anything else on it. It is the start of
/// a generated payload of at least `maxLength` bytes (the message is then exactly the size asked
/// for, with no key), otherwise the message's key.
struct LoadStamp {
    let token: [UInt8]
    /// The first sequence number of this run's key space: a shard's share starts past the shards
    /// before it. Callers count from 0; the stamp carries `firstSequence` more.
    let firstSequence: Int

    init(token: String, firstSequence: Int = 0) {
        self.token = Array(token.utf8)
        self.firstSequence = firstSequence
    }

    static func randomToken() -> String {
        String((0..<tokenLength).map { _ in "0123456789abcdefghijklmnopqrstuvwxyz".randomElement()! })
    }

    static let tokenLength = 10

    /// Room for any stamp: the token, the dash and up to 19 digits.
    static let maxLength = tokenLength + 20

    /// Whether a generated payload of `size` bytes carries the stamp (else the key does).
    static func fitsInPayload(size: Int) -> Bool { size >= maxLength }

    func stamp(_ sequence: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.maxLength) { buffer, count in
            count = write(sequence, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Writes the stamp of `sequence` (≥ 0) at the start of `buffer` (at least `maxLength` bytes);
    /// returns its length.
    func write(_ local: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let sequence = local + firstSequence
        var digits = 1
        var rest = sequence / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let length = token.count + 1 + digits
        precondition(buffer.count >= length, "load stamp buffer too small")
        for i in 0..<token.count { buffer[i] = token[i] }
        buffer[token.count] = UInt8(ascii: "-")
        var value = sequence
        for i in stride(from: length - 1, to: token.count, by: -1) {
            buffer[i] = UInt8(48 + value % 10)
            value /= 10
        }
        return length
    }

    /// The sequence number of a key that is exactly this token's stamp, or nil.
    func sequence(in key: UnsafeRawBufferPointer) -> Int? {
        guard let (sequence, end) = leadingSequence(key), end == key.count else { return nil }
        return sequence
    }

    /// The sequence number of a payload that starts with this token's stamp (followed by a
    /// non-digit or nothing), or nil.
    func sequence(atStartOf payload: UnsafeRawBufferPointer) -> Int? { leadingSequence(payload)?.sequence }

    /// The message's sequence number: from its key, else from the start of its payload.
    func sequence(of message: BorrowedMessage) -> Int? {
        if let key = message.key { return sequence(in: key) }
        return message.value.flatMap { sequence(atStartOf: $0) }
    }

    func sequence(in key: [UInt8]?) -> Int? {
        guard let key else { return nil }
        return key.withUnsafeBytes { sequence(in: $0) }
    }

    private func leadingSequence(_ bytes: UnsafeRawBufferPointer) -> (sequence: Int, end: Int)? {
        let prefix = token.count + 1
        guard bytes.count > prefix, bytes[token.count] == UInt8(ascii: "-") else { return nil }
        for i in 0..<token.count where bytes[i] != token[i] { return nil }
        var value = 0
        var end = prefix
        while end < bytes.count, end < prefix + 18 {
            let digit = Int(bytes[end]) - 48
            guard digit >= 0, digit <= 9 else { break }
            value = value * 10 + digit
            end += 1
        }
        guard end > prefix, end == bytes.count || !(48...57).contains(bytes[end]) else { return nil }
        return (value - firstSequence, end)
    }
}
