import KafkaClient
import XCTest

/// The client defaults by role, each over the common ones where the engine layered them.
final class ClientDefaultsTests: XCTestCase {
    func testEachRoleLayersItsOwnValuesOverTheCommonOnes() {
        XCTAssertEqual(ClientDefaults.admin, ClientDefaults.common)
        XCTAssertEqual(ClientDefaults.producer["linger.ms"], "1")
        XCTAssertEqual(ClientDefaults.producer["acks"], "all")
        XCTAssertEqual(ClientDefaults.producer["reconnect.backoff.max.ms"], "1000")
        XCTAssertEqual(ClientDefaults.consumer["enable.auto.commit"], "false")
        XCTAssertEqual(ClientDefaults.consumer["auto.offset.reset"], "earliest")
        XCTAssertEqual(ClientDefaults.consumer["log_level"], "2")
        XCTAssertEqual(ClientDefaults.loadProducer["linger.ms"], "5")
        XCTAssertNil(ClientDefaults.loadProducer["acks"])
    }

    func testGroupMembersCommitOftenAndTakeTheMocksTimingOnTheEmbeddedCluster() {
        let embedded = ClientDefaults.groupMember(embedded: true)
        let external = ClientDefaults.groupMember(embedded: false)
        XCTAssertEqual(embedded["session.timeout.ms"], "4000")
        XCTAssertEqual(embedded["heartbeat.interval.ms"], "100")
        XCTAssertEqual(external["session.timeout.ms"], "6000")
        XCTAssertEqual(external["heartbeat.interval.ms"], "300")
        for member in [embedded, external] {
            XCTAssertEqual(member["enable.auto.commit"], "true")
            XCTAssertEqual(member["auto.commit.interval.ms"], "100")
        }
    }
}
