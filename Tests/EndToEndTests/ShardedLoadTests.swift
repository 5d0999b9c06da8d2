import Foundation
import XCTest

/// A `load` sharded over N machines, simulated by N processes on this one against one Tansu, as N
/// CI jobs would run it, then merged with `report` and set beside a single process sending the
/// same total.
final class ShardedLoadTests: XCTestCase {
    private let messages = 40_000
    private let shards = 4

    private func scenario(_ root: URL) throws -> URL {
        let file = root.appendingPathComponent("load.yaml")
        try Data("""
        suite: Sharded load
        topics:
          - name: events
            partitions: 4
        scenarios:
          - name: burst
            steps:
              - load:
                  topic: events
                  messages: \(messages)
                  size: 100
                  rate: 10000/s
                  within: 60s
                  expect:
                    lost: 0
                    duplicates: 0
                    latency: { p99: "< 10s" }

        """.utf8).write(to: file)
        return file
    }

    private func results(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    private func onlyScenario(_ run: [String: Any]) -> [String: Any] {
        let suites = run["suites"] as! [[String: Any]]
        let scenarios = suites.flatMap { $0["scenarios"] as! [[String: Any]] }
        XCTAssertEqual(scenarios.count, 1)
        return scenarios[0]
    }

    private func metric(_ scenario: [String: Any], _ name: String) -> Double? {
        (scenario["metrics"] as? [[String: Any]])?.first { $0["name"] as? String == name }?["value"] as? Double
    }

    func testFourShardProcessesMergeIntoTheFiguresOfOneRun() throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try scenario(root)

        let processes = (1...shards).map { i in
            CLI.process(["run", file.path, "--bootstrap-servers", broker.bootstrapServers, "--shard", "\(i)/\(shards)",
                         "--report-dir", root.appendingPathComponent("shard-\(i)").path, "--quiet"], environment: broker.environment)
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        XCTAssertEqual(processes.map(\.terminationStatus), Array(repeating: 0, count: shards))

        // Each shard sent its own share, with its own sequence numbers, and judged no threshold alone.
        var covered: [ClosedRange<Int>] = []
        for i in 1...shards {
            let shard = onlyScenario(try results(root.appendingPathComponent("shard-\(i)/results.json")))
            let share = try XCTUnwrap((shard["loadShares"] as? [[String: Any]])?.first, "shard \(i) recorded no load share")
            let first = share["firstSequence"] as! Int, count = share["count"] as! Int
            XCTAssertEqual(share["shard"] as? String, "\(i)/\(shards)")
            XCTAssertEqual(share["received"] as? Int, count)
            XCTAssertTrue((share["latency"] as? String)?.hasPrefix("HISTF") == true, "\(share)")
            covered.append(first...(first + count - 1))
        }
        XCTAssertEqual(covered.map(\.count).reduce(0, +), messages)
        for (a, b) in zip(covered, covered.dropFirst()) { XCTAssertEqual(a.upperBound + 1, b.lowerBound, "key spaces overlap or leave a gap") }

        let merged = root.appendingPathComponent("merged")
        let report = try CLI.run(["report"] + (1...shards).map { root.appendingPathComponent("shard-\($0)/results.json").path }
                                 + ["--report-dir", merged.path])
        XCTAssertEqual(report.status, 0, report.stdout + report.stderr)
        let together = onlyScenario(try results(merged.appendingPathComponent("results.json")))
        XCTAssertEqual(together["status"] as? String, "passed")
        XCTAssertEqual(metric(together, "load.lost"), 0)
        XCTAssertEqual(metric(together, "load.duplicates"), 0)
        let markdown = try String(contentsOf: merged.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("merged from \(shards) shards"), markdown)
        XCTAssertTrue(markdown.contains("read back: \(messages) received, 0 lost, 0 duplicates"), markdown)

        let single = root.appendingPathComponent("single")
        let alone = try CLI.run(["run", file.path, "--bootstrap-servers", broker.bootstrapServers, "--report-dir", single.path, "--quiet"],
                                environment: broker.environment)
        XCTAssertEqual(alone.status, 0, alone.stdout + alone.stderr)
        let one = onlyScenario(try results(single.appendingPathComponent("results.json")))

        let (p50, p99) = (metric(together, "load.latency.p50")!, metric(together, "load.latency.p99")!)
        let (oneP50, oneP99) = (metric(one, "load.latency.p50")!, metric(one, "load.latency.p99")!)
        let (rate, oneRate) = (metric(together, "load.produce_throughput")!, metric(one, "load.produce_throughput")!)
        print(String(format: "sharded load, %d messages at 10000/s on Tansu: %d shards merged p50 %.1f ms p99 %.1f ms %.0f/s; one process p50 %.1f ms p99 %.1f ms %.0f/s",
                     messages, shards, p50 * 1000, p99 * 1000, rate, oneP50 * 1000, oneP99 * 1000, oneRate))
        // The noise measured on a shared 2-core machine (docs/performance.md): merged p50 within 0.95–1.05× of one
        // process's, p99 up to 7.5× (four processes starting at once), throughput 0.96–0.99× (the common span
        // includes the shards' staggered starts). The bounds leave room above that noise.
        XCTAssertLessThan(max(p50 / oneP50, oneP50 / p50), 2, "merged p50 \(p50) s vs one process's \(oneP50) s")
        XCTAssertLessThan(max(p99 / oneP99, oneP99 / p99), 15, "merged p99 \(p99) s vs one process's \(oneP99) s")
        XCTAssertGreaterThan(rate, oneRate * 0.6, "merged throughput \(rate)/s vs one process's \(oneRate)/s")
        XCTAssertLessThan(rate, oneRate * 1.1, "the shards' rates were added, not taken over their common span")
    }
}
