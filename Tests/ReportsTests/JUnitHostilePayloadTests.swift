import Foundation
import XCTest
import ScenarioResults
@testable import Reports

/// Whatever bytes a broker or a scenario puts in names, messages and logs, junit.xml stays valid.
final class JUnitHostilePayloadTests: XCTestCase {
    static let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
    static let hostile = "a\(controls)b \u{1B}[31mred\u{1B}[0m \u{1B}]0;title\u{07} ]]> <tag attr='x' & \"q\"> 🎰👩‍👩‍👧 \u{FFFE}\u{FFFF}\u{7F}\r\nend"

    static var hostileRun: RunResult {
        let huge = String(repeating: "huge message line \u{1}\n", count: 60_000)
        var run = Fixtures.run
        run.runID = hostile
        run.environment.hostname = "\u{1B}[1m"
        run.interruption = hostile
        let scenario = ScenarioResult(
            name: hostile, suite: hostile, file: hostile, line: 1, status: .failed, duration: 1,
            failure: Failure(message: huge, type: hostile, details: hostile, location: hostile),
            metrics: [Metric(name: hostile, label: hostile, value: .infinity, unit: .perSecond, threshold: hostile, passed: false)],
            sampleMessage: hostile, log: [hostile, huge])
        let skipped = ScenarioResult(name: "s", suite: hostile, file: "f", line: 2, status: .skipped, duration: .nan,
                                     failure: Failure(message: hostile, type: "Skipped"))
        let errored = ScenarioResult(name: "\u{1B}[0m", suite: hostile, file: "f", line: 3, status: .error, duration: -1,
                                     failure: Failure(message: hostile, type: "", details: huge))
        run.suites.append(SuiteResult(name: hostile, file: hostile, description: hostile, scenarios: [scenario, skipped, errored],
                                      loadError: Failure(message: hostile, type: hostile, details: hostile)))
        run.suites.append(SuiteResult(name: "\u{1B}[0m", file: "\u{1B}[0m", scenarios: []))
        return run
    }

    func testHostilePayloadsStillValidateInBothStyles() throws {
        for style in JUnitReporter.Style.allCases {
            let xml = JUnitReporter(style: style).render(Self.hostileRun)
            XCTAssertTrue(try XMLLint.check(xml).ok, "\(style) output is not well-formed")
            guard style == .strict else { continue }
            for schema in XMLLint.schemas {
                let result = try XMLLint.check(xml, schema: schema)
                XCTAssertTrue(result.ok, "\(schema): \(result.output.prefix(2000))")
            }
        }
    }

    func testNoEscapeOrControlCharacterOrReferenceToOneIsEmitted() {
        let xml = JUnitReporter(style: .rich).render(Self.hostileRun)
        let bad = xml.unicodeScalars.filter { !XMLEscaping.isAllowed($0) }
        XCTAssertTrue(bad.isEmpty, "disallowed scalars: \(bad.map { String($0.value, radix: 16) })")
        XCTAssertFalse(xml.contains("\u{1B}"))
        XCTAssertFalse(xml.contains("[31m"), "ANSI sequences are stripped, not only their ESC")
        let references = try! NSRegularExpression(pattern: "&#[^;]*;")
        let found = Set(references.matches(in: xml, range: NSRange(xml.startIndex..., in: xml))
            .compactMap { Range($0.range, in: xml).map { String(xml[$0]) } })
        XCTAssertTrue(found.isSubset(of: ["&#10;", "&#9;"]), "unexpected references: \(found)")
        XCTAssertTrue(xml.contains("]]&gt;"))
        XCTAssertTrue(xml.contains("🎰👩‍👩‍👧"))
    }

    func testMessageAttributeIsOneShortLine() throws {
        let xml = JUnitReporter().render(Self.hostileRun)
        let pattern = try NSRegularExpression(pattern: "<failure message=\"(huge[^\"]*)\"")
        let match = try XCTUnwrap(pattern.firstMatch(in: xml, range: NSRange(xml.startIndex..., in: xml)))
        let message = String(xml[Range(match.range(at: 1), in: xml)!])
        XCTAssertFalse(message.contains("&#10;"))
        XCTAssertLessThanOrEqual(message.count, 201)
        XCTAssertTrue(message.hasSuffix("…"))
    }

    func testEscapingMapsEachSpecialCharacter() {
        XCTAssertEqual(XMLEscaping.text("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f")
        XCTAssertEqual(XMLEscaping.text("x\u{0}y\u{8}z\u{FFFE}"), "x\u{FFFD}y\u{FFFD}z\u{FFFD}")
        XCTAssertEqual(XMLEscaping.text("line\r\nnext\rlast"), "line\nnext\nlast")
        XCTAssertEqual(XMLEscaping.attribute("a\nb\tc"), "a&#10;b&#9;c")
        XCTAssertEqual(XMLEscaping.text("\u{1B}[1;31mbold red\u{1B}[0m \u{1B}]8;;http://x\u{1B}\\link"), "bold red link")
        XCTAssertEqual(XMLEscaping.text("plain"), "plain")
    }
}
