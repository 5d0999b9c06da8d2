import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// A folder holding several bad files and a good one: every error of every file is reported at once.
final class InvalidFilesTests: XCTestCase {
    private var folder: String { CLI.fixtures.appendingPathComponent("several_invalid").path }
    private let expectedErrors = [
        "a_unknown_key.yaml:5:20: error: unknown key 'topik' in produce",
        "b_bad_duration.yaml:4:14: error: expected a duration like 250ms, 2s or 1m, got 'soon'",
        "c_yaml_syntax.yaml:5:27: error: unterminated string: the closing quote is missing",
    ]

    func testValidateReportsEveryErrorOfEveryFile() throws {
        let result = try CLI.run(["validate", folder])
        XCTAssertEqual(result.status, 2)
        for error in expectedErrors {
            XCTAssertTrue(result.stderr.contains(error), "missing '\(error)' in:\n\(result.stderr)")
        }
        XCTAssertTrue(result.stderr.contains("did you mean 'topic'?"), result.stderr)
    }

    func testAHugeFileIsRefusedBeforeParsing() throws {
        let folder = try CLI.temporaryDirectory()
        let huge = folder.appendingPathComponent("huge.yaml")
        let line = "# " + String(repeating: "x", count: 1021) + "\n"
        try (String(repeating: line, count: 11 * 1024) + "name: huge\nsteps: [{ sleep: 1s }]\n").write(to: huge, atomically: true, encoding: .utf8)
        let start = Date()
        let result = try CLI.run(["validate", huge.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("huge.yaml: error: file is too large (11534370 bytes; the limit is 10485760 bytes)"), result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    func testRunGivesOneJUnitErrorPerInvalidFileAndStillRunsTheValidOne() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", folder, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 2, result.stdout)
        let cases = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases()
        XCTAssertEqual(cases.count, 4)
        let errors = cases.compactMap { $0.child("error")?.attr("message") }
        XCTAssertEqual(errors.count, 3, "\(errors)")
        for (message, expected) in zip(errors.sorted(), expectedErrors) {
            let location = expected.components(separatedBy: ": error: ")
            XCTAssertTrue(message.hasSuffix(location[0] + ": " + location[1]), "\(message) ≠ \(expected)")
        }
        let valid = try XCTUnwrap(cases.first { $0.attr("name") == "fine" })
        XCTAssertNil(valid.child("error"))
        XCTAssertNil(valid.child("failure"))
    }
}
