import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `--shard I/N` spreads a suite over N invocations; `--jobs` changes speed, never results.
final class ShardingTests: XCTestCase {
    private let folder = CLI.fixtures.appendingPathComponent("sharding").path
    private let all = ["Shard A/a1", "Shard A/a2", "Shard A/a3", "Shard A/a4", "Shard B/b1", "Shard B/b2", "Shard B/b3"]

    /// Runs the fixture folder and returns its testcases as "suite/name" in report order.
    private func run(_ extra: [String]) throws -> [String] {
        let reports = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: reports) }
        let result = try CLI.run(["run", folder, "--report-dir", reports.path, "--quiet"] + extra)
        XCTAssertEqual(result.status, 0, "\(extra): stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        let cases = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases()
        XCTAssertTrue(cases.allSatisfy { $0.child("failure") == nil && $0.child("error") == nil && $0.child("skipped") == nil })
        return cases.map { "\($0.attr("classname") ?? "?")/\($0.attr("name") ?? "?")" }
    }

    func testShardsTogetherRunEveryScenarioExactlyOnce() throws {
        let shards = try (1...3).map { try run(["--shard", "\($0)/3", "--jobs", "2"]) }
        XCTAssertTrue(shards.allSatisfy { !$0.isEmpty }, "\(shards)")
        let union = shards.flatMap { $0 }
        XCTAssertEqual(union.count, Set(union).count, "a scenario ran in two shards: \(shards)")
        XCTAssertEqual(union.sorted(), all)
    }

    func testParallelJobsKeepTheResultsInTheirOrder() throws {
        let sequential = try run(["--jobs", "1"])
        let parallel = try run(["--jobs", "4"])
        XCTAssertEqual(sequential, all)
        XCTAssertEqual(parallel, sequential)
    }
}
