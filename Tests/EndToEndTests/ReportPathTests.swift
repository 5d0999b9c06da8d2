import Foundation
import XCTest

/// Report paths relative to the working directory, with one-character components: these used to
/// crash (SIGILL) while making the directories, and no report was written.
final class ReportPathTests: XCTestCase {
    static let scenario = """
    suite: Tiny
    scenarios:
      - name: cluster answers
        steps:
          - cluster: { brokers: ">= 1" }

    """

    func testOneCharacterReportDirectoriesAreCreated() throws {
        let root = try CLI.temporaryDirectory()
        try Data(Self.scenario.utf8).write(to: root.appendingPathComponent("x.yaml"))

        let plain = try CLI.run(["run", "x.yaml", "--report-dir", "o", "--quiet"], in: root)
        XCTAssertEqual(plain.status, 0, plain.stdout + plain.stderr)
        for name in ["junit.xml", "report.md", "results.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("o/\(name)").path), name)
        }

        let nested = try CLI.run(["run", "x.yaml", "--report-dir", "r/x", "--junit", "q/j.xml", "--quiet"], in: root)
        XCTAssertEqual(nested.status, 0, nested.stdout + nested.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("r/x/results.json").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("q/j.xml").path))

        let again = try CLI.run(["report", "o/results.json", "--report-dir", "y"], in: root)
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("y/report.md").path))
    }
}
