/// Which load messages came back: one bit per sequence number, so memory is N/8 bytes whatever
/// the payload size. Messages of other runs (another token) or out of range are ignored.
struct LoadTally {
    enum Outcome: Equatable { case first, duplicate, foreign }

    let total: Int
    private var bits: [UInt64]
    private(set) var received = 0
    private(set) var duplicates = 0
    private(set) var foreign = 0

    init(total: Int) {
        self.total = total
        bits = Array(repeating: 0, count: (total + 63) / 64)
    }

    @discardableResult
    mutating func record(_ sequence: Int?) -> Outcome {
        guard let sequence, sequence >= 0, sequence < total else {
            foreign += 1
            return .foreign
        }
        let (word, bit) = (sequence >> 6, UInt64(1) << UInt64(sequence & 63))
        if bits[word] & bit != 0 {
            duplicates += 1
            return .duplicate
        }
        bits[word] |= bit
        received += 1
        return .first
    }

    func contains(_ sequence: Int) -> Bool {
        sequence >= 0 && sequence < total && bits[sequence >> 6] & (UInt64(1) << UInt64(sequence & 63)) != 0
    }

    var lost: Int { total - received }

    /// The first few sequence numbers never seen, to name them in a failure.
    func missing(limit: Int) -> [Int] {
        var result: [Int] = []
        var sequence = 0
        while sequence < total, result.count < limit {
            if bits[sequence >> 6] == UInt64.max { sequence = (sequence >> 6 + 1) << 6; continue }
            if !contains(sequence) { result.append(sequence) }
            sequence += 1
        }
        return result
    }
}

/// The key every load message carries: `<token>-<sequence>`. The token is unique per step run,
/// so a reader on a shared topic tells this run's messages from anything else on it.
struct LoadKey {
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    static func randomToken() -> String {
        String((0..<10).map { _ in "0123456789abcdefghijklmnopqrstuvwxyz".randomElement()! })
    }

    func key(_ sequence: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: maxLength) { buffer, count in
            count = write(sequence, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Room for any of this token's keys: the token, the dash and up to 19 digits.
    var maxLength: Int { token.count + 20 }

    /// Writes the key of `sequence` (≥ 0) at the start of `buffer` (at least `maxLength` bytes);
    /// returns its length.
    func write(_ sequence: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var digits = 1
        var rest = sequence / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let length = token.count + 1 + digits
        precondition(buffer.count >= length, "load key buffer too small")
        for i in 0..<token.count { buffer[i] = token[i] }
        buffer[token.count] = UInt8(ascii: "-")
        var value = sequence
        for i in stride(from: length - 1, to: token.count, by: -1) {
            buffer[i] = UInt8(48 + value % 10)
            value /= 10
        }
        return length
    }

    /// The sequence number in `key`, or nil when the key is not one of this token's.
    func sequence(in key: UnsafeRawBufferPointer) -> Int? {
        let prefix = token.count + 1
        guard key.count > prefix, key.count <= prefix + 18, key[token.count] == UInt8(ascii: "-") else { return nil }
        for i in 0..<token.count where key[i] != token[i] { return nil }
        var value = 0
        for i in prefix..<key.count {
            let digit = Int(key[i]) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    func sequence(in key: [UInt8]?) -> Int? {
        guard let key else { return nil }
        return key.withUnsafeBytes { sequence(in: $0) }
    }
}
