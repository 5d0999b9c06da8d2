import KafkaClient
import XCTest

/// librdkafka's reasons, as its error_cb reports them (seen against stunnel, Tansu, noida-db and Apache Kafka).
final class HandshakeFailureTests: XCTestCase {
    func testPermanentReasonsAreRecognised() {
        let seen: [(String, HandshakeFailure)] = [
            ("ApiVersionRequest failed: Local: Read underflow: probably due to broker version < 0.10 (see api.version.request configuration) (after 1ms in state APIVERSION_QUERY)",
             .unparsableApiVersions),
            ("ssl://127.0.0.1:9093/bootstrap: SSL handshake failed: error:0A000086:SSL routines::certificate verify failed: broker certificate could not be verified, verify that ssl.ca.location is correctly configured or root CA certificates are installed (install ca-certificates package) (after 7ms in state SSL_HANDSHAKE)",
             .untrustedBrokerCertificate),
            ("ssl://127.0.0.1:9093/bootstrap: Receive failed: error:0A00045C:SSL routines::tlsv13 alert certificate required: SSL alert number 116 (after 0ms in state APIVERSION_QUERY)",
             .clientCertificateRequired),
            ("ssl://127.0.0.1:9093/bootstrap: SSL handshake failed: error:0A000418:SSL routines::tlsv1 alert unknown ca: SSL alert number 48 (after 2ms in state SSL_HANDSHAKE)",
             .clientCertificateRejected),
            ("sasl_plaintext://127.0.0.1:9092/bootstrap: SASL PLAIN mechanism handshake failed: Broker: Unsupported SASL mechanism: broker's supported mechanisms: SCRAM-SHA-512 (after 0ms in state AUTH_HANDSHAKE)",
             .saslMechanismUnsupported),
            ("sasl_ssl://b-1.example:9096/bootstrap: SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (after 310ms in state AUTH_REQ)",
             .saslAuthenticationFailed),
            ("sasl_plaintext://127.0.0.1:9092/bootstrap: SASL authentication error: Server nonce in server-first-message: could not find attribute (r) (after 0ms in state AUTH_REQ)",
             .saslAuthenticationFailed),
        ]
        for (reason, failure) in seen {
            XCTAssertEqual(HandshakeFailure(reason: reason), failure, reason)
        }
    }

    func testTransientReasonsAreLeftToTheDeadline() {
        for reason in [
            "127.0.0.1:9092/bootstrap: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT)",
            "1/1 brokers are down",
            "kafka-1:9092/bootstrap: Failed to resolve 'kafka-1:9092': Name or service not known (after 2ms in state CONNECT)",
            "127.0.0.1:9092/bootstrap: Disconnected while requesting ApiVersion: might be caused by incorrect security.protocol configuration (connecting to a SSL listener?) or broker version is < 0.10 (see api.version.request) (after 1ms in state APIVERSION_QUERY)",
            "metadata request failed within 0.25s: Local: Broker transport failure",
            "127.0.0.1:9092/bootstrap: Connection setup timed out in state CONNECT (after 30029ms in state CONNECT)",
        ] {
            XCTAssertNil(HandshakeFailure(reason: reason), reason)
        }
    }

    /// Every failure explains itself in one sentence that names the broker, keeps librdkafka's reason
    /// and says what to change.
    func testEveryFailureHasOneSentenceWithTheRemedy() {
        let reason = "librdkafka's reason"
        for failure in HandshakeFailure.allCases {
            let sentence = failure.explanation(servers: "kafka-1:9093", reason: reason)
            XCTAssertTrue(sentence.hasPrefix("the broker at kafka-1:9093 "), sentence)
            XCTAssertFalse(sentence.contains("\n"), sentence)
            XCTAssertTrue(sentence.contains("; "), "a remedy after the cause: \(sentence)")
            if failure != .unparsableApiVersions { XCTAssertTrue(sentence.contains("(\(reason))"), sentence) }
        }
    }
}
