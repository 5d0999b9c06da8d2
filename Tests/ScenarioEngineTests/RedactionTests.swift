import ScenarioResults
import XCTest
@testable import ScenarioEngine

final class RedactionTests: XCTestCase {
    func testSecretPropertyNames() {
        for key in ["sasl.password", "ssl.key.password", "ssl.keystore.password", "sasl.oauthbearer.client.secret",
                    "sasl.oauthbearer.config", "ssl.key.pem", "sasl.jaas.config", "SASL.PASSWORD"] {
            XCTAssertTrue(Redaction.isSecret(key), key)
        }
        for key in ["sasl.username", "sasl.mechanisms", "security.protocol", "ssl.ca.location", "bootstrap.servers"] {
            XCTAssertFalse(Redaction.isSecret(key), key)
        }
    }

    func testScrubsSecretValuesOnlyAndLongestFirst() {
        let scrub = SecretScrubber(properties: ["sasl.password": "hunter2-long", "ssl.key.password": "hunter2",
                                                "sasl.username": "alice", "sasl.oauthbearer.config": "abc"])
        XCTAssertEqual(scrub("auth failed for alice with hunter2-long, key hunter2"),
                       "auth failed for alice with ******, key ******")
        // Shorter values than the minimum would mask ordinary text; they are left in free text.
        XCTAssertEqual(scrub("abc"), "abc")
        XCTAssertTrue(SecretScrubber(properties: ["sasl.username": "alice"]).isEmpty)
    }

    func testScrubsEveryStringOfAResultButNoKey() {
        let secret = "line-with-\"quotes\"-and-\\"
        let scrub = SecretScrubber(properties: ["sasl.password": secret, "ssl.key.password": "status"])
        let result = ScenarioResult(name: "n \(secret)", suite: "s", file: "f", line: 1, status: .failed, duration: 1,
                                    failure: Failure(message: "got \(secret)", type: "T", details: "x\(secret)y"))
        let scrubbed = scrub.scrub(result)
        XCTAssertEqual(scrubbed.name, "n ******")
        XCTAssertEqual(scrubbed.failure?.message, "got ******")
        XCTAssertEqual(scrubbed.failure?.details, "x******y")
        XCTAssertEqual(scrubbed.status, .failed)
        XCTAssertEqual(scrubbed.suite, "s")
        // Without secrets nothing changes.
        XCTAssertEqual(SecretScrubber(properties: [:]).scrub(result).failure?.message, "got \(secret)")
    }
}
