import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

final class ExitCodeTests: XCTestCase {
    func testInvalidFileIsExitTwoWithLocationAndJUnitError() throws {
        let reports = try CLI.temporaryDirectory()
        let file = CLI.fixtures.appendingPathComponent("invalid/unknown_key.yaml").path
        let result = try CLI.run(["run", file, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("unknown_key.yaml:4:7: error:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("did you mean 'topic'"), result.stderr)
        let cases = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases()
        XCTAssertEqual(cases.count, 1)
        XCTAssertNotNil(cases.first?.child("error"))
    }

    func testValidateReportsWithoutABroker() throws {
        let ok = try CLI.run(["validate", CLI.repository.appendingPathComponent("scenarios/seed").path])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let bad = try CLI.run(["validate", CLI.fixtures.appendingPathComponent("invalid").path])
        XCTAssertEqual(bad.status, 2)
    }

    func testUnreachableBrokerIsExitThreeWithinTheConnectTimeout() throws {
        let reports = try CLI.temporaryDirectory()
        let start = Date()
        let result = try CLI.run(["run", CLI.repository.appendingPathComponent("scenarios/seed/1_connectivity.yaml").path,
                                  "--bootstrap-servers", "127.0.0.1:1", "--connect-timeout", "2s", "--report-dir", reports.path])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("127.0.0.1:1"), result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testUsageErrorIsExitTwo() throws {
        let result = try CLI.run(["run", "--jobs", "0"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("--jobs"), result.stderr)
    }

    func testUnwritableReportDirectoryIsExitThree() throws {
        let result = try CLI.run(["run", CLI.repository.appendingPathComponent("scenarios/seed/1_connectivity.yaml").path,
                                  "--report-dir", "/proc/kafka-scenario-reports"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("/proc/kafka-scenario-reports"), result.stderr)
    }
}
