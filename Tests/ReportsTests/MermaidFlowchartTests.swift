import Foundation
import XCTest
import ScenarioResults
@testable import Reports

/// The flow diagram stays in Mermaid's safe subset whatever the topic and processor names.
final class MermaidFlowchartTests: XCTestCase {
    static let hostileNames = [
        "a\"b", "x]y[", "end", "<script>alert(1)</script>", "a|b", "%%{init: {}}%%", "#quot;", "semi;colon", "back`tick```",
        "line\nbreak", "A --> B", "(paren)", "{brace}", "주문_이벤트", "emoji 🎰", "amp&amp;", "tab\there", "\u{1B}[31mred",
        "graph TD", "click p1 call alert()", "o--o", "\\backslash", "", "   ",
    ]

    private func hostileEdges() -> [FlowEdge] {
        Self.hostileNames.enumerated().flatMap { index, name in
            [FlowEdge(from: FlowNode(.topic, name), to: FlowNode(.processor, name), messages: index),
             FlowEdge(from: FlowNode(.processor, name), to: FlowNode(.topic, "out \(name)"), messages: index + 1)]
        }
    }

    /// Node lines, edge lines and nothing else; labels only of safe characters.
    func testEveryLineIsInTheSafeSubsetWhateverTheNames() throws {
        let chart = MermaidFlowchart(hostileEdges()).render { "\($0) \"msgs\" | ]" }
        let lines = chart.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first, "flowchart LR")
        let label = #""(?:[A-Za-z0-9 _\-./:;#]|[^\x00-\x7F])*""#
        let node = try NSRegularExpression(pattern: #"^    [tp][0-9]+(?:\[\("# + label + #"\)\]|\("# + label + #"\))$"#)
        let edge = try NSRegularExpression(pattern: #"^    [tp][0-9]+ -->\|"# + label + #"\| [tp][0-9]+$"#)
        for line in lines.dropFirst() {
            let range = NSRange(line.startIndex..., in: line)
            XCTAssertTrue(node.firstMatch(in: line, range: range) != nil || edge.firstMatch(in: line, range: range) != nil,
                          "outside the safe subset: \(line)")
        }
        XCTAssertEqual(lines.count, 1 + Self.hostileNames.count * 3 + Self.hostileNames.count * 2,
                       "one node per distinct name and kind (\"   \" and \"\" differ), one line per edge:\n\(chart)")
    }

    func testLabelsDecodeBackToTheNames() {
        for name in Self.hostileNames where !name.contains("\u{1B}") && !name.contains("\n") && !name.contains("\t") {
            let quoted = MermaidFlowchart.quoted(name)
            XCTAssertTrue(quoted.hasPrefix("\"") && quoted.hasSuffix("\""))
            XCTAssertEqual(Self.decode(String(quoted.dropFirst().dropLast())), name, quoted)
        }
        XCTAssertEqual(MermaidFlowchart.quoted("a\"b"), "\"a#34;b\"")
        XCTAssertEqual(MermaidFlowchart.quoted("x]y["), "\"x#93;y#91;\"")
        XCTAssertEqual(MermaidFlowchart.quoted("#quot;"), "\"#35;quot#59;\"")
        XCTAssertEqual(MermaidFlowchart.quoted("주문_이벤트"), "\"주문_이벤트\"")
        XCTAssertEqual(MermaidFlowchart.quoted("line\nbreak"), "\"line break\"")
        XCTAssertEqual(MermaidFlowchart.quoted("\u{1B}[31mred"), "\"red\"", "terminal escapes removed")
    }

    func testNodeIdsNeverComeFromNames() {
        let chart = MermaidFlowchart([FlowEdge(from: FlowNode(.topic, "end"), to: FlowNode(.processor, "end"), messages: 1)])
            .render { "\($0)" }
        XCTAssertEqual(chart, "flowchart LR\n    t1[(\"end\")]\n    p1(\"end\")\n    t1 -->|\"1\"| p1")
    }

    func testLongNamesAreCut() {
        let quoted = MermaidFlowchart.quoted(String(repeating: "x", count: 500))
        XCTAssertEqual(quoted.count, MermaidFlowchart.labelLimit + 3)
        XCTAssertTrue(quoted.hasSuffix("…\""))
    }

    func testTheSameEdgeInSeveralScenariosAddsUp() {
        let one = RetryFlowFixtures.edges(from: "in", processor: "p", to: "out", read: 2, written: 1)
        let two = RetryFlowFixtures.edges(from: "in", processor: "p", to: "out", read: 3, written: 3)
        XCTAssertEqual(MermaidFlowchart(one + two).edges.map(\.messages), [5, 4])
    }

    /// `#<decimal>;` back to the character.
    static func decode(_ label: String) -> String {
        var out = ""
        var rest = Substring(label)
        while let hash = rest.firstIndex(of: "#") {
            out += rest[..<hash]
            let after = rest[rest.index(after: hash)...]
            guard let semi = after.firstIndex(of: ";"), let value = UInt32(after[..<semi]), let scalar = Unicode.Scalar(value) else {
                out += "#"
                rest = after
                continue
            }
            out.unicodeScalars.append(scalar)
            rest = after[after.index(after: semi)...]
        }
        return out + rest
    }
}
