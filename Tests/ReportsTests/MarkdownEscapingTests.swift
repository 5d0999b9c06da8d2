import Foundation
import XCTest
import ScenarioResults
@testable import Reports

/// Tables, lists and fences stay valid GitHub Markdown whatever the payload.
final class MarkdownEscapingTests: XCTestCase {
    /// Cells of a GFM table row: split on pipes that are not backslash-escaped.
    private func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in row {
            if character == "|" && !escaped {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
            escaped = character == "\\" && !escaped
        }
        cells.append(current)
        return Array(cells.dropFirst().dropLast())
    }

    private func tableRows(_ markdown: String) -> [String] {
        markdown.components(separatedBy: "\n").filter { $0.hasPrefix("|") }
    }

    func testHostileMetricStaysOneRowOfFourCells() {
        var run = Fixtures.run
        run.suites = [Fixtures.connectivity]
        run.suites[0].scenarios[0].metrics = [
            Metric(name: "m", label: "a | b\nc `code` \u{1B}[31m", value: 1, unit: .seconds, threshold: "|| ``<5`` |", passed: false),
        ]
        let md = MarkdownReporter(timeZone: TimeZone(identifier: "UTC")!).render(run)
        let rows = tableRows(md)
        XCTAssertEqual(rows.count, 3, md)
        for row in rows { XCTAssertEqual(cells(row).count, 4, row) }
        XCTAssertTrue(rows[2].contains("a \\| b<br>c \\`code\\`"), rows[2])
        XCTAssertFalse(md.contains("\u{1B}"))
    }

    func testTheCellSplitterNoticesAnUnescapedPipe() {
        XCTAssertEqual(cells("| a | b | c |").count, 3)
        XCTAssertEqual(cells("| a | b \\| c |").count, 2)
    }

    func testCellEscapes() {
        XCTAssertEqual(MarkdownEscaping.cell("a|b"), "a\\|b")
        XCTAssertEqual(MarkdownEscaping.cell("one\ntwo\r\nthree"), "one<br>two<br>three")
        XCTAssertEqual(MarkdownEscaping.cell("`x`"), "\\`x\\`")
        XCTAssertEqual(MarkdownEscaping.cell("< 5s"), "< 5s")
        XCTAssertEqual(MarkdownEscaping.cell("<script>"), "&lt;script>")
    }

    func testEntitiesInPayloadsAreShownAsWritten() {
        XCTAssertEqual(MarkdownEscaping.inline("a &lt; b &#62; c"), "a &amp;lt; b &amp;#62; c")
        XCTAssertEqual(MarkdownEscaping.inline("R & D"), "R & D")
    }

    func testInlineEscapesListAndEmphasisSyntax() {
        XCTAssertEqual(MarkdownEscaping.inline("# not a heading", blockStart: true), "\\# not a heading")
        XCTAssertEqual(MarkdownEscaping.inline("a # b", blockStart: true), "a # b")
        XCTAssertEqual(MarkdownEscaping.inline("**bold** [link]"), "\\*\\*bold\\*\\* \\[link\\]")
        XCTAssertEqual(MarkdownEscaping.inline("line\nbreak"), "line break")
    }

    func testFenceIsLongerThanAnyBacktickRunInside() {
        XCTAssertEqual(MarkdownEscaping.fenced("plain", info: "json"), "```json\nplain\n```")
        XCTAssertEqual(MarkdownEscaping.fenced("has ``` and ````"), "`````\nhas ``` and ````\n`````")
        XCTAssertEqual(MarkdownEscaping.code("a`b"), "``a`b``")
        XCTAssertEqual(MarkdownEscaping.code("`x"), "`` `x ``")
    }

    func testFailureDetailsWithAFenceCannotBreakOut() {
        var run = Fixtures.run
        run.suites[1].scenarios[1].failure?.details = "```\n# injected heading\n```"
        let md = MarkdownReporter(timeZone: TimeZone(identifier: "UTC")!).render(run)
        XCTAssertTrue(md.contains("````\n```\n# injected heading\n```\n````"))
    }
}
