import XCTest
@testable import KafkaClient
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

    func testTalliesOfTwoReadersMergeIntoOne() {
        var first = LoadTally(total: 200), second = LoadTally(total: 200)
        for i in 0..<100 { first.record(i) }
        first.record(5)
        for i in 100..<199 { second.record(i) }
        second.record(7)
        second.record(nil)
        first.merge(second)
        XCTAssertEqual(first.received, 199)
        XCTAssertEqual(first.duplicates, 2, "one read twice by one reader, one read by both")
        XCTAssertEqual(first.foreign, 1)
        XCTAssertEqual(first.missing(limit: 5), [199])
    }

    func testReadersSharePartitionsBetweenThemAtMostTwo() {
        XCTAssertEqual(LoadReader.lanes([0]), [[0]])
        XCTAssertEqual(LoadReader.lanes([0, 1]), [[0], [1]])
        XCTAssertEqual(LoadReader.lanes([0, 1, 2, 3, 4]), [[0, 2, 4], [1, 3]])
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

    func testStampsRoundTripAndOtherTokensAreNotOurs() {
        let stamp = LoadStamp(token: "abc123")
        XCTAssertEqual(stamp.sequence(in: stamp.stamp(0)), 0)
        XCTAssertEqual(stamp.sequence(in: stamp.stamp(987_654)), 987_654)
        XCTAssertNil(stamp.sequence(in: LoadStamp(token: "abc124").stamp(5)))
        XCTAssertNil(stamp.sequence(in: Array("abc123-".utf8)))
        XCTAssertNil(stamp.sequence(in: Array("abc123-12x".utf8)))
        XCTAssertNil(stamp.sequence(in: Array("abc123x5".utf8)))
        XCTAssertNil(stamp.sequence(in: nil))
    }

    func testStampsAtTheStartOfAPayload() {
        let stamp = LoadStamp(token: "abc123")
        func sequence(_ text: String) -> Int? { Array(text.utf8).withUnsafeBytes { stamp.sequence(atStartOf: $0) } }
        XCTAssertEqual(sequence("abc123-42"), 42)
        XCTAssertEqual(sequence("abc123-42klmnop"), 42)
        XCTAssertNil(sequence("abc123-klmnop"))
        XCTAssertNil(sequence("abc124-42klmnop"))
        XCTAssertNil(sequence("abc123-1234567890123456789"), "more digits than a sequence number has")
        XCTAssertNil(sequence("abc12"))
        XCTAssertFalse(LoadStamp.fitsInPayload(size: LoadStamp.maxLength - 1))
        XCTAssertTrue(LoadStamp.fitsInPayload(size: LoadStamp.maxLength))
    }

    func testAMessageIsTakenByItsKeyElseByItsPayload() {
        let stamp = LoadStamp(token: "abc123")
        let ours = Array("abc123-7".utf8), other = Array("zzz999-7".utf8), payload = Array("abc123-9xyz".utf8)
        ours.withUnsafeBytes { ours in
            other.withUnsafeBytes { other in
                payload.withUnsafeBytes { payload in
                    XCTAssertEqual(stamp.sequence(of: BorrowedMessage(partition: 0, offset: 0, key: ours, value: payload)), 7)
                    XCTAssertNil(stamp.sequence(of: BorrowedMessage(partition: 0, offset: 0, key: other, value: payload)),
                                 "a key that is not ours makes the message foreign, whatever its payload")
                    XCTAssertEqual(stamp.sequence(of: BorrowedMessage(partition: 0, offset: 0, key: nil, value: payload)), 9)
                    XCTAssertNil(stamp.sequence(of: BorrowedMessage(partition: 0, offset: 0, key: nil, value: other)))
                    XCTAssertNil(stamp.sequence(of: BorrowedMessage(partition: 0, offset: 0, key: nil, value: nil)))
                }
            }
        }
    }

    func testStampsWrittenIntoAReusedBufferMatchTheStamps() {
        let stamp = LoadStamp(token: LoadStamp.randomToken())
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: LoadStamp.maxLength, alignment: 1)
        defer { buffer.deallocate() }
        for sequence in [0, 9, 10, 99_999, 100_000, 1_234_567, Int.max] {
            let length = stamp.write(sequence, into: buffer)
            XCTAssertEqual(Array(buffer[..<length]), stamp.stamp(sequence))
            XCTAssertEqual(stamp.sequence(in: UnsafeRawBufferPointer(rebasing: buffer[..<length])), sequence == Int.max ? nil : sequence)
        }
        XCTAssertEqual(String(decoding: stamp.stamp(42), as: UTF8.self), String(decoding: stamp.token, as: UTF8.self) + "-42")
    }

    func testARunIsOneBatchAtMost() {
        XCTAssertEqual(LoadRunner.batchMessages(bytesPerMessage: 120), 7500, "100-byte payloads: 0.9 MB of 1 MB")
        XCTAssertEqual(LoadRunner.batchMessages(bytesPerMessage: 30), ClientDefaults.loadBatchMessages)
        XCTAssertEqual(LoadRunner.batchMessages(bytesPerMessage: 2_000_000), 1)
        XCTAssertEqual(LoadRunner.messagesPerPartitionRun(total: 1_000_000, partitions: 4, batchMessages: 7500), 7500)
    }

    func testPartitionRunsKeepEveryPartitionInUse() {
        XCTAssertEqual(LoadRunner.messagesPerPartitionRun(total: 100, partitions: 4, batchMessages: 7500), 1)
        XCTAssertEqual(LoadRunner.messagesPerPartitionRun(total: 20_000, partitions: 3, batchMessages: 7500), 416)
        for (total, partitions) in [(100, 4), (20_000, 3), (1_000_000, 8), (5, 1)] {
            let run = LoadRunner.messagesPerPartitionRun(total: total, partitions: partitions, batchMessages: 7500)
            var counts = Array(repeating: 0, count: partitions)
            for sent in 0..<total { counts[(sent / run) % partitions] += 1 }
            XCTAssertLessThanOrEqual(counts.max()! - counts.min()!, max(1, total / 16), "\(total) over \(partitions)")
        }
    }

    func testEmbeddedLimitNeedsEnoughPartitions() {
        XCTAssertFalse(EmbeddedLoadLimit.exceeds(messages: 20_000, bytesPerMessage: 100, generated: true, partitions: 4))
        XCTAssertTrue(EmbeddedLoadLimit.exceeds(messages: 100_000, bytesPerMessage: 100, generated: true, partitions: 1))
        XCTAssertFalse(EmbeddedLoadLimit.exceeds(messages: 100_000, bytesPerMessage: 100, generated: true, partitions: 4))
        XCTAssertTrue(EmbeddedLoadLimit.exceeds(messages: 1_000_000, bytesPerMessage: 100, generated: true, partitions: 4))
        let text = EmbeddedLoadLimit.message(messages: 100_000, bytesPerMessage: 100, generated: true, partitions: 1, topic: "t")
        XCTAssertTrue(text.contains("at least 3 partitions"), text)
    }

    func testAStampInThePayloadStoresNoKey() {
        XCTAssertEqual(EmbeddedLoadLimit.storedBytes(payload: 100, generated: true), 100 + EmbeddedLoadLimit.overheadPerMessage)
        XCTAssertEqual(EmbeddedLoadLimit.storedBytes(payload: 100, generated: false),
                       100 + EmbeddedLoadLimit.keyBytes + EmbeddedLoadLimit.overheadPerMessage)
        XCTAssertEqual(EmbeddedLoadLimit.storedBytes(payload: 10, generated: true),
                       10 + EmbeddedLoadLimit.keyBytes + EmbeddedLoadLimit.overheadPerMessage, "too short for the stamp: keyed")
    }
}
