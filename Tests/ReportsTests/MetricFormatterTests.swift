import XCTest
@testable import Reports

final class MetricFormatterTests: XCTestCase {
    func testUnits() {
        XCTAssertEqual(MetricFormatter.format(123.45, unit: .perSecond), "123.5 msg/s")
        XCTAssertEqual(MetricFormatter.format(0.012, unit: .seconds), "12 ms")
        XCTAssertEqual(MetricFormatter.format(0.0042, unit: .seconds), "4.2 ms")
        XCTAssertEqual(MetricFormatter.format(1.2, unit: .seconds), "1.20 s")
        XCTAssertEqual(MetricFormatter.format(100_000, unit: .count), "100000")
        XCTAssertEqual(MetricFormatter.format(2.5, unit: .count), "2.50")
        XCTAssertEqual(MetricFormatter.format(99.5, unit: .percent), "99.5%")
    }
}
