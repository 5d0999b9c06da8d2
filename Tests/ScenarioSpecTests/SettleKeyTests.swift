import JSONValues
import XCTest
@testable import ScenarioSpec

/// `settle:` on expect_none and waiting expects (DESIGN §2.1).
final class SettleKeyTests: XCTestCase {
    func testSettleIsReadAsAGroupOrTheService() throws {
        let (suite, diagnostics) = loadSpec("""
            name: s
            topics: [{ name: out }]
            steps:
              - expect_none: { topic: out, for: 5s, settle: { group: "relay.{{ run.id }}", quiet: 50ms } }
              - expect: { topic: out, count: 0, within: 5s, settle: service }
            """)
        XCTAssertEqual(errors(diagnostics), [])
        XCTAssertEqual(warnings(diagnostics), [])
        let steps = try XCTUnwrap(suite?.scenarios.first?.steps)
        let none = try XCTUnwrap(steps[0].kind as? ExpectNoneStep)
        guard case .named(let group)? = none.settle?.group else { return XCTFail("no named group") }
        let context = TemplateContext(variables: ["run": .object([JSONMember("id", .string("r1"))])])
        XCTAssertEqual(try group.render(in: context), .string("relay.r1"))
        XCTAssertEqual(none.settle?.quiet, Duration(seconds: 0.05))
        let expect = try XCTUnwrap(steps[1].kind as? ExpectStep)
        guard case .service? = expect.settle?.group else { return XCTFail("not the service's group") }
        XCTAssertEqual(expect.settle?.quiet, Settle.defaultQuiet)
    }

    func testAWrongSettleValueIsAnErrorAndSettleOnAnEndingExpectWarns() {
        let (_, diagnostics) = loadSpec("""
            name: s
            topics: [{ name: out }]
            steps:
              - expect_none: { topic: out, for: 5s, settle: soon }
              - expect: { topic: out, within: 5s, settle: { group: g, quite: 1s } }
              - expect: { topic: out, count: ">= 1", within: 5s, settle: service }
            """)
        let messages = errors(diagnostics)
        XCTAssertTrue(messages.contains { $0.contains("expected 'service' or a mapping { group: NAME } for settle") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("quite") }, "\(messages)")
        XCTAssertTrue(warnings(diagnostics).contains { $0.contains("settle only shortens a wait") }, "\(warnings(diagnostics))")
    }
}
