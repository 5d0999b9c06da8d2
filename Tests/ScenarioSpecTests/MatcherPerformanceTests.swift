import XCTest
@testable import ScenarioSpec

/// Sanity for the hot path: an `expect` matches every consumed message. No timing is asserted
/// (machines differ); run with `-c release` and look at the printed time.
final class MatcherPerformanceTests: XCTestCase {
    private typealias N = TestNodes

    func testMatchingManySmallObjects() throws {
        let matcher = try MessageMatcher.compile(N.map([
            "key": N.quoted("{{ user }}"),
            "value": N.map([
                "event_type": N.plain("user_action"),
                "data": N.map(["action": N.plain("SLOT_SPIN"), "bet_amount": N.map(["$gte": N.plain("10")])]),
            ]),
        ]))
        let context = TemplateContext(variables: ["user": .string("user_1")])
        let messages: [JSONValue] = (0..<100_000).map { i in
            .object([
                JSONMember("partition", .int(Int64(i % 3))),
                JSONMember("key", .string("user_1")),
                JSONMember("value", .object([
                    JSONMember("event_type", .string("user_action")),
                    JSONMember("data", .object([JSONMember("action", .string("SLOT_SPIN")), JSONMember("bet_amount", .int(Int64(i % 20)))])),
                ])),
                JSONMember("headers", .object([])),
            ])
        }
        let start = Date()
        let matched = messages.filter { matcher.mismatches($0, context: context).isEmpty }.count
        print("matched 100,000 messages in \(Date().timeIntervalSince(start))s")
        XCTAssertEqual(matched, 50_000)
    }

    func testRenderingManyValues() throws {
        let template = try ValueTemplate.compile(N.map([
            "user_id": N.quoted("user_{{ index }}"),
            "seq": N.quoted("{{ index }}"),
            "data": N.map(["bet_amount": N.plain("50")]),
        ]))
        var context = TemplateContext(variables: ["index": .int(0)])
        let start = Date()
        var last: JSONValue = .null
        for i in 0..<100_000 {
            context.variables["index"] = .int(Int64(i))
            last = try template.render(in: context)
        }
        print("rendered 100,000 values in \(Date().timeIntervalSince(start))s")
        XCTAssertEqual(last["user_id"], .string("user_99999"))
    }
}
