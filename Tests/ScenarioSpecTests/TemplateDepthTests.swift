import XCTest
@testable import ScenarioSpec

/// Issue 21 item 11: expression depth is bounded — a diagnostic, never a stack overflow (DESIGN §1.5).
final class TemplateDepthTests: XCTestCase {
    private let here = SourceLocation(file: "t.yaml", line: 4, column: 10)

    private func assertTooDeep(_ expression: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Template.parse("{{ \(expression) }}", at: here), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains("nested too deeply"), "\(error)", file: file, line: line)
        }
    }

    func testHostileDepthsAreDiagnostics() {
        assertTooDeep(String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000))
        assertTooDeep(Array(repeating: "1", count: 100_000).joined(separator: " + "))
        assertTooDeep(Array(repeating: "2", count: 100_000).joined(separator: " * "))
        assertTooDeep(String(repeating: "-", count: 100_000) + "1")
        assertTooDeep(String(repeating: "a[", count: 50_000) + "0" + String(repeating: "]", count: 50_000))
        assertTooDeep(String(repeating: "random_int(", count: 5_000) + "1, 2" + String(repeating: ", 3)", count: 5_000))
        // Chains nested in parentheses add up: 20 levels of 10-term sums is deeper than the bound.
        var nested = "1"
        for _ in 0..<20 { nested = "(" + Array(repeating: nested, count: 1).joined() + Array(repeating: " + 1", count: 9).joined() + ")" }
        assertTooDeep(nested)
    }

    func testOrdinaryExpressionsStayWellInside() throws {
        let context = TemplateContext(variables: ["a": .array([.int(1), .int(2)])])
        let sum = Array(repeating: "1", count: 40).joined(separator: " + ")
        XCTAssertEqual(try Template.parse("{{ \(sum) }}", at: here).render(in: context), .int(40))
        let parens = String(repeating: "(", count: 40) + "-2" + String(repeating: ")", count: 40)
        XCTAssertEqual(try Template.parse("{{ \(parens) * 3 }}", at: here).render(in: context), .int(-6))
        XCTAssertEqual(try Template.parse("{{ a[a[0]] }}", at: here).render(in: context), .int(2))
    }
}
