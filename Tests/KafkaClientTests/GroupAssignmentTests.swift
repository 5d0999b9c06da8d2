import XCTest
@testable import KafkaClient

final class GroupAssignmentTests: XCTestCase {
    /// version 0; topics "ab" [0, 1] and "c" [2]: 3 partitions.
    func testPartitionsOfAConsumerProtocolAssignmentAreCounted() {
        let bytes: [UInt8] = [0, 0, 0, 0, 0, 2,
                              0, 2, 0x61, 0x62, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1,
                              0, 1, 0x63, 0, 0, 0, 1, 0, 0, 0, 2,
                              0, 0, 0, 0]   // user data
        XCTAssertEqual(bytes.withUnsafeBytes { AdminClient.assignedPartitions($0) }, 3)
    }

    func testAnEmptyOrTruncatedAssignmentCountsWhatIsThere() {
        let empty: [UInt8] = [0, 0, 0, 0, 0, 0]
        XCTAssertEqual(empty.withUnsafeBytes { AdminClient.assignedPartitions($0) }, 0)
        let truncated: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 2, 0x61]
        XCTAssertEqual(truncated.withUnsafeBytes { AdminClient.assignedPartitions($0) }, 0)
        XCTAssertFalse(GroupDescription(state: "Stable", members: 1, assignedPartitions: 0).isStableWithAssignments)
        XCTAssertFalse(GroupDescription(state: "PreparingRebalance", members: 1, assignedPartitions: 2).isStableWithAssignments)
        XCTAssertTrue(GroupDescription(state: "Stable", members: 1, assignedPartitions: 2).isStableWithAssignments)
    }
}
