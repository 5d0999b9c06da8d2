import Foundation
import TestSupport
import XCTest
import ScenarioResults
@testable import Reports

/// report.md through a real CommonMark + GFM renderer (cmark-gfm): every table keeps its shape and every
/// code block holds exactly what the report put in it, in both languages, whatever the payloads.
final class MarkdownRenderCheckTests: XCTestCase {
    private let utc = TimeZone(identifier: "UTC")!

    /// Failures, errors, a flaky and a skipped scenario, an invalid file, a flow, and hostile text everywhere.
    static var hostileRun: RunResult {
        var run = Fixtures.run
        run.suites.append(RetryFlowFixtures.pipelines)
        var hostile = ScenarioResult(
            name: "pipe | in `name` ``` <b>", suite: "Hostile", file: "h.yaml", line: 3, status: .failed, duration: 1,
            failure: Failure(message: "expected `a|b`\nthen ```", type: "Mismatch|Type",
                             details: "```\n# not a heading\n~~~\n</code></pre><script>x</script>\n| a | b |\n````", location: "h.yaml:5"),
            verified: ["| cell | like |", "```"],
            metrics: [Metric(name: "m", label: "label | with\npipe `x`", value: 1, unit: .seconds, threshold: "< 1s | 2", passed: false),
                      Metric(name: "n", label: "\\|escaped\\", value: 2, unit: .perSecond, threshold: ">= 1/s", passed: true)],
            sampleMessage: "```\n## sample heading?\n```\n~~~\n</pre>", description: "desc with ``` and | pipes")
        hostile.attempts = 2
        hostile.earlierAttempts = [Attempt(status: .failed, duration: 1, failure: Failure(message: "```\n| x |", type: "T"))]
        var flow = RetryFlowFixtures.pipeline
        flow.name = "flow ``` name"
        flow.flows = RetryFlowFixtures.edges(from: "in```put", processor: "p\"]|`", to: "out\n```", read: 1, written: 1)
        run.suites.append(SuiteResult(name: "Hostile | suite", file: "h.yaml", description: "```\nfenced?", scenarios: [hostile, flow]))
        run.suites[0].scenarios[0].sampleMessage = nil
        run.suites[1].scenarios[0].sampleMessage = hostile.sampleMessage
        return run
    }

    func testEnglishReportRendersCleanly() throws {
        try check(MarkdownReporter(language: .en, timeZone: utc).render(Self.hostileRun))
    }

    func testKoreanReportRendersCleanly() throws {
        try check(MarkdownReporter(language: .ko, timeZone: utc).render(Self.hostileRun))
    }

    func testThePlainFixturesRenderCleanly() throws {
        try check(MarkdownReporter(language: .en, timeZone: utc).render(Fixtures.run))
        try check(MarkdownReporter(language: .ko, timeZone: utc).render(RetryFlowFixtures.run))
    }

    /// The checks can fail: a broken table and a leaking fence are caught.
    func testTheChecksCatchABrokenTableAndALeakingFence() throws {
        let brokenTable = "| a | b |\n|---|---|\n| x | y | z |\n| only |\n"
        XCTAssertFalse(try problems(brokenTable).isEmpty)
        let leakingFence = "```\ninside\n```\n\n```\n```x\n## heading\n"
        XCTAssertFalse(try problems(leakingFence).isEmpty)
        XCTAssertEqual(try problems("| a | b |\n|---|---|\n| x \\| y | z |\n\n```json\n{}\n```\n"), [])
    }

    // MARK: the checks

    private func check(_ markdown: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let found = try problems(markdown)
        XCTAssertEqual(found, [], "\n" + markdown, file: file, line: line)
        XCTAssertTrue(markdown.contains("| "), "the fixture has a table", file: file, line: line)
    }

