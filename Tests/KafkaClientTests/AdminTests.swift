import Foundation
import KafkaClient
import XCTest

final class AdminTests: XCTestCase {
    let cluster = SharedCluster.instance

    func admin() throws -> AdminClient {
        try AdminClient(properties: ["bootstrap.servers": cluster.bootstrapServers, "log_level": "2"])
    }

    func testMetadataListsBrokersControllerAndMockCreatedTopic() throws {
        let topic = uniqueTopic("meta")
        try cluster.createTopic(NewTopic(name: topic, partitions: 5, replicationFactor: 2))
        let metadata = try admin().metadata(topics: nil, timeout: 5)
        XCTAssertEqual(metadata.brokers.count, 3)
        XCTAssertEqual(Set(metadata.brokers.map(\.id)), [1, 2, 3])
        XCTAssertTrue(metadata.brokers.allSatisfy { $0.host == "127.0.0.1" && $0.port > 0 })
        XCTAssertNotNil(metadata.controllerID) // the 2.0.2 mock reports controller 0
        XCTAssertNotNil(metadata.clusterID)
        let described = try XCTUnwrap(metadata.topics.first { $0.name == topic })
        XCTAssertNil(described.error)
        XCTAssertEqual(described.partitions.map(\.id), [0, 1, 2, 3, 4])
        XCTAssertTrue(described.partitions.allSatisfy { !$0.replicas.isEmpty && (1...3).contains($0.leader) })
    }

    func testMetadataForNamedTopicsReportsMissingOnes() throws {
        let topic = uniqueTopic("named")
        try cluster.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1))
        let metadata = try admin().metadata(topics: [topic, "no-such-topic"], timeout: 5)
        XCTAssertEqual(metadata.topics.map(\.name), [topic, "no-such-topic"])
        XCTAssertNil(metadata.topics[0].error)
        XCTAssertEqual(metadata.topics[1].error?.name, "UNKNOWN_TOPIC_OR_PART")
        XCTAssertTrue(metadata.topics[1].partitions.isEmpty)
        // Asking did not create it.
        let again = try admin().metadata(topics: nil, timeout: 5)
        XCTAssertFalse(again.topics.contains { $0.name == "no-such-topic" })
    }

    func testWatermarksFollowProducedMessages() throws {
        let topic = uniqueTopic("wm")
        try cluster.createTopic(NewTopic(name: topic, partitions: 2, replicationFactor: 1))
        let admin = try admin()
        let empty = try admin.watermarks(TopicPartition(topic: topic, partition: 0), timeout: 5)
        XCTAssertEqual(empty.low, 0)
        XCTAssertEqual(empty.high, 0)
        let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers)) { _ in }
        for index in 0..<5 {
            try producer.send(topic: topic, partition: 0, key: nil, value: bytes("\(index)"), headers: [], tag: index)
        }
        XCTAssertTrue(producer.flush(timeout: 5))
        let filled = try admin.watermarks(TopicPartition(topic: topic, partition: 0), timeout: 5)
        XCTAssertEqual(filled.low, 0)
        XCTAssertEqual(filled.high, 5)
        XCTAssertEqual(try admin.watermarks(TopicPartition(topic: topic, partition: 1), timeout: 5).high, 0)
    }

    func testWatermarksOfMissingPartitionThrow() throws {
        let topic = uniqueTopic("wm-missing")
        try cluster.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1))
        XCTAssertThrowsError(try admin().watermarks(TopicPartition(topic: topic, partition: 7), timeout: 2)) { error in
            XCTAssertNotNil(error as? KafkaError)
        }
    }

    /// The 2.0.2 mock does not answer CreateTopics: the call must still end, and end because its timeout
    /// passed (TIMED_OUT comes only from the deadline the call was given), not hang or fail otherwise.
    func testAdminRequestsTheMockIgnoresEndWithTimedOut() throws {
        let admin = try admin()
        XCTAssertThrowsError(try admin.createTopics([NewTopic(name: uniqueTopic(), partitions: 1, replicationFactor: 1)],
                                                    timeout: 0.5)) { error in
            XCTAssertEqual((error as? KafkaError)?.name, "TIMED_OUT")
        }
        XCTAssertThrowsError(try admin.topicConfig(uniqueTopic(), timeout: 0.5)) { error in
            XCTAssertEqual((error as? KafkaError)?.name, "TIMED_OUT")
        }
    }

    func testInvalidNewTopicIsRejectedLocally() throws {
        XCTAssertThrowsError(try admin().createTopics([NewTopic(name: "x", partitions: 0, replicationFactor: 1)],
                                                      timeout: 1)) { error in
            XCTAssertEqual((error as? KafkaError)?.name, "INVALID_ARG")
        }
        XCTAssertThrowsError(try cluster.createTopic(NewTopic(name: "x", partitions: 0, replicationFactor: 1)))
    }

    func testUnreachableBootstrapFailsWithinTheTimeout() throws {
        let admin = try AdminClient(properties: ["bootstrap.servers": "127.0.0.1:1", "log_level": "0"])
        // The call returns (a blocking metadata call without the deadline would not) with a broker error.
        XCTAssertThrowsError(try admin.metadata(topics: nil, timeout: 1)) { error in
            let kafkaError = error as? KafkaError
            XCTAssertNotNil(kafkaError)
            XCTAssertTrue(["TRANSPORT", "TIMED_OUT", "ALL_BROKERS_DOWN"].contains(kafkaError?.name ?? ""),
                          "\(error)")
        }
    }
}

/// Asking about one topic by name, for topics the embedded cluster is known to have.
final class ExistingTopicMetadataTests: XCTestCase {
    let cluster = SharedCluster.instance

    func testACreatedTopicIsKnownAndDescribedAlone() throws {
        let topic = uniqueTopic("alone")
        XCTAssertFalse(cluster.created(topic))
        try cluster.createTopic(NewTopic(name: topic, partitions: 3, replicationFactor: 1))
        XCTAssertTrue(cluster.created(topic))
        let admin = try AdminClient(properties: ["bootstrap.servers": cluster.bootstrapServers, "log_level": "2"])
        let described = try admin.metadata(ofExistingTopic: topic, timeout: 5)
        XCTAssertNil(described.error)
        XCTAssertEqual(described.partitions.map(\.id), [0, 1, 2])
    }

    /// Why `metadata(ofExistingTopic:)` is only for topics known to exist: the mock creates any
    /// topic a Metadata request names, so a by-name existence check would always say "exists".
    func testTheMockCreatesATopicAskedAboutByName() throws {
        let topic = uniqueTopic("asked")
        let admin = try AdminClient(properties: ["bootstrap.servers": cluster.bootstrapServers, "log_level": "2"])
        XCTAssertFalse(try admin.metadata(topics: nil, timeout: 5).topics.contains { $0.name == topic })
        _ = try? admin.metadata(ofExistingTopic: topic, timeout: 5)
        XCTAssertTrue(try admin.metadata(topics: nil, timeout: 5).topics.contains { $0.name == topic })
        XCTAssertFalse(cluster.created(topic))
    }
}
