import Foundation
import XCTest
import ScenarioResults
@testable import Reports

/// A miss's explanation worded in English and Korean, after the failure's details.
final class MissWordingTests: XCTestCase {
    private let miss = MissExplanation(
        topic: "notifications",
        partitions: [.init(partition: 0, from: 12, to: 15, messages: 3), .init(partition: 2, from: 4, to: 4, messages: 0)],
        keys: [.init(key: "user_1", murmur2Partition: 1, crc32Partition: 2, partitions: 3, murmur2Read: false, crc32Read: true)],
        late: [.init(expected: 1, partition: 0, offset: 15, afterMs: 340, window: "within: 2s")], lookedAfterMs: 1000,
        elsewhere: [.init(topic: "user_actions.dlq", partition: 0, offset: 3, key: "user_1", matches: nil,
                          headers: [KeyValue("error", "not JSON")])],
        assignment: [0, 2], schemaIDs: [KeyValue("7", "3"), KeyValue("none", "1")])

    func testEveryFindingIsWordedInEnglish() throws {
        var failure = Failure(message: "1 of 1 expected messages not found", type: "MessageNotFound", details: "expected message #1 …")
        failure.explanation = miss
        let text = try XCTUnwrap(FailureWording.details(failure, .en))
        XCTAssertTrue(text.hasPrefix("expected message #1 …\n\nWhy it was missed:\n"), text)
        for line in [
            "- read 'notifications': partition 0 offsets 12–15 (3 messages), partition 2 offsets 4–4 (0 messages)",
            "- as a member of its group it held partitions [0, 2]",
            "- key 'user_1' hashes to partition 1 of 3 by murmur2 (the Java client), NOT read; partition 2 by CRC-32 (librdkafka's default consistent_random), read",
            "- expected message #1 arrived 340 ms after `within: 2s` (partition 0 offset 15): late, not lost",
            "- a message with key 'user_1' arrived on 'user_actions.dlq' instead (partition 0 offset 3; headers error=not JSON)",
            "- 3 messages were written with schema id 7, not the step's schema",
            "- 1 messages were written with no schema (not framed), not the step's schema",
        ] {
            XCTAssertTrue(text.contains(line + "\n") || text.hasSuffix(line), "missing \(line) in\n\(text)")
        }
        XCTAssertFalse(text.contains("nothing matching arrived"), "a late arrival was found")
    }

    func testKoreanWordsEveryFinding() throws {
        var failure = Failure(message: "m", type: "MessageNotFound")
        failure.explanation = miss
        let text = try XCTUnwrap(FailureWording.details(failure, .ko))
        XCTAssertTrue(text.hasPrefix("놓친 이유:\n"), text)
        XCTAssertTrue(text.contains("'notifications' 토픽에서 읽은 범위: 파티션 0 오프셋 12–15 (메시지 3개)"), text)
        XCTAssertTrue(text.contains("그룹 멤버로서 할당받은 파티션: [0, 2]"), text)
        XCTAssertTrue(text.contains("키 'user_1'의 파티션: murmur2(Java 클라이언트) 기준 파티션 1/3, 읽지 않음"), text)
        XCTAssertTrue(text.contains("`within: 2s`보다 340 ms 늦게 도착함"), text)
        XCTAssertTrue(text.contains("'user_actions.dlq' 토픽에 도착함"), text)
        XCTAssertTrue(text.contains("스키마 id 7로 기록됨"), text)
        XCTAssertFalse(text.contains("Why it was missed"), text)
    }

    func testResultsJSONKeepsTheExplanation() throws {
        var failure = Failure(message: "m", type: "MessageNotFound")
        failure.explanation = miss
        let decoded = try JSONDecoder().decode(Failure.self, from: JSONEncoder().encode(failure))
        XCTAssertEqual(decoded.explanation, miss)
        // An older results.json without it still loads.
        let old = try JSONDecoder().decode(Failure.self, from: Data(#"{"message":"m","type":"T"}"#.utf8))
        XCTAssertNil(old.explanation)
    }
}
