import XCTest
@testable import ScenarioSpec

final class YAMLReaderTests: XCTestCase {
    private func read(_ text: String, limits: YAMLReader.Limits = YAMLReader.Limits()) -> (Node?, [Diagnostic]) {
        let r = YAMLReader(limits: limits).read(Array(text.utf8), file: "f.yaml")
        return (r.root, r.diagnostics)
    }

    func testPositionsAreOneBasedAndScalarsKnowWhetherTheyAreQuoted() throws {
        let (root, diagnostics) = read("a: 1\nb:\n  - 'x'\n  - |\n    text\n  - plain\n")
        XCTAssertTrue(diagnostics.isEmpty)
        let pairs = try XCTUnwrap(root?.mappingPairs)
        XCTAssertEqual(pairs[0].key.location, SourceLocation(file: "f.yaml", line: 1, column: 1))
        XCTAssertEqual(pairs[0].value.location.column, 4)
        let items = try XCTUnwrap(pairs[1].value.sequenceItems)
        XCTAssertEqual(items[0].location, SourceLocation(file: "f.yaml", line: 3, column: 5))
        XCTAssertEqual(items[0].length, 3, "the quotes count in the caret span")
        guard case .scalar("x", quoted: true) = items[0].kind, case .scalar("text\n", quoted: true) = items[1].kind,
              case .scalar("plain", quoted: false) = items[2].kind else {
            return XCTFail("unexpected scalars \(items.map(\.kind))")
        }
    }

    func testAliasesAreExpandedAtTheAliasPosition() throws {
        let (root, diagnostics) = read("a: &x { k: v }\nb: *x\n")
        XCTAssertTrue(diagnostics.isEmpty)
        let b = try XCTUnwrap(root?.mappingPairs?[1].value)
        XCTAssertEqual(b.jsonValue, .object([JSONMember("k", .string("v"))]))
        XCTAssertEqual(b.location.line, 2)
    }

    func testNodeLimitStopsAliasExpansion() {
        let text = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\n"
        XCTAssertNotNil(read(text, limits: .init(maxNodes: 100)).0)
        let (root, diagnostics) = read(text, limits: .init(maxNodes: 10))
        XCTAssertNil(root)
        XCTAssertEqual(diagnostics.first?.message, "the document expands to too many nodes (more than 10)")
    }

    func testDepthLimitCountsAliasedContent() {
        let text = "a: &a [[[x]]]\nb: [*a]\n"
        XCTAssertNotNil(read(text, limits: .init(maxDepth: 5)).0)
        let (root, diagnostics) = read(text, limits: .init(maxDepth: 4))
        XCTAssertNil(root)
        XCTAssertEqual(diagnostics.first?.location.line, 2)
    }

    func testFileSizeLimit() {
        let (root, diagnostics) = read(String(repeating: "# comment\n", count: 20), limits: .init(maxBytes: 100))
        XCTAssertNil(root)
        XCTAssertTrue(diagnostics.first?.message.hasPrefix("file is too large") == true)
        XCTAssertNotNil(read("a: 1\n", limits: .init(maxBytes: 100)).0)
    }

    func testDuplicateKeyPointsAtTheSecondAndKeepsTheFirst() throws {
        let (root, diagnostics) = read("a: 1\nb: 2\na: 3\n")
        XCTAssertEqual(diagnostics.map(\.message), ["duplicate key 'a' (first at line 1)"])
        XCTAssertEqual(diagnostics.first?.location.line, 3)
        XCTAssertEqual(root?.jsonValue, .object([JSONMember("a", .int(1)), JSONMember("b", .int(2))]))
    }

    func testInvalidUTF8PointsAtTheByte() {
        let r = YAMLReader().read(Array("a: é\nb: ".utf8) + [0xC3, 0x28], file: "f.yaml")
        XCTAssertNil(r.root)
        XCTAssertEqual(r.diagnostics.first?.location, SourceLocation(file: "f.yaml", line: 2, column: 4))
        XCTAssertNil(UTF8Check.firstInvalidByte(Array("보상 ✅ ok".utf8)))
    }

    func testEmptyDocumentsAreReported() {
        for text in ["", "\n\n", "# nothing\n", "---\n"] {
            let (root, diagnostics) = read(text)
            XCTAssertNil(root, text)
            XCTAssertTrue(diagnostics.first?.message.hasPrefix("empty file") == true, text)
        }
        XCTAssertTrue(read("a: 1\n").1.isEmpty)
    }
}
