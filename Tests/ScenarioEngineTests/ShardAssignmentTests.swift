import ScenarioResults
@testable import ScenarioSpec
import XCTest
@testable import ScenarioEngine

/// `--shard-by timings`, and a `load` step's share under `--shard I/N`.
final class ShardAssignmentTests: XCTestCase {
    private let here = SourceLocation(file: "a.yaml", line: 1, column: 1)

    private func scenario(_ name: String, load: Bool = false) -> Scenario {
        let steps = load ? [Step(name: nil, expectError: nil,
                                 kind: LoadStep(topic: .literal(.string("events")), messages: 10, payload: .generated(size: 100)),
                                 location: here)] : []
        return Scenario(name: name, description: nil, tags: [], timeout: Duration(seconds: 30), processors: [], steps: steps, location: here)
    }

    private func suite(_ file: String, _ scenarios: [Scenario]) -> Suite {
        Suite(file: file, name: file, description: nil, tags: [], vars: [], topics: [], processors: [], scenarios: scenarios, location: here)
    }

    private func names(_ suites: [Suite], shard: String, timings: ShardTimings?) -> [String] {
        RunPlan(suites: suites, tags: [], skipTags: [], filter: nil, shard: Shard(shard), timings: timings).entries.map(\.scenario.name)
    }

    func testLongestFirstOntoTheLeastLoadedShardSoShardsEndTogether() {
        let durations: [(String, Double)] = [("s0", 10), ("s1", 1), ("s2", 1), ("s3", 1), ("s4", 1), ("s5", 9), ("s6", 2), ("s7", 2)]
        let suites = [suite("a.yaml", durations.map { scenario($0.0) })]
        var timings = ShardTimings()
        for (name, seconds) in durations { timings.add(file: "a.yaml", scenario: name, seconds: seconds) }
        let shards = (1...3).map { names(suites, shard: "\($0)/3", timings: timings) }
        let time = shards.map { $0.reduce(0.0) { total, name in total + durations.first { $0.0 == name }!.1 } }
        XCTAssertEqual(shards.flatMap { $0 }.sorted(), durations.map(\.0).sorted(), "every scenario exactly once")
        // 27 s over 3 shards: 10 | 9 | 2+2+1+1+1+1 = 8; by count (every 3rd) it would be 10+1+2=13 | 1+1+2=4 | 1+9=10.
        XCTAssertEqual(time.sorted(), [8, 9, 10])
        XCTAssertEqual(shards[0], ["s0"])
        XCTAssertEqual(shards[1], ["s5"])
        // Deterministic: computed again (as every shard computes it), the same.
        XCTAssertEqual((1...3).map { names(suites, shard: "\($0)/3", timings: timings) }, shards)
    }

    func testUnknownScenariosGoByCount() {
        let suites = [suite("a.yaml", (0..<6).map { scenario("s\($0)") })]
        var timings = ShardTimings()
        timings.add(file: "a.yaml", scenario: "s0", seconds: 30)
        let shards = (1...2).map { names(suites, shard: "\($0)/2", timings: timings) }
        // s0 alone on shard 1; the five unknown onto the shard with fewer scenarios: 1,2,2,1,2 … by count.
        XCTAssertEqual(shards.map(\.count), [3, 3])
        XCTAssertTrue(shards[0].contains("s0"))
    }

    func testALoadScenarioRunsOnEveryShard() {
        let suites = [suite("a.yaml", [scenario("plain0"), scenario("burst", load: true), scenario("plain1"), scenario("plain2")])]
        for timings in [nil, ShardTimings()] {
            let shards = (1...3).map { names(suites, shard: "\($0)/3", timings: timings) }
            XCTAssertTrue(shards.allSatisfy { $0.contains("burst") }, "\(shards)")
            XCTAssertEqual(shards.flatMap { $0 }.filter { $0 != "burst" }.sorted(), ["plain0", "plain1", "plain2"])
        }
    }

    func testSharesAddUpAndNeverOverlap() {
        for messages in [1, 3, 10, 10_000_001] {
            for count in 1...5 {
                let slices = (1...count).map { LoadShareSlice(messages: messages, shard: Shard("\($0)/\(count)")!) }
                XCTAssertEqual(slices.map(\.count).reduce(0, +), messages)
                XCTAssertEqual(slices.first?.first, 0)
                for (a, b) in zip(slices, slices.dropFirst()) { XCTAssertEqual(a.first + a.count, b.first, "consecutive, disjoint") }
                XCTAssertLessThanOrEqual(slices.map(\.count).max()! - slices.map(\.count).min()!, 1)
            }
        }
    }

    func testAShardsStampsCarryItsOwnSequenceNumbers() {
        let stamp = LoadStamp(token: "abcdefghij", firstSequence: 2_500)
        let key = stamp.stamp(0)
        XCTAssertEqual(String(decoding: key, as: UTF8.self), "abcdefghij-2500")
        XCTAssertEqual(stamp.sequence(in: key), 0)
        XCTAssertEqual(stamp.sequence(in: Array("abcdefghij-2499".utf8)), -1, "another shard's sequence is outside this share")
    }
}
