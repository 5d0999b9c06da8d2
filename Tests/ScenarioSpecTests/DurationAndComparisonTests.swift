import XCTest
@testable import ScenarioSpec

final class DurationAndComparisonTests: XCTestCase {
    func testDurationsParseWithTheirUnits() {
        XCTAssertEqual(Duration.parse("250ms")?.seconds, 0.25)
        XCTAssertEqual(Duration.parse("1.5s")?.seconds, 1.5)
        XCTAssertEqual(Duration.parse("1m")?.seconds, 60)
        XCTAssertEqual(Duration.parse("2h")?.seconds, 7200)
        XCTAssertNil(Duration.parse("5"))
        XCTAssertNil(Duration.parse("-5s"))
        XCTAssertNil(Duration.parse("s"))
    }

    func testDescriptionsAreShortAndNeverEndInADot() {
        XCTAssertEqual(Duration(seconds: 0.25).description, "250ms")
        XCTAssertEqual(Duration(seconds: 1.5).description, "1.5s")
        XCTAssertEqual(Duration(seconds: 120).description, "2m")
        XCTAssertEqual(Duration(seconds: 1.0001).description, "1s")
        XCTAssertEqual(Rate(perSecond: 10.00001).description, "10/s")
    }

    func testHugeValuesAreDescribedWithoutCrashing() throws {
        XCTAssertEqual(try XCTUnwrap(Duration.parse("1e30s")).description, "1e+30s")
        XCTAssertEqual(try XCTUnwrap(Comparison.parse("< 1e300")).description, "< 1e+300")
        XCTAssertEqual(try XCTUnwrap(Comparison.parse("1e20")).description, "1e+20")
    }

    func testComparisonsParseOperatorAndUnit() throws {
        let rate = try XCTUnwrap(Comparison.parse(">= 10/s"))
        XCTAssertEqual(rate, Comparison(.ge, 10, unit: .rate))
        XCTAssertEqual(Comparison.parse("< 5s"), Comparison(.lt, 5, unit: .duration))
        XCTAssertEqual(Comparison.parse("!= 0"), Comparison(.ne, 0))
        XCTAssertNil(Comparison.parse("=> 5"))
        XCTAssertNil(Comparison.parse(">= lots"))
        XCTAssertTrue(rate.holds(for: 10))
        XCTAssertFalse(rate.holds(for: 9.9))
    }
}
