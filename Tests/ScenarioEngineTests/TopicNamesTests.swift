import XCTest
@testable import ScenarioEngine

final class TopicNamesTests: XCTestCase {
    func testLegalNames() {
        for name in ["a", "user_actions", "game-events.v2", String(repeating: "x", count: 249), "A.B_c-9"] {
            XCTAssertTrue(TopicNames.isLegal(name), name)
        }
    }

    func testIllegalNames() {
        for name in ["", ".", "..", "invalid topic!", "a/b", "ü", String(repeating: "x", count: 250)] {
            XCTAssertFalse(TopicNames.isLegal(name), name)
        }
    }

    func testIllegalNameIsATopicException() {
        guard case .kafka(let name, let message) = TopicNames.illegalNameError("bad name") else { return XCTFail() }
        XCTAssertEqual(name, "TOPIC_EXCEPTION")
        XCTAssertTrue(message.contains("not a legal Kafka topic name"))
    }

    func testRedactionHidesSecrets() {
        XCTAssertEqual(Redaction.redact(key: "sasl.password", value: "hunter2"), "******")
        XCTAssertEqual(Redaction.redact(key: "ssl.key.password", value: "x"), "******")
        XCTAssertEqual(Redaction.redact(key: "sasl.oauthbearer.client.secret", value: "x"), "******")
        XCTAssertEqual(Redaction.redact(key: "security.protocol", value: "SASL_SSL"), "SASL_SSL")
    }
}
