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

    func testAChangedFixtureNoLongerMatches() throws {
        guard ProcessInfo.processInfo.environment["UPDATE_EXPECTED"] != "1" else { return }
        var run = Fixtures.run
        run.runID = "other"
        let expected = try String(contentsOf: ExpectedOutput.directory.appendingPathComponent("results.json"), encoding: .utf8)
        XCTAssertNotEqual(JSONReporter().render(run), expected)
    }
}
