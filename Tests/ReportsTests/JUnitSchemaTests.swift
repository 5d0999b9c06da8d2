import Foundation
import XCTest
import ScenarioResults
@testable import Reports

/// Strict output validates against all three JUnit schemas; rich output is rejected by the
/// strictest one (proving the check can fail).
final class JUnitSchemaTests: XCTestCase {
    func testStrictOutputValidatesAgainstEverySchema() throws {
        let xml = JUnitReporter().render(Fixtures.run)
        for schema in XMLLint.schemas {
            let result = try XMLLint.check(xml, schema: schema)
            XCTAssertTrue(result.ok, "\(schema): \(result.output)")
        }
    }

    func testNegativeDurationsStillValidate() throws {
        var run = Fixtures.run
        run.duration = -5
        for s in run.suites.indices {
            for c in run.suites[s].scenarios.indices { run.suites[s].scenarios[c].duration = -1.25 }
        }
        for style in [JUnitReporter.Style.strict, .rich] {
            let xml = JUnitReporter(style: style).render(run)
            XCTAssertFalse(xml.contains("time=\"-"), xml)
            guard style == .strict else { continue }
            for schema in XMLLint.schemas {
                let result = try XMLLint.check(xml, schema: schema)
                XCTAssertTrue(result.ok, "\(schema): \(result.output)")
            }
        }
    }

    func testEmptyRunValidates() throws {
        var run = Fixtures.run
        run.suites = []
        for schema in XMLLint.schemas {
            let result = try XMLLint.check(JUnitReporter().render(run), schema: schema)
            XCTAssertTrue(result.ok, "\(schema): \(result.output)")
        }
    }

    func testSuiteWithoutMetricsOrOptionalFactsStillHasAProperty() throws {
        var run = Fixtures.run
        run.environment.brokerCount = nil
        run.environment.clusterID = nil
        run.environment.hostname = ""
        run.suites = [SuiteResult(name: "", file: "x.yaml", scenarios: [])]
        let xml = JUnitReporter().render(run)
        XCTAssertTrue(xml.contains("<property name=\"run.id\""))
        XCTAssertTrue(xml.contains("hostname=\"localhost\""))
        XCTAssertTrue(xml.contains("name=\"x.yaml\""))
        for schema in XMLLint.schemas {
            let result = try XMLLint.check(xml, schema: schema)
            XCTAssertTrue(result.ok, "\(schema): \(result.output)")
        }
    }

    func testRichOutputIsRejectedByWindyroad() throws {
        let result = try XMLLint.check(JUnitReporter(style: .rich).render(Fixtures.run), schema: "windyroad-JUnit.xsd")
        XCTAssertFalse(result.ok)
        XCTAssertTrue(result.output.contains("file"), result.output)
    }

    func testRichOutputIsWellFormed() throws {
        let result = try XMLLint.check(JUnitReporter(style: .rich).render(Fixtures.run))
        XCTAssertTrue(result.ok, result.output)
    }

    func testStructure() throws {
        let xml = JUnitReporter().render(Fixtures.run)
        XCTAssertTrue(xml.contains("<testsuites>\n<testsuite id=\"0\" package=\"kafka-scenario\" name=\"Connectivity\""))
        XCTAssertTrue(xml.contains("timestamp=\"2025-07-29T05:05:00\""))
        XCTAssertTrue(xml.contains("<testcase name=\"reward notification\" classname=\"Producer/Consumer\" time=\"5.003\">"))
        XCTAssertTrue(xml.contains("<failure message=\"no message in notifications matched within 5s\" type=\"MessageNotFound\">"))
        XCTAssertTrue(xml.contains("<error message=\"broker localhost:9999 unreachable after 10s\" type=\"BrokerUnavailable\">"))
        XCTAssertTrue(xml.contains("<skipped>fault steps need the embedded broker</skipped>"))
        XCTAssertTrue(xml.contains("<testcase name=\"scenarios/broken.yaml\" classname=\"Broken\" time=\"0.000\">"))
        XCTAssertTrue(xml.contains("3 | scenarioz:"))
        XCTAssertTrue(xml.contains("<property name=\"basic produce and consume.produce.throughput\" value=\"123.5 msg/s\"/>"))
        XCTAssertTrue(xml.contains("[basic produce and consume] produce 3 to user_actions"))
        XCTAssertFalse(xml.contains(" file=\""), "strict output has no file attribute")
    }

    func testTimeIsFixedPointWhateverTheValue() {
        XCTAssertEqual(FixedPoint.format(0.0000001, decimals: 3), "0.000")
        XCTAssertEqual(FixedPoint.format(1234567.8915, decimals: 3), "1234567.892")
        XCTAssertEqual(FixedPoint.format(.nan, decimals: 3), "0.000")
        XCTAssertEqual(FixedPoint.format(-1.5, decimals: 1), "-1.5")
        XCTAssertEqual(FixedPoint.format(1e20, decimals: 3).contains("e"), false)
    }
}
