import Foundation
import KafkaClient
import XCTest

final class GroupTests: XCTestCase {
    func testTwoMembersSplitThePartitionsAndReadEverything() throws {
        let cluster = SharedCluster.instance
        let topic = uniqueTopic("group")
        try cluster.createTopic(NewTopic(name: topic, partitions: 4, replicationFactor: 1))
        let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers)) { _ in }
        for index in 0..<40 {
            try producer.send(topic: topic, partition: Int32(index % 4), key: nil, value: bytes("m\(index)"),
                              headers: [], tag: index)
        }
        XCTAssertTrue(producer.flush(timeout: 5))

        let group = uniqueTopic("g")
        let members = try (0..<2).map { _ in
            try Consumer(properties: FastProperties.groupMember(cluster.bootstrapServers, group: group))
        }
        let start = Date()
        for member in members { try member.subscribe([topic]) }
        var received = [[Message]](repeating: [], count: 2)
        var joinedAfter: Double?
        while Date().timeIntervalSince(start) < 20 {
            for (index, member) in members.enumerated() {
                if let message = try member.poll(timeout: 0.05) { received[index].append(message) }
            }
            let assignments = members.map { $0.assignment() }
            if joinedAfter == nil, assignments.allSatisfy({ !$0.isEmpty }),
               Set(assignments.joined()).count == 4 {
                joinedAfter = Date().timeIntervalSince(start)
            }
            if joinedAfter != nil && received.joined().count >= 40 { break }
        }
        let join = try XCTUnwrap(joinedAfter, "the two members never split the partitions")
        print("group join of 2 members on the mock took \(Int(join * 1000)) ms")
        let assignments = members.map { Set($0.assignment()) }
        XCTAssertEqual(assignments[0].count + assignments[1].count, 4)
        XCTAssertTrue(assignments[0].isDisjoint(with: assignments[1]))
        XCTAssertEqual(received.joined().count, 40)
        for (index, messages) in received.enumerated() {
            XCTAssertTrue(messages.allSatisfy { assignments[index].contains(TopicPartition(topic: $0.topic,
                                                                                          partition: $0.partition)) })
        }
        members.forEach { $0.close() }
    }
}
