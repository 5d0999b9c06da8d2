import KafkaClient
import ScenarioSpec
import XCTest

/// `validate` checks `expect_error:` names against ScenarioSpec's static list (ScenarioSpec does not link
/// librdkafka): the linked librdkafka must know no name that list lacks, or a valid name would be refused.
final class KafkaErrorNamesTests: XCTestCase {
    func testEveryErrorNameOfTheLinkedLibrdkafkaIsKnownToValidate() {
        let linked = KafkaError.knownErrors.map(\.name).filter { $0 != "BEGIN" && $0 != "END" }
        XCTAssertGreaterThan(linked.count, 100)
        let missing = linked.filter { !KafkaErrorNames.known.contains($0) }
        XCTAssertEqual(missing, [], "add these to Sources/ScenarioSpec/KafkaErrorNames.swift")
    }
}
