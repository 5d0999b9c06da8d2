import Foundation
import XCTest
@testable import ScenarioSpec

/// The committed schema and reference are what the generators make from FormatSpec, and the generators'
/// hand-kept parts (patterns, operator table) agree with the code that parses scenario files.
final class GeneratedFormatFilesTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func committed(_ path: String) throws -> String {
        try String(contentsOf: Self.repository.appendingPathComponent(path), encoding: .utf8)
    }

    func testCommittedSchemaIsCurrent() throws {
        XCTAssertTrue(try committed("schema/scenario.schema.json") == JSONSchemaGenerator.text(),
                      "schema/scenario.schema.json differs from FormatSpec: run scripts/generate-docs.sh")
    }

    func testCommittedReferenceIsCurrent() throws {
        XCTAssertTrue(try committed("docs/scenario-reference.md") == ReferenceDocGenerator.markdown(),
                      "docs/scenario-reference.md differs from FormatSpec: run scripts/generate-docs.sh")
    }

    func testSchemaIsValidJSONWithADefinitionPerMapping() throws {
        let object = try JSONSerialization.jsonObject(with: Data(JSONSchemaGenerator.text().utf8)) as? [String: Any]
        let definitions = try XCTUnwrap(object?["definitions"] as? [String: Any])
        for spec in FormatSpec.all {
            XCTAssertNotNil(definitions[JSONSchemaGenerator.definitionName(spec.name)], spec.name)
        }
        let produce = try XCTUnwrap(definitions["produce"] as? [String: Any])
        XCTAssertEqual(produce["additionalProperties"] as? Bool, false)
        let properties = try XCTUnwrap(produce["properties"] as? [String: Any])
        XCTAssertEqual(Set(properties.keys), Set(FormatSpec.produce.keyNames + ["name", "expect_error"]),
                       "produce accepts the common step keys inside its mapping too")
        let topicProperties = try XCTUnwrap((definitions["topic"] as? [String: Any])?["properties"] as? [String: Any])
        XCTAssertEqual(Set(topicProperties.keys), Set(FormatSpec.topic.keyNames + ["expect_error"]),
                       "inside topic:, name is the topic's own key")
        let count = try XCTUnwrap(properties["count"] as? [String: Any])
        XCTAssertEqual(count["default"] as? Int, 1)
        XCTAssertEqual(count["examples"] as? [Int], [100])
        let steps = try XCTUnwrap((definitions["step"] as? [String: Any])?["oneOf"] as? [[String: Any]])
        XCTAssertEqual(steps.compactMap { $0["title"] as? String }, FormatSpec.stepKinds.map(\.name))
    }

    func testEveryKeyAndMappingIsInTheReference() {
        let text = ReferenceDocGenerator.markdown()
        for spec in FormatSpec.all where spec.name != FormatSpec.step.name {
            XCTAssertTrue(text.contains("# \(spec.name)\n"), "no section for \(spec.name)")
            for key in spec.keys { XCTAssertTrue(text.contains("| `\(key.name)`"), "\(spec.name).\(key.name) missing") }
        }
        for op in MatcherOperator.names { XCTAssertTrue(text.contains("| `\(op)` |"), op) }
        for function in TemplateFunction.allCases { XCTAssertTrue(text.contains(function.signature), function.signature) }
    }

    func testOperatorTableNamesEveryMatcherOperator() {
        XCTAssertEqual(MatcherOperatorSpec.all.map(\.name), MatcherOperator.names)
    }

    func testEveryOperatorExampleCompiles() throws {
        for op in MatcherOperatorSpec.all {
            let (root, problems) = YAMLReader().read(Array(op.example.utf8), file: "example")
            XCTAssertEqual(problems.count, 0, op.name)
            XCTAssertNoThrow(try Matcher.compile(XCTUnwrap(root)), op.name)
        }
    }

    func testExampleFilesExistAndAreAllLinked() throws {
        let folder = Self.repository.appendingPathComponent("scenarios/examples")
        let present = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertEqual(Set(ReferenceDocGenerator.exampleFiles), Set(present))
        for file in present {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("# yaml-language-server: $schema=../../schema/scenario.schema.json\n"), file)
        }
    }

    func testDurationPatternAgreesWithTheParser() throws {
        try assertPattern(JSONSchemaGenerator.durationPattern, agreesWith: { Duration.parse($0) != nil },
                          on: ["250ms", "2s", "1.5s", "1m", "1h", ".5s", " 3s ", "5", "5 s", "-1s", "s", "2d", "fast"])
    }

    func testRatePatternAgreesWithTheParser() throws {
        try assertPattern(JSONSchemaGenerator.ratePattern, agreesWith: { Rate.parse($0) != nil },
                          on: ["500/s", "1.5/s", "10 /s", "500", "/s", "5/m", "unlimited"])
    }

    func testComparisonPatternAgreesWithTheParser() throws {
        try assertPattern(JSONSchemaGenerator.comparisonPattern, agreesWith: { Comparison.parse($0) != nil },
                          on: [">= 10/s", "< 5s", "!= 0", "3", "== -2", "<=100ms", "> 1.5", "=> 3", ">= ten", "< 5 s", ""])
    }

    private func assertPattern(_ pattern: String, agreesWith parser: (String) -> Bool, on samples: [String],
                               line: UInt = #line) throws {
        let regex = try NSRegularExpression(pattern: pattern)
        var accepted = 0, rejected = 0
        for sample in samples {
            let matches = regex.firstMatch(in: sample, range: NSRange(sample.startIndex..., in: sample)) != nil
            XCTAssertEqual(matches, parser(sample), "'\(sample)'", line: line)
            if parser(sample) { accepted += 1 } else { rejected += 1 }
        }
        XCTAssertTrue(accepted > 0 && rejected > 0, "samples must include both kinds", line: line)
    }
}
