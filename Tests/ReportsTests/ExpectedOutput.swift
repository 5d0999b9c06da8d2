import Foundation
import XCTest

/// Compares rendered output with a canned file in Expected/; `UPDATE_EXPECTED=1` rewrites the file instead.
enum ExpectedOutput {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Expected")

    static func assertMatches(_ actual: String, file name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_EXPECTED"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing \(url.path); run with UPDATE_EXPECTED=1 to create it", file: file, line: line)
            return
        }
        if let difference = difference(actual, from: expected) {
            XCTFail("\(name) differs from the expected output at \(difference)\n(UPDATE_EXPECTED=1 rewrites it)", file: file, line: line)
        }
    }

    /// Where `actual` first differs from `expected` (the line and both sides), or nil when they are equal.
    static func difference(_ actual: String, from expected: String) -> String? {
        guard actual != expected else { return nil }
        let actualLines = actual.components(separatedBy: "\n")
        let expectedLines = expected.components(separatedBy: "\n")
        let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }
        return first.map { "line \($0.offset + 1):\n  expected: \($0.element.1)\n  actual:   \($0.element.0)" }
            ?? "line counts differ (\(expectedLines.count) expected, \(actualLines.count) actual)"
    }
}
