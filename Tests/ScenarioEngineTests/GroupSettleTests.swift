import JSONValues
import KafkaClient
import ScenarioResults
import ScenarioSpec
import XCTest
@testable import ScenarioEngine

/// `settle: service` names the group of the suite's one service with `ready.group` (the `services` variable).
final class GroupSettleTests: XCTestCase {
    private func context(services: [JSONMember]) -> ScenarioContext {
        ScenarioContext(session: FakeKafkaSession(), runID: "test", suiteName: "s", scenarioName: "one", scenarioFile: "s.yaml",
                        topicNames: [:], variables: ["services": .object(services)], environment: [:],
                        cancellation: Cancellation(), registry: TopicRegistry(), isolationID: "test.1")
    }

    private func entry(group: String?) -> JSONValue {
        .object([JSONMember("port", .int(8080))] + (group.map { [JSONMember("group", .string($0))] } ?? []))
    }

    func testSettleServiceUsesTheReadyGroupOfTheOnlyServiceThatNamesOne() throws {
        let ctx = context(services: [JSONMember("web", entry(group: nil)), JSONMember("relay", entry(group: "relay.r1"))])
        let settle = try GroupSettle(Settle(group: .service), ctx, watched: "out", from: .scenarioStart, deadline: .after(1))
        XCTAssertEqual(settle.group, "relay.r1")
    }

    func testSettleServiceWithoutOrWithSeveralReadyGroupsIsAStepErrorNamingThem() {
        for (services, named) in [([JSONMember("web", entry(group: nil))], [String]()),
                                  ([JSONMember("a", entry(group: "ga")), JSONMember("b", entry(group: "gb"))], ["a", "b"])] {
            XCTAssertThrowsError(try GroupSettle(Settle(group: .service), context(services: services), watched: "out",
                                                 from: .scenarioStart, deadline: .after(1))) { error in
                guard case StepError.errored(let failure) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(failure.reason, .settleNeedsServiceGroup(services: named))
            }
        }
    }
}
