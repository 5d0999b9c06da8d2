import XCTest
@testable import ScenarioSpec

/// The one list of step kinds drives the step keys, and every kind's mapping reaches the schema and reference.
final class StepKindsTests: XCTestCase {
    func testStepKeysAreTheRegisteredKindsInOrder() {
        XCTAssertEqual(FormatSpec.stepKinds.map(\.name), StepKinds.buildable.map { $0.stepKey.name })
        XCTAssertEqual(Set(FormatSpec.stepKinds.map(\.name)).count, FormatSpec.stepKinds.count, "a step key registered twice")
    }

    func testEveryKindsMappingIsInTheGeneratedDocsAndSchema() {
        for kind in StepKinds.buildable {
            guard let mapping = kind.mapping else { continue }
            XCTAssertNotNil(FormatSpec.mapping(named: mapping.name), "\(mapping.name) is missing from FormatSpec.all")
            XCTAssertEqual(kind.stepKey.type, .object(mapping.name), "\(kind.stepKey.name): key and mapping disagree")
        }
    }
}
