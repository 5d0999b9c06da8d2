import Foundation
import XCTest
import ScenarioResults
@testable import Reports

/// Relative report paths with one-character components (`--report-dir o`, `r/x`, `--junit q/j.xml`)
/// used to trap inside Foundation's path splitting.
final class AtomicFilePathTests: XCTestCase {
    func testParentAndLastComponent() {
        let cases: [(String, String, String)] = [
            ("o", "", "o"), ("o/", "", "o"), ("r/x", "r", "x"), ("q/j.xml", "q", "j.xml"), ("ab", "", "ab"),
            ("/o", "/", "o"), ("/", "/", "/"), ("a//b", "a", "b"), ("./o", ".", "o"), ("a/b/c/", "a/b", "c"),
        ]
        for (path, parent, last) in cases {
            XCTAssertEqual(AtomicFile.parent(of: path), parent, "parent of '\(path)'")
            XCTAssertEqual(AtomicFile.lastComponent(of: path), last, "last component of '\(path)'")
        }
    }

    func testWritesUnderOneCharacterRelativeDirectories() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(root.path))
        defer {
            _ = FileManager.default.changeCurrentDirectoryPath(previous)
            try? FileManager.default.removeItem(at: root)
        }
        for path in ["o/results.json", "r/x/results.json", "q/j.xml", "x"] {
            try AtomicFile.write(Data("ok".utf8), to: path)
            XCTAssertEqual(try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8), "ok", path)
        }
        let written = try ReportWriter(directory: "d", overrides: [.junit: "j/u.xml"]).write(Fixtures.run, using: Reporters.standard())
        XCTAssertEqual(written, ["j/u.xml", "d/report.md", "d/results.json"])
    }
}
