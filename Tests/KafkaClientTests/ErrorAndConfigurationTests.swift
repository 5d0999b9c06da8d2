import KafkaClient
import XCTest

final class ErrorAndConfigurationTests: XCTestCase {
    func testNamesDropTheLeadingUnderscore() {
        let timedOut = try? XCTUnwrap(KafkaError.code(named: "TIMED_OUT"))
        XCTAssertEqual(timedOut, -185)
        XCTAssertEqual(KafkaError.name(of: -185), "TIMED_OUT")
        XCTAssertEqual(KafkaError(code: -185).name, "TIMED_OUT")
        XCTAssertEqual(KafkaError(code: 3).name, "UNKNOWN_TOPIC_OR_PART")
        XCTAssertFalse(KafkaError(code: 3, context: "reading t").message.isEmpty)
        XCTAssertTrue(KafkaError(code: 3, context: "reading t").message.hasPrefix("reading t: "))
    }

    func testCodeLookupAcceptsLibrdkafkaSpellings() {
        XCTAssertEqual(KafkaError.code(named: "_TRANSPORT"), KafkaError.code(named: "transport"))
        XCTAssertEqual(KafkaError.code(named: "RD_KAFKA_RESP_ERR__TRANSPORT"), -195)
        XCTAssertEqual(KafkaError.code(named: "UNKNOWN_TOPIC_OR_PART"), 3)
        XCTAssertNil(KafkaError.code(named: "NO_SUCH_ERROR"))
        XCTAssertTrue(KafkaError.knownErrors.contains { $0.name == "TOPIC_EXCEPTION" })
    }

    func testUnknownPropertyIsAnErrorWithASuggestion() {
        XCTAssertThrowsError(try Producer(properties: ["bootstrap.server": "127.0.0.1:9092"]) { _ in }) { error in
            let kafkaError = error as? KafkaError
            XCTAssertEqual(kafkaError?.name, KafkaError.invalidConfigurationName)
            XCTAssertTrue(kafkaError?.message.contains("'bootstrap.server'") ?? false)
            XCTAssertTrue(kafkaError?.message.contains("did you mean 'bootstrap.servers'") ?? false,
                          kafkaError?.message ?? "")
        }
        XCTAssertThrowsError(try Consumer(properties: ["completely.unrelated.thing": "1"])) { error in
            let message = (error as? KafkaError)?.message ?? ""
            XCTAssertTrue(message.contains("completely.unrelated.thing"))
            XCTAssertFalse(message.contains("did you mean"), message)
        }
    }

    func testInvalidValueNamesTheProperty() {
        XCTAssertThrowsError(try AdminClient(properties: ["linger.ms": "soon"])) { error in
            let message = (error as? KafkaError)?.message ?? ""
            XCTAssertTrue(message.contains("linger.ms"), message)
        }
        XCTAssertNoThrow(try AdminClient(properties: ["linger.ms": "5"]))
    }

    func testVersionComesFromTheLibrary() {
        XCTAssertTrue(Librdkafka.version.hasPrefix("2."), Librdkafka.version)
    }

    func testEmbeddedClusterNeedsABroker() {
        XCTAssertThrowsError(try EmbeddedCluster(brokers: 0))
    }
}
