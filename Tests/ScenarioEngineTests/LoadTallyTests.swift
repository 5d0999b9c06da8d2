import XCTest
@testable import ScenarioEngine

final class LoadTallyTests: XCTestCase {
    func testCountsFirstsDuplicatesAndForeignMessages() {
        var tally = LoadTally(total: 130)
        XCTAssertEqual(tally.record(0), .first)
        XCTAssertEqual(tally.record(129), .first)
        XCTAssertEqual(tally.record(64), .first)
        XCTAssertEqual(tally.record(64), .duplicate)
        XCTAssertEqual(tally.record(130), .foreign)
        XCTAssertEqual(tally.record(-1), .foreign)
        XCTAssertEqual(tally.record(nil), .foreign)
        XCTAssertEqual(tally.received, 3)
        XCTAssertEqual(tally.duplicates, 1)
        XCTAssertEqual(tally.foreign, 3)
        XCTAssertEqual(tally.lost, 127)
    }

    func testNamesTheFirstMissingSequenceNumbers() {
        var tally = LoadTally(total: 200)
        for i in 0..<200 where i != 3 && i != 150 && i != 199 { tally.record(i) }
        XCTAssertEqual(tally.missing(limit: 10), [3, 150, 199])
        XCTAssertEqual(tally.missing(limit: 2), [3, 150])
        for i in [3, 150, 199] { tally.record(i) }
        XCTAssertEqual(tally.missing(limit: 10), [])
        XCTAssertEqual(tally.lost, 0)
    }

    func testKeysRoundTripAndOtherTokensAreNotOurs() {
        let key = LoadKey(token: "abc123")
        XCTAssertEqual(key.sequence(in: key.key(0)), 0)
        XCTAssertEqual(key.sequence(in: key.key(987_654)), 987_654)
        XCTAssertNil(key.sequence(in: LoadKey(token: "abc124").key(5)))
        XCTAssertNil(key.sequence(in: Array("abc123-".utf8)))
        XCTAssertNil(key.sequence(in: Array("abc123-12x".utf8)))
        XCTAssertNil(key.sequence(in: Array("abc123x5".utf8)))
        XCTAssertNil(key.sequence(in: nil))
    }

    func testKeysWrittenIntoAReusedBufferMatchTheKeys() {
        let key = LoadKey(token: LoadKey.randomToken())
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: key.maxLength, alignment: 1)
        defer { buffer.deallocate() }
        for sequence in [0, 9, 10, 99_999, 100_000, 1_234_567, Int.max] {
            let length = key.write(sequence, into: buffer)
            XCTAssertEqual(Array(buffer[..<length]), key.key(sequence))
            XCTAssertEqual(key.sequence(in: UnsafeRawBufferPointer(rebasing: buffer[..<length])), sequence == Int.max ? nil : sequence)
        }
        XCTAssertEqual(String(decoding: key.key(42), as: UTF8.self), String(decoding: key.token, as: UTF8.self) + "-42")
    }

    func testPartitionRunsKeepEveryPartitionInUse() {
        XCTAssertEqual(LoadRunner.messagesPerPartitionRun(total: 100, partitions: 4), 1)
        XCTAssertEqual(LoadRunner.messagesPerPartitionRun(total: 1_000_000, partitions: 4), 1000)
        XCTAssertEqual(LoadRunner.messagesPerPartitionRun(total: 20_000, partitions: 3), 416)
        for (total, partitions) in [(100, 4), (20_000, 3), (1_000_000, 8), (5, 1)] {
            let run = LoadRunner.messagesPerPartitionRun(total: total, partitions: partitions)
            var counts = Array(repeating: 0, count: partitions)
            for sent in 0..<total { counts[(sent / run) % partitions] += 1 }
            XCTAssertLessThanOrEqual(counts.max()! - counts.min()!, max(1, total / 16), "\(total) over \(partitions)")
        }
    }

    func testEmbeddedLimitNeedsEnoughPartitions() {
        XCTAssertFalse(EmbeddedLoadLimit.exceeds(messages: 20_000, bytesPerMessage: 100, partitions: 4))
        XCTAssertTrue(EmbeddedLoadLimit.exceeds(messages: 100_000, bytesPerMessage: 100, partitions: 1))
        XCTAssertFalse(EmbeddedLoadLimit.exceeds(messages: 100_000, bytesPerMessage: 100, partitions: 4))
        XCTAssertTrue(EmbeddedLoadLimit.exceeds(messages: 1_000_000, bytesPerMessage: 100, partitions: 4))
        let text = EmbeddedLoadLimit.message(messages: 100_000, bytesPerMessage: 100, partitions: 1, topic: "t")
        XCTAssertTrue(text.contains("at least 3 partitions"), text)
    }
}
