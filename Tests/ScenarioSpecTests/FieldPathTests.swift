import XCTest
@testable import ScenarioSpec

/// Capture and unique paths: the path syntax of templates, parsed when the file loads.
final class FieldPathTests: XCTestCase {
    private let at = SourceLocation(file: "f.yaml", line: 3, column: 10)

    func testNamesBracketsAndIndicesParseAsTemplatesWriteThem() throws {
        XCTAssertEqual(FieldPath("value.items[0].id")?.steps, [.member("items"), .element(0), .member("id")])
        XCTAssertEqual(FieldPath("headers['trace-id']")?.steps, [.member("trace-id")])
        XCTAssertEqual(FieldPath("headers[\"trace-id\"]")?.steps, [.member("trace-id")])
        XCTAssertEqual(FieldPath("value[ 1 ]")?.steps, [.element(1)])
        XCTAssertEqual(FieldPath("key")?.root, "key")
        XCTAssertEqual(FieldPath("key")?.steps, [])
        XCTAssertEqual(FieldPath("value.items[0]")?.description, "value.items[0]")
    }

    func testWhatIsNotAPathIsADiagnosticInsideTheText() {
        let cases: [(String, Int, String, String?)] = [
            ("headers.trace-id", 23, "capture: unexpected '-' in the path 'headers.trace-id'", "did you mean 'headers['trace-id']'?"),
            ("value.", 15, "capture: 'value.' has no name after this '.'", nil),
            ("value..a", 15, "capture: 'value..a' has no name after this '.'", nil),
            ("value.items[index]", 21, "capture: a bracket in a path takes a whole number or a quoted name", "e.g. value.items[0] or headers['trace-id']"),
            ("value.items[-1]", 21, "capture: a bracket in a path takes a whole number or a quoted name", "e.g. value.items[0] or headers['trace-id']"),
            ("value.items[0", 21, "capture: missing ']' for this '['", nil),
            (".value", 10, "capture: '.value' is not a path: it starts with '.', not a name", nil),
            ("", 10, "capture: the path is empty", "a path into the data, e.g. value.id"),
            ("{{ x }}", 10, "capture: '{{ x }}' is not a path: it starts with '{', not a name", nil),
        ]
        for (text, column, message, help) in cases {
            XCTAssertThrowsError(try FieldPath.parse(text, at: at, what: "capture"), text) { error in
                let diagnostic = error as? Diagnostic
                XCTAssertEqual(diagnostic?.message, message, text)
                XCTAssertEqual(diagnostic?.location.column, column, text)
                if let help { XCTAssertEqual(diagnostic?.help, help, text) } else { XCTAssertNotNil(diagnostic?.help, text) }
            }
        }
    }

    func testValuesAreFoundAlongThePathAndMissingPartsAreNil() throws {
        let message = JSONValue.object([
            JSONMember("value", .object([JSONMember("items", .array([.int(1), .int(2)]))])),
            JSONMember("headers", .object([JSONMember("trace-id", .string("t-1"))])),
        ])
        XCTAssertEqual(FieldPath("value.items[1]")?.value(in: message), .int(2))
        XCTAssertEqual(FieldPath("headers['trace-id']")?.value(in: message), .string("t-1"))
        XCTAssertNil(FieldPath("value.items[5]")?.value(in: message))
        XCTAssertNil(FieldPath("value.nothing")?.value(in: message))
        XCTAssertNil(FieldPath("value.items.x")?.value(in: message))
        XCTAssertNil(FieldPath("value[0]")?.value(in: message))
        XCTAssertNil(FieldPath("key")?.value(in: message))
        XCTAssertEqual(FieldPath("json.items[0]")?.value(below: .object([JSONMember("items", .array([.int(3)]))])), .int(3))
    }

    func testCapturesInTheBracketSyntaxAreReadIntoTheModel() throws {
        let (suite, diagnostics) = loadSpec("""
            name: c
            topics: [{ name: orders }]
            steps:
              - produce: { topic: orders, value: { items: [1] }, headers: { trace-id: t } }
              - expect: { topic: orders, within: 1s, capture: { trace: "headers['trace-id']", first: "value.items[0]", all: value } }
              - produce: { topic: orders, value: "{{ trace }} {{ first }} {{ all }}" }
            """)
        XCTAssertEqual(errors(diagnostics), [])
        guard let step = suite?.scenarios.first?.steps[1].kind as? ExpectStep else { return XCTFail("no expect") }
        XCTAssertEqual(step.capture.map(\.path.root), ["headers", "value", "value"])
        XCTAssertEqual(step.capture.map(\.path.steps), [[.member("trace-id")], [.member("items"), .element(0)], []])
    }

    func testExecAndHTTPCapturesTakeTheSamePaths() throws {
        let (suite, diagnostics) = loadSpec("""
            name: c
            steps:
              - exec: { command: [echo, "{}"], capture: { first: "json.rows[0]", id: "json['the id']" } }
              - http: { url: "http://localhost:1/", capture: { trace: "headers['X-Trace-Id']", item: "json.items[0].id" } }
            """)
        XCTAssertEqual(errors(diagnostics), [])
        guard let exec = suite?.scenarios.first?.steps[0].kind as? ExecStep,
              let http = suite?.scenarios.first?.steps[1].kind as? HTTPStep else { return XCTFail("steps") }
        XCTAssertEqual(exec.capture.map(\.path.steps), [[.member("rows"), .element(0)], [.member("the id")]])
        XCTAssertEqual(http.capture.map(\.source), [.header("x-trace-id"), .json(FieldPath("json.items[0].id")!)])
    }

    func testAPathOutsideWhatACaptureCanReadIsAnError() {
        let (_, diagnostics) = loadSpec("""
            name: c
            topics: [{ name: orders }]
            steps:
              - produce: { topic: orders, value: x }
              - expect: { topic: orders, within: 1s, capture: { a: offset.x, b: "headers['a'].b" } }
              - exec: { command: [echo], capture: { c: stdout.x } }
              - http: { url: "http://localhost:1/", capture: { d: headers, e: "headers[0]" } }
            """)
        XCTAssertEqual(errors(diagnostics), [
            "capture: 'offset.x' reads into offset, which is a number",
            "capture: 'headers['a'].b' reads into headers, which holds text by header name",
            "capture: 'stdout.x' reads into stdout, which is text",
            "capture: 'headers' names no part of headers",
            "capture: 'headers[0]': a header is read by name",
        ])
    }
}
