import ScenarioSpec
import XCTest
@testable import ScenarioEngine

final class RunPlanTests: XCTestCase {
    private func suite(_ name: String, scenarios: [(String, [String])]) -> Suite {
        let here = SourceLocation(file: "\(name).yaml", line: 1, column: 1)
        return Suite(file: "\(name).yaml", name: name, description: nil, tags: [], vars: [], topics: [], processors: [],
                     scenarios: scenarios.map {
                         Scenario(name: $0.0, description: nil, tags: $0.1, timeout: Duration(seconds: 30), processors: [],
                                  steps: [], location: here)
                     }, location: here)
    }

    private var suites: [Suite] {
        [suite("a", scenarios: (0..<7).map { ("a\($0)", $0 % 2 == 0 ? ["smoke"] : []) }),
         suite("b", scenarios: (0..<6).map { ("b\($0)", ["slow"]) })]
    }

    func testShardsTogetherRunEveryScenarioExactlyOnce() {
        for n in 1...5 {
            let names = (1...n).flatMap { i in
                RunPlan(suites: suites, tags: [], skipTags: [], filter: nil, shard: Shard("\(i)/\(n)")).entries.map(\.scenario.name)
            }
            XCTAssertEqual(names.sorted(), (0..<7).map { "a\($0)" } + (0..<6).map { "b\($0)" }, "n = \(n)")
        }
    }

    func testShardsAreDeterministicAndBalanced() {
        let first = RunPlan(suites: suites, tags: [], skipTags: [], filter: nil, shard: Shard("2/3")).entries.map(\.scenario.name)
        let again = RunPlan(suites: suites, tags: [], skipTags: [], filter: nil, shard: Shard("2/3")).entries.map(\.scenario.name)
        XCTAssertEqual(first, again)
        XCTAssertEqual(first.count, 4)
    }

    func testShardSyntax() {
        XCTAssertEqual(Shard("0/3"), Shard("3/3"), "an index counted from 0 (Kubernetes) names shard N as 0")
        XCTAssertNil(Shard("-1/3"))
        XCTAssertNil(Shard("4/3"))
        XCTAssertNil(Shard("1"))
        XCTAssertEqual(Shard("3/3"), Shard("3/3"))
    }

    func testTagsSkipTagsAndFilterMarkScenariosSkippedWithTheReason() {
        let plan = RunPlan(suites: suites, tags: ["smoke"], skipTags: [], filter: nil, shard: nil)
        XCTAssertEqual(plan.runnable.map(\.scenario.name), ["a0", "a2", "a4", "a6"])
        XCTAssertTrue(plan.entries.first { $0.scenario.name == "a1" }?.skipReason?.contains("smoke") ?? false)

        let skipping = RunPlan(suites: suites, tags: [], skipTags: ["slow"], filter: nil, shard: nil)
        XCTAssertEqual(skipping.runnable.count, 7)

        let filtered = RunPlan(suites: suites, tags: [], skipTags: [], filter: "B3", shard: nil)
        XCTAssertEqual(filtered.runnable.map(\.scenario.name), ["b3"])
    }
}
