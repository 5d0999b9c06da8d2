import Foundation
import XCTest
import ScenarioResults
@testable import Reports

final class ReportWriterTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private var reporters: [Reporter] { Reporters.standard(timeZone: TimeZone(identifier: "UTC")!) }

    private func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    func testWritesEveryReportIntoANewNestedDirectory() throws {
        let dir = directory.appendingPathComponent("a/b").path
        let written = try ReportWriter(directory: dir).write(Fixtures.run, using: reporters)
        XCTAssertEqual(written, ["\(dir)/junit.xml", "\(dir)/report.md", "\(dir)/results.json"])
        XCTAssertEqual(contents("\(dir)/junit.xml"), JUnitReporter().render(Fixtures.run))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no temp files remain")
    }

    func testDefaultDirectoryAndOverrides() throws {
        XCTAssertEqual(ReportWriter().path(for: .junit), "reports/junit.xml")
        let custom = directory.appendingPathComponent("elsewhere/custom.xml").path
        let writer = ReportWriter(directory: directory.path + "/", overrides: [.junit: custom])
        XCTAssertEqual(writer.path(for: .markdown), directory.path + "/report.md")
        try writer.write(Fixtures.run, using: reporters)
        XCTAssertNotNil(contents(custom))
        XCTAssertNil(contents(directory.path + "/junit.xml"))
    }

    func testRewriteReplacesThePreviousReport() throws {
        let writer = ReportWriter(directory: directory.path)
        try writer.write(Fixtures.run, using: [JSONReporter()])
        var second = Fixtures.run
        second.runID = "second"
        try writer.write(second, using: [JSONReporter()])
        XCTAssertTrue(contents(writer.path(for: .json))?.contains("\"second\"") ?? false)
    }

    func testUnwritableDirectoryGivesOneClearSentence() throws {
        // Tests run as root, so permissions cannot make a directory unwritable: a path under a file can.
        let file = directory.appendingPathComponent("plain-file")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: file)
        let target = file.path + "/sub"
        XCTAssertThrowsError(try ReportWriter(directory: target).write(Fixtures.run, using: reporters)) { error in
            XCTAssertEqual(String(describing: error), "cannot write reports to '\(file.path)/': Not a directory")
            XCTAssertEqual((error as? LocalizedError)?.errorDescription, "cannot write reports to '\(file.path)/': Not a directory")
        }
    }

    func testUnwritableSystemPath() {
        XCTAssertThrowsError(try ReportWriter(directory: "/proc/kafka-scenario-reports").write(Fixtures.run, using: [JSONReporter()])) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.hasPrefix("cannot write reports to '/proc/kafka-scenario-reports/': "), text)
        }
    }

    func testOneFailingFileDoesNotStopTheOthers() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let blocked = directory.appendingPathComponent("blocked")
        try Data("x".utf8).write(to: blocked)
        let writer = ReportWriter(directory: directory.path, overrides: [.junit: blocked.path + "/junit.xml"])
        XCTAssertThrowsError(try writer.write(Fixtures.run, using: reporters))
        XCTAssertNotNil(contents(writer.path(for: .markdown)))
        XCTAssertNotNil(contents(writer.path(for: .json)))
    }

    func testAFailedWriteLeavesThePreviousFileIntactAndNoTempFile() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("junit.xml").path
        try Data("previous".utf8).write(to: URL(fileURLWithPath: path))
        struct Interrupted: Error {}
        XCTAssertThrowsError(try AtomicFile.write(Data("new".utf8), to: path, beforeRename: { throw Interrupted() }))
        XCTAssertEqual(contents(path), "previous")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["junit.xml"])
    }

    func testRenameOntoADirectoryFailsWithThePath() throws {
        let path = directory.appendingPathComponent("results.json")
        try FileManager.default.createDirectory(at: path.appendingPathComponent("keep"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.write(Data("{}".utf8), to: path.path)) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("cannot write reports to '\(path.path)': "), "\(error)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: path.appendingPathComponent("keep").path))
    }
}
