import XCTest
@testable import ScenarioSpec

final class DiagnosticRendererTests: XCTestCase {
    private func diagnostic(line: Int, column: Int, length: Int = 1, help: String? = nil,
                            severity: Diagnostic.Severity = .error) -> Diagnostic {
        Diagnostic(severity, at: SourceLocation(file: "scenarios/a.yaml", line: line, column: column), "message",
                   help: help, length: length)
    }

    func testTheDocumentedShape() {
        let source = (1...11).map { _ in "x: 1" }.joined(separator: "\n") + "\n      topc: user_actions\n"
        let d = Diagnostic(at: SourceLocation(file: "scenarios/a.yaml", line: 12, column: 7),
                           "unknown key 'topc' in produce", help: "did you mean 'topic'?", length: 4)
        XCTAssertEqual(DiagnosticRenderer.render(d, source: source), """
            scenarios/a.yaml:12:7: error: unknown key 'topc' in produce
               |
            12 |       topc: user_actions
               |       ^^^^
               = help: did you mean 'topic'?
            """)
    }

    func testWarningsAndMissingSource() {
        XCTAssertEqual(DiagnosticRenderer.render(diagnostic(line: 3, column: 2, severity: .warning), source: nil),
                       "scenarios/a.yaml:3:2: warning: message")
        XCTAssertEqual(DiagnosticRenderer.render(diagnostic(line: 9, column: 1), source: "only one line"),
                       "scenarios/a.yaml:9:1: error: message")
    }

    func testTabsAreShownAsSpacesAndTheCaretFollows() {
        let rendered = DiagnosticRenderer.render(diagnostic(line: 1, column: 3, length: 2), source: "\tab: 1")
        XCTAssertEqual(rendered.split(separator: "\n").dropFirst(2).joined(separator: "\n"), """
            1 |     ab: 1
              |      ^^
            """)
    }

    func testLongLinesAreTrimmedAroundTheColumn() {
        let line = String(repeating: "a", count: 150) + "TARGET" + String(repeating: "b", count: 150)
        let rendered = DiagnosticRenderer.render(diagnostic(line: 1, column: 151, length: 6), source: line)
        let lines = rendered.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[2].hasPrefix("1 | ...") && lines[2].hasSuffix("..."), lines[2])
        XCTAssertLessThan(lines[2].count, 120)
        let caret = lines[3].firstIndex(of: "^").map { lines[3].distance(from: lines[3].startIndex, to: $0) }
        let target = lines[2].range(of: "TARGET").map { lines[2].distance(from: lines[2].startIndex, to: $0.lowerBound) }
        XCTAssertEqual(caret, target)
        XCTAssertTrue(lines[3].hasSuffix("^^^^^^"))
    }

    func testWideCharactersWidenTheCaret() {
        let rendered = DiagnosticRenderer.render(diagnostic(line: 1, column: 1, length: 2), source: "토픽: x")
        XCTAssertTrue(rendered.hasSuffix("\n  | ^^^^"), rendered)
    }

    func testSuggestions() {
        XCTAssertEqual(Suggestion.closest(to: "topc", in: ["topic", "value"]), "topic")
        XCTAssertEqual(Suggestion.closest(to: "tiemout", in: ["timeout", "name"]), "timeout")
        XCTAssertNil(Suggestion.closest(to: "banana", in: ["topic", "value"]))
        XCTAssertEqual(Suggestion.distance("ab", "ba"), 1)
    }
}
