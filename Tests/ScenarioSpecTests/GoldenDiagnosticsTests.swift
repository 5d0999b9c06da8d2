import Foundation
import XCTest
@testable import ScenarioSpec

/// One golden file per user-facing diagnostic: `Golden/<name>.yaml` beside `Golden/<name>.txt`, the expected
/// rendered output of loading it. `UPDATE_GOLDEN=1 swift test` rewrites the `.txt` files in the source tree.
final class GoldenDiagnosticsTests: XCTestCase {
    private var goldenDirectory: URL {
        get throws {
            try XCTUnwrap(Bundle.module.url(forResource: "Golden", withExtension: nil), "Golden resources missing")
        }
    }

    private var sourceGoldenDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    private func cases() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: goldenDirectory.path)
            .filter { $0.hasSuffix(".yaml") }
            .map { String($0.dropLast(5)) }
            .sorted()
    }

    /// Renders what loading the golden file reports, with the golden folder shown as `Golden/`.
    static func rendered(_ url: URL, under directory: URL) -> String {
        let result = SpecLoader().load(paths: [url.path])
        let text = result.diagnostics.map(result.render).joined(separator: "\n\n")
        return text.replacingOccurrences(of: directory.path + "/", with: "Golden/") + "\n"
    }

    func testEveryGoldenFileRendersItsExpectedDiagnostics() throws {
        let directory = try goldenDirectory
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        for name in try cases() {
            let actual = Self.rendered(directory.appendingPathComponent("\(name).yaml"), under: directory)
            if update {
                try actual.write(to: sourceGoldenDirectory.appendingPathComponent("\(name).txt"), atomically: true,
                                 encoding: .utf8)
                continue
            }
            let expected = try? String(contentsOf: directory.appendingPathComponent("\(name).txt"), encoding: .utf8)
            XCTAssertEqual(actual, expected, "golden \(name): rendered diagnostics differ (UPDATE_GOLDEN=1 rewrites)")
        }
    }

    func testGoldenFilesCoverAtLeastThirtyErrors() throws {
        let directory = try goldenDirectory
        var errorCases = 0
        for name in try cases() {
            let result = SpecLoader().load(paths: [directory.appendingPathComponent("\(name).yaml").path])
            if result.hasErrors { errorCases += 1 }
        }
        XCTAssertGreaterThanOrEqual(errorCases, 30)
    }

    /// The golden comparison is exact to the line: the same file moved down one line no longer matches its golden.
    func testAGoldenCaseMovedByOneLineNoLongerMatches() throws {
        let directory = try goldenDirectory
        let source = try String(contentsOf: directory.appendingPathComponent("unknown_key_in_produce.yaml"), encoding: .utf8)
        let golden = try String(contentsOf: directory.appendingPathComponent("unknown_key_in_produce.txt"), encoding: .utf8)
        let moved = FileManager.default.temporaryDirectory.appendingPathComponent("golden-moved-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: moved, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: moved) }
        try ("# one line more\n" + source).write(to: moved.appendingPathComponent("unknown_key_in_produce.yaml"), atomically: true,
                                                  encoding: .utf8)
        let actual = Self.rendered(moved.appendingPathComponent("unknown_key_in_produce.yaml"), under: moved)
        XCTAssertTrue(golden.hasPrefix("Golden/unknown_key_in_produce.yaml:4:7: error: unknown key 'topc' in produce"), golden)
        XCTAssertTrue(actual.hasPrefix("Golden/unknown_key_in_produce.yaml:5:7: error: unknown key 'topc' in produce"), actual)
        XCTAssertNotEqual(actual, golden)
    }
}
