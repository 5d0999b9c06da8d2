import XCTest
@testable import ScenarioSpec

final class TemplateValueTests: XCTestCase {
    private typealias N = TestNodes
    private let context = TemplateContext(variables: ["user": .string("u1"), "index": .int(7)])

    func testMappingKeepsOrderAndRendersTemplates() throws {
        let node = N.map([
            "event_type": N.plain("user_action"),
            "user_id": N.quoted("{{ user }}"),
            "seq": N.quoted("{{ index }}"),
            "data": N.map(["bet_amount": N.plain("50"), "label": N.plain("bet-{{ index }}")]),
        ])
        let template = try ValueTemplate.compile(node)
        XCTAssertEqual(try template.render(in: context), .object([
            JSONMember("event_type", .string("user_action")),
            JSONMember("user_id", .string("u1")),
            JSONMember("seq", .int(7)),
            JSONMember("data", .object([JSONMember("bet_amount", .int(50)), JSONMember("label", .string("bet-7"))])),
        ]))
        XCTAssertEqual(template.referencedVariables, ["user", "index"])
        XCTAssertFalse(template.isLiteral)
    }

    func testScalarsResolveUnlessQuoted() throws {
        XCTAssertEqual(try ValueTemplate.compile(N.plain("50")).render(in: context), .int(50))
        XCTAssertEqual(try ValueTemplate.compile(N.quoted("50")).render(in: context), .string("50"))
        XCTAssertEqual(try ValueTemplate.compile(N.plain("2.5")).render(in: context), .double(2.5))
        XCTAssertEqual(try ValueTemplate.compile(N.plain("true")).render(in: context), .bool(true))
        XCTAssertEqual(try ValueTemplate.compile(N.plain("~")).render(in: context), .null)
    }

    func testTreesWithoutTemplatesFoldIntoOneLiteral() throws {
        let node = N.map(["a": N.seq([N.plain("1"), N.quoted("x")]), "b": N.plain("null")])
        guard case .literal(let value) = try ValueTemplate.compile(node) else { return XCTFail("not folded") }
        XCTAssertEqual(value, .object([JSONMember("a", .array([.int(1), .string("x")])), JSONMember("b", .null)]))
        XCTAssertEqual(try ValueTemplate.compile(node).referencedVariables, [])

        guard case .array = try ValueTemplate.compile(N.seq([N.plain("1"), N.quoted("{{ index }}")])) else {
            return XCTFail("a sequence with a template must stay an array template")
        }
    }

    func testParseErrorsInQuotedScalarsPointPastTheQuote() {
        let node = N.quoted("id-{{ uuid( }}", line: 3, column: 12)
        XCTAssertThrowsError(try ValueTemplate.compile(node)) { error in
            let diagnostic = error as? Diagnostic
            XCTAssertEqual(diagnostic?.location, SourceLocation(file: "t.yaml", line: 3, column: 25))
            XCTAssertEqual(diagnostic?.message, "unexpected '}}': expected a value (a variable, number, 'string' or function call)")
        }
        XCTAssertThrowsError(try ValueTemplate.compile(N.plain("id-{{ usr(", line: 3, column: 12))) { error in
            XCTAssertEqual((error as? Diagnostic)?.location.column, 18)
        }
    }

    func testRuntimeErrorsSurfaceFromNestedValues() throws {
        let template = try ValueTemplate.compile(N.map(["a": N.seq([N.quoted("{{ usr }}")])]))
        XCTAssertThrowsError(try template.render(in: context)) { error in
            XCTAssertEqual(error as? TemplateError, TemplateError("unknown variable 'usr' in {{ usr }} (did you mean 'user'?)"))
        }
    }
}
