import KafkaClient
@testable import ScenarioEngine
import ScenarioResults
import XCTest

/// W3C trace context per scenario attempt (DESIGN §1.7): another attempt's message is left out and counted;
/// the runner's own header never reaches matching; a message without a trace id of this run is kept whole.
final class AttemptTraceTests: XCTestCase {
    private func message(_ headers: [Header]) -> Message {
        Message(topic: "t", partition: 0, offset: 0, key: nil, value: Array("v".utf8), headers: headers, timestampMs: nil, receivedAtMs: 0)
    }

    func testAnotherAttemptsMessageIsLeftOutAndItsOwnHeaderStripped() throws {
        let registry = TraceRegistry()
        let first = AttemptTrace(owner: TraceOwner(scenario: "a", attempt: 1), sends: true, registry: registry)
        let retry = AttemptTrace(owner: TraceOwner(scenario: "a", attempt: 2), sends: true, registry: registry)
        XCTAssertNotEqual(first.traceID, retry.traceID)
        XCTAssertNil(retry.admit(message([first.header()]), topic: "rewards"))
        let own = try XCTUnwrap(retry.admit(message([Header(name: "x", value: [1]), retry.header()]), topic: "rewards"))
        XCTAssertEqual(own.headers, [Header(name: "x", value: [1])])
        XCTAssertEqual(retry.ignoredFacts(), [.otherScenarioMessagesIgnored(topic: "rewards", scenario: "a", attempt: 1, count: 1)])
    }

    func testATraceIdFromOutsideTheRunIsAnOrdinaryHeader() throws {
        let trace = AttemptTrace(owner: TraceOwner(scenario: "a", attempt: 1), sends: true, registry: TraceRegistry())
        let foreign = Header(name: "traceparent", value: Array("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".utf8))
        XCTAssertEqual(trace.admit(message([foreign]), topic: "t")?.headers, [foreign])
        XCTAssertTrue(trace.ignoredFacts().isEmpty)
    }

    func testTheHeaderIsAValidTraceparent() {
        let trace = AttemptTrace(owner: TraceOwner(scenario: "a", attempt: 1), sends: true, registry: TraceRegistry())
        let text = String(decoding: trace.header().value ?? [], as: UTF8.self)
        XCTAssertNotNil(text.range(of: "^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", options: .regularExpression), text)
        XCTAssertEqual(AttemptTrace.traceID(ofHeaderValue: trace.header().value), trace.traceID)
    }
}
