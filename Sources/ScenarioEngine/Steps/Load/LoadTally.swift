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

    /// Adds what another reader of the same load saw: a sequence number both saw is a duplicate.
    mutating func merge(_ other: LoadTally) {
        precondition(other.total == total, "tallies of different loads")
        for word in bits.indices {
            let both = bits[word] & other.bits[word]
            duplicates += both.nonzeroBitCount
            received += (other.bits[word] & ~bits[word]).nonzeroBitCount
            bits[word] |= other.bits[word]
        }
        duplicates += other.duplicates
        foreign += other.foreign
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
