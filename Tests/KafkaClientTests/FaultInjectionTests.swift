import Foundation
import KafkaClient
import XCTest

final class FaultInjectionTests: XCTestCase {
    func testBrokerDownFailsDeliveryAndBrokerUpRecovers() throws {
        let cluster = try EmbeddedCluster(brokers: 1)
        let topic = uniqueTopic("down")
        try cluster.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1))
        let collector = DeliveryCollector()
        let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers, [
            // Long enough for a first delivery on a busy machine (1 s once timed out in a full run).
            "message.timeout.ms": "2500", "reconnect.backoff.ms": "10", "reconnect.backoff.max.ms": "100",
            "log_level": "0",
        ]), onDelivery: collector.onDelivery)
        try producer.send(topic: topic, partition: 0, key: nil, value: bytes("before"), headers: [], tag: 1)
        XCTAssertEqual(collector.wait(for: 1, timeout: 5).first?.error, nil)

        try cluster.setBrokerDown(1)
        try producer.send(topic: topic, partition: 0, key: nil, value: bytes("while down"), headers: [], tag: 2)
        // Nothing can be delivered while the broker is down: the one report for it is the timeout.
        let failed = try XCTUnwrap(collector.wait(for: 2, timeout: 10).last)
        XCTAssertEqual(failed.tag, 2)
        XCTAssertEqual(failed.error?.name, "MSG_TIMED_OUT", "\(String(describing: failed.error))")

        try cluster.setBrokerUp(1)
        try producer.send(topic: topic, partition: 0, key: nil, value: bytes("after"), headers: [], tag: 3)
        let recovered = try XCTUnwrap(collector.wait(for: 3, timeout: 5).last)
        XCTAssertEqual(recovered.tag, 3)
        XCTAssertNil(recovered.error)
    }

    func testInjectedNonRetriableProduceErrorReachesTheDeliveryReport() throws {
        let cluster = try EmbeddedCluster(brokers: 1)
        let topic = uniqueTopic("inject")
        try cluster.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1))
        let collector = DeliveryCollector()
        let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers, ["log_level": "0"]),
                                    onDelivery: collector.onDelivery)
        try cluster.pushRequestErrors(api: "Produce", errors: ["TOPIC_AUTHORIZATION_FAILED"])
        try producer.send(topic: topic, partition: 0, key: nil, value: bytes("x"), headers: [], tag: 7)
        let report = try XCTUnwrap(collector.wait(for: 1, timeout: 5).first)
        XCTAssertEqual(report.error?.name, "TOPIC_AUTHORIZATION_FAILED")
    }

    func testInjectedRetriableErrorsAreRetriedThenSucceed() throws {
        let cluster = try EmbeddedCluster(brokers: 1)
        let topic = uniqueTopic("retry")
        try cluster.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1))
        let collector = DeliveryCollector()
        let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers,
                                                                        ["retry.backoff.ms": "10", "log_level": "0"]),
                                    onDelivery: collector.onDelivery)
        try cluster.pushRequestErrors(api: "produce", errors: ["REQUEST_TIMED_OUT", "_TRANSPORT"])
        try producer.send(topic: topic, partition: 0, key: nil, value: bytes("x"), headers: [], tag: 8)
        let report = try XCTUnwrap(collector.wait(for: 1, timeout: 10).first)
        XCTAssertNil(report.error)
        XCTAssertEqual(report.offset, 0)
    }

    func testRoundTripTimeSlowsRequests() throws {
        let cluster = try EmbeddedCluster(brokers: 1)
        let topic = uniqueTopic("rtt")
        try cluster.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1))
        let collector = DeliveryCollector()
        let producer = try Producer(properties: FastProperties.producer(cluster.bootstrapServers),
                                    onDelivery: collector.onDelivery)
        try producer.send(topic: topic, partition: 0, key: nil, value: bytes("warm"), headers: [], tag: 0)
        XCTAssertTrue(producer.flush(timeout: 5))
        try cluster.setRoundTripTime(broker: 1, milliseconds: 300)
        try producer.send(topic: topic, partition: 0, key: nil, value: bytes("slow"), headers: [], tag: 1)
        // The delivery waits for the slowed round trip: not done within 0.25 s (a slower machine only makes
        // that more so), then done.
        XCTAssertFalse(producer.flush(timeout: 0.25), "delivered before the 300 ms round trip")
        XCTAssertTrue(producer.flush(timeout: 5))
    }

    func testUnknownApiOrErrorNameIsAnActionableError() throws {
        let cluster = try EmbeddedCluster(brokers: 1)
        XCTAssertThrowsError(try cluster.pushRequestErrors(api: "Produse", errors: ["TRANSPORT"])) { error in
            let message = (error as? KafkaError)?.message ?? ""
            XCTAssertTrue(message.contains("Produse") && message.contains("FindCoordinator"), message)
        }
        XCTAssertThrowsError(try cluster.pushRequestErrors(api: "Fetch", errors: ["NOT_AN_ERROR_NAME"])) { error in
            XCTAssertTrue((error as? KafkaError)?.message.contains("NOT_AN_ERROR_NAME") ?? false)
        }
        XCTAssertNoThrow(try cluster.pushRequestErrors(api: "JoinGroupRequest", errors: ["COORDINATOR_NOT_AVAILABLE"]))
        XCTAssertThrowsError(try cluster.setBrokerDown(42))
    }
}