    /// What is wrong with the rendered HTML of `markdown`; empty when nothing is.
    private func problems(_ markdown: String) throws -> [String] {
        let html = try Self.render(markdown)
        var problems: [String] = []
        let source = Self.sourceBlocks(markdown)

        // Tables: each row has the header's cells, none empty (the renderer pads short rows with empty cells
        // and drops extra ones), and every source row of the table is a row of the HTML table.
        let tables = Self.all(in: html, from: "<table>", to: "</table>")
        if tables.count != source.tables.count { problems.append("\(source.tables.count) tables written, \(tables.count) rendered") }
        for (table, rows) in zip(tables, source.tables) {
            let htmlRows = Self.all(in: table, from: "<tr>", to: "</tr>")
            let counts = htmlRows.map { $0.components(separatedBy: "<th").count - 1 + $0.components(separatedBy: "<td").count - 1 }
            if Set(counts).count > 1 { problems.append("rows with different cell counts \(counts): \(table)") }
            if htmlRows.count != rows.count { problems.append("\(rows.count) table rows written, \(htmlRows.count) rendered: \(table)") }
            if table.contains("<td></td>") || table.contains("<th></th>") { problems.append("an empty cell: \(table)") }
            for (row, sourceRow) in zip(rows, rows.map(Self.unescapedPipes)) where sourceRow != (counts.first ?? 0) + 1 {
                problems.append("source row with \(sourceRow - 1) cells: \(row)")
            }
        }

        // Code blocks: as many as written, each holding exactly its source text, and no heading swallowed.
        let blocks = Self.all(in: html, from: "<pre>", to: "</pre>")
        if blocks.count != source.codeBlocks.count {
            problems.append("\(source.codeBlocks.count) code blocks written, \(blocks.count) rendered")
        }
        for (block, text) in zip(blocks, source.codeBlocks) {
            let body = block.drop { $0 != ">" }.dropFirst()   // after <code …>
            let expected = Self.htmlEscaped(text) + (text.isEmpty ? "" : "\n") + "</code>"
            if String(body) != expected { problems.append("code block changed:\n\(body)\nexpected:\n\(expected)") }
        }
        let headings = html.components(separatedBy: "<h2>").count - 1
        if headings != source.h2 { problems.append("\(source.h2) level-2 headings written, \(headings) rendered") }
        return problems
    }

    static func render(_ markdown: String) throws -> String {
        guard let tool = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm", "/opt/homebrew/bin/cmark-gfm"]
            .first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw missingPart("cmark-gfm is not installed (Debian: apt-get install -y cmark-gfm; scripts/install-deps.sh does it)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-e", "table"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // Written from another thread, so a large input never waits on unread output.
        let writer = input.fileHandleForWriting
        let bytes = Data(markdown.utf8)
        Thread {
            writer.write(bytes)
            try? writer.close()
        }.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The source's tables (their lines, the delimiter row left out), fenced blocks (their text) and `## ` headings,
    /// read with CommonMark's fence rule.
    static func sourceBlocks(_ markdown: String) -> (tables: [[String]], codeBlocks: [String], h2: Int) {
        var tables: [[String]] = [], blocks: [String] = [], h2 = 0
        var fence: (mark: Character, length: Int)?
        var block: [String] = []
        var table: [String]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let open = fence {
                let run = line.prefix { $0 == open.mark }
                if run.count >= open.length, line.dropFirst(run.count).allSatisfy({ $0 == " " }) {
                    blocks.append(block.joined(separator: "\n"))
                    fence = nil
                } else {
                    block.append(line)
                }
                continue
            }
            if let mark = line.first, mark == "`" || mark == "~" {
                let run = line.prefix { $0 == mark }
                if run.count >= 3 {
                    if let done = table { tables.append(done); table = nil }
                    fence = (mark, run.count)
                    block = []
                    continue
                }
            }
            if line.hasPrefix("|") {
                if !line.hasPrefix("|-") { table = (table ?? []) + [line] }
                continue
            }
            if let done = table { tables.append(done); table = nil }
            if line.hasPrefix("## ") { h2 += 1 }
        }
        if let done = table { tables.append(done) }
        if fence != nil { blocks.append(block.joined(separator: "\n")) }
        return (tables, blocks, h2)
    }

    static func unescapedPipes(_ line: String) -> Int {
        var count = 0, escaped = false
        for character in line {
            if character == "|" && !escaped { count += 1 }
            escaped = character == "\\" && !escaped
        }
        return count
    }

    static func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func all(in text: String, from open: String, to close: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            found.append(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return found
    }
}
