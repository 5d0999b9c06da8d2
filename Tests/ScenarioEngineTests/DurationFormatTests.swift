import XCTest
@testable import ScenarioEngine

final class DurationFormatTests: XCTestCase {
    func testMillisecondsBelowASecondAndSecondsFromThere() {
        XCTAssertEqual(format(0.25), "250ms")
        XCTAssertEqual(format(0.9994), "999ms")
        XCTAssertEqual(format(0.9999), "1.00s", "a deadline of 1 s measured a hair short reads as 1.00s")
        XCTAssertEqual(format(1.5), "1.50s")
    }
}
