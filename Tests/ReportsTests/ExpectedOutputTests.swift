import Foundation
import XCTest
@testable import Reports

/// Canned outputs of every file reporter on the fixed fixture (UPDATE_EXPECTED=1 rewrites them).
final class ExpectedOutputTests: XCTestCase {
    private let utc = TimeZone(identifier: "UTC")!

    func testJUnitStrict() throws {
        try ExpectedOutput.assertMatches(JUnitReporter().render(Fixtures.run), file: "junit-strict.xml")
    }

    func testJUnitRich() throws {
        try ExpectedOutput.assertMatches(JUnitReporter(style: .rich).render(Fixtures.run), file: "junit-rich.xml")
    }

    func testMarkdownEnglish() throws {
        try ExpectedOutput.assertMatches(MarkdownReporter(language: .en, timeZone: utc).render(Fixtures.run), file: "report-en.md")
    }

    func testMarkdownKorean() throws {
        try ExpectedOutput.assertMatches(MarkdownReporter(language: .ko, timeZone: utc).render(Fixtures.run), file: "report-ko.md")
    }

    func testJSON() throws {
        try ExpectedOutput.assertMatches(JSONReporter().render(Fixtures.run), file: "results.json")
    }

    func testTheComparisonNamesTheLineOfAChangedRunID() throws {
        var run = Fixtures.run
        run.runID = "other-run-id"
        let canned = try String(contentsOf: ExpectedOutput.directory.appendingPathComponent("results.json"), encoding: .utf8)
        let rendered = JSONReporter().render(run)
        let changedLine = try XCTUnwrap(rendered.components(separatedBy: "\n").firstIndex { $0.contains("other-run-id") })
        let difference = try XCTUnwrap(ExpectedOutput.difference(rendered, from: canned), "a changed run id must not compare equal")
        XCTAssertTrue(difference.hasPrefix("line \(changedLine + 1):\n"), difference)
        XCTAssertTrue(difference.contains("actual:   \(rendered.components(separatedBy: "\n")[changedLine])"), difference)
        XCTAssertNil(ExpectedOutput.difference(canned, from: canned))
    }
}
