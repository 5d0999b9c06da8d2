import Foundation
import XCTest

/// `--shard-by timings PREVIOUS/results.json` from the command line.
final class ShardByTimingsTests: XCTestCase {
    private let folder = CLI.fixtures.appendingPathComponent("sharding").path

    func testAFileThatIsNotResultsIsAUsageError() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let bogus = root.appendingPathComponent("results.json")
        try Data("{ \"not\": \"results\" }".utf8).write(to: bogus)
        let result = try CLI.run(["run", folder, "--shard", "1/2", "--shard-by", "timings", bogus.path,
                                  "--report-dir", root.appendingPathComponent("r").path, "--quiet"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("--shard-by timings:"), result.stderr)
        let without = try CLI.run(["run", folder, "--shard-by", "timings", bogus.path, "--quiet"])
        XCTAssertEqual(without.status, 2, "--shard-by needs --shard: \(without.stderr)")
    }

    func testTheLastRunsDurationsBalanceTheShards() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let timings = root.appendingPathComponent("previous.json")
        // No previous run yet: a warning, and the shards are cut by count.
        let first = try CLI.run(["run", folder, "--report-dir", root.appendingPathComponent("whole").path, "--quiet"])
        XCTAssertEqual(first.status, 0, first.stderr)
        var previous = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("whole/results.json"))) as! [String: Any]
        // Make a1 the one slow scenario: alone on one shard, the six others on the other.
        var suites = previous["suites"] as! [[String: Any]]
        for s in suites.indices {
            var scenarios = suites[s]["scenarios"] as! [[String: Any]]
            for c in scenarios.indices { scenarios[c]["duration"] = scenarios[c]["name"] as? String == "a1" ? 60.0 : 1.0 }
            suites[s]["scenarios"] = scenarios
        }
        previous["suites"] = suites
        let missing = try CLI.run(["run", folder, "--shard", "1/2", "--shard-by", "timings", timings.path, "--report-dir",
                                   root.appendingPathComponent("m").path, "--quiet"])
        XCTAssertEqual(missing.status, 0, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("does not exist yet; shards are cut by count"), missing.stderr)
        try JSONSerialization.data(withJSONObject: previous).write(to: timings)
        var names: [[String]] = []
        for i in 1...2 {
            let dir = root.appendingPathComponent("s\(i)")
            let result = try CLI.run(["run", folder, "--shard", "\(i)/2", "--shard-by", "timings", timings.path, "--report-dir", dir.path, "--quiet"])
            XCTAssertEqual(result.status, 0, result.stderr)
            let cases = try JUnitFile(dir.appendingPathComponent("junit.xml")).testcases()
            names.append(cases.map { $0.attr("name") ?? "?" })
        }
        XCTAssertEqual(names[0], ["a1"])
        XCTAssertEqual(names[1].sorted(), ["a2", "a3", "a4", "b1", "b2", "b3"])
    }
}
