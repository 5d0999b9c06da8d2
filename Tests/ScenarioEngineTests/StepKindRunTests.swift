import ScenarioSpec
import XCTest
@testable import ScenarioEngine

/// Every step kind ScenarioSpec registers has a run in ScenarioEngine/Steps.
final class StepKindRunTests: XCTestCase {
    func testEveryRegisteredKindHasARun() {
        XCTAssertFalse(StepKinds.all.isEmpty)
        for kind in StepKinds.all {
            XCTAssertTrue(kind is any RunnableStep.Type, "step kind '\(kind.stepKey.name)' has no RunnableStep conformance")
        }
    }

    func testTheReferenceListsEveryRegisteredKind() {
        XCTAssertEqual(FormatSpec.stepKinds.map(\.name), StepKinds.all.map { $0.stepKey.name })
    }
}
