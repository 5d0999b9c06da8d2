import XCTest
@testable import ScenarioEngine

final class LoadSendTimesTests: XCTestCase {
    func testSmallLoadsTimeEveryMessageLargeOnesEveryStrideth() {
        let small = LoadSendTimes(count: 1000)
        XCTAssertEqual(small.stride, 1)
        XCTAssertTrue((0..<1000).allSatisfy(small.isSampled))
        let large = LoadSendTimes(count: 1_000_000)
        XCTAssertEqual(large.stride, 15)
        XCTAssertTrue(large.isSampled(0))
        XCTAssertTrue(large.isSampled(15))
        XCTAssertFalse(large.isSampled(16))
        XCTAssertGreaterThanOrEqual((1_000_000 + large.stride - 1) / large.stride, 65_536)
    }

    func testATimeWrittenBeforeASendIsReadBackAfterTheMessageReturns() {
        let times = LoadSendTimes(count: 200_000)
        times[0] = 1.5
        times[times.stride * 7] = 2.25
        XCTAssertEqual(times[0], 1.5)
        XCTAssertEqual(times[times.stride * 7], 2.25)
    }

    /// The sending thread writes each sampled slot and hands its sequence number on (as the broker
    /// hands the message back); the reading thread reads it. Run under `--sanitize=thread` this
    /// reports a data race unless the slots are atomic.
    func testTheSendingAndReadingThreadsShareTheSlotsWithoutARace() {
        let total = 100_000
        let times = LoadSendTimes(count: total)
        let handedOn = Locked<[Int]>([])
        let sender = Thread {
            for sequence in Swift.stride(from: 0, to: total, by: times.stride) {
                times[sequence] = Double(sequence) + 0.5
                if sequence % 4096 == 0 { handedOn.withLock { $0.append(sequence) } }
            }
            handedOn.withLock { $0.append(-1) }
        }
        sender.start()
        var mismatches = 0
        var finished = false
        while !finished {
            for sequence in handedOn.withLock({ list -> [Int] in defer { list.removeAll() }; return list }) {
                if sequence < 0 { finished = true } else if times[sequence] != Double(sequence) + 0.5 { mismatches += 1 }
            }
        }
        XCTAssertEqual(mismatches, 0)
    }
}
