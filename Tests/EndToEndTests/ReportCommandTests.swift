import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `report` writes reports again from results.json: shards merged, another language.
final class ReportCommandTests: XCTestCase {
    func testShardsMergeIntoOneReportInAnotherLanguage() throws {
        let root = try CLI.temporaryDirectory()
        let passing = CLI.fixtures.appendingPathComponent("passing").path
        for shard in 1...2 {
            let result = try CLI.run(["run", passing, "--shard", "\(shard)/2", "--report-dir", root.appendingPathComponent("s\(shard)").path, "--quiet"])
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        }
        let merged = root.appendingPathComponent("merged")
        let result = try CLI.run(["report", root.appendingPathComponent("s1/results.json").path,
                                  root.appendingPathComponent("s2/results.json").path,
                                  "--report-dir", merged.path, "--lang", "ko"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let names = try JUnitFile(merged.appendingPathComponent("junit.xml")).testcases().compactMap { $0.attr("name") }
        XCTAssertEqual(names.count, 13)
        XCTAssertEqual(Set(names).count, 13)
        let markdown = try String(contentsOf: merged.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.hasPrefix("# Kafka 통합 테스트 결과 및 문서화"), markdown)
        XCTAssertTrue(markdown.contains("**총 테스트 수**: 13개"), markdown)
    }

    /// An embedded shard and a Tansu shard: the merged report names both brokers and both librdkafka versions.
    func testShardsOnDifferentBrokersAreEachListed() throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        let root = try CLI.temporaryDirectory()
        let file = root.appendingPathComponent("two.yaml")
        try Data("""
        suite: Two
        scenarios:
          - name: first
            steps: [{ cluster: { brokers: ">= 1" } }]
          - name: second
            steps: [{ cluster: { brokers: ">= 1" } }]

        """.utf8).write(to: file)
        let embedded = try CLI.run(["run", file.path, "--shard", "1/2", "--report-dir", root.appendingPathComponent("s1").path, "--quiet"])
        XCTAssertEqual(embedded.status, 0, embedded.stdout + embedded.stderr)
        let tansu = try CLI.run(["run", file.path, "--shard", "2/2", "--bootstrap-servers", broker.bootstrapServers,
                                 "--report-dir", root.appendingPathComponent("s2").path, "--quiet"], environment: broker.environment)
        XCTAssertEqual(tansu.status, 0, tansu.stdout + tansu.stderr)
        let merged = root.appendingPathComponent("merged")
        let result = try CLI.run(["report", root.appendingPathComponent("s1/results.json").path,
                                  root.appendingPathComponent("s2/results.json").path, "--report-dir", merged.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let markdown = try String(contentsOf: merged.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("# shard 1/2\nBootstrap Servers: embedded"), markdown)
        XCTAssertTrue(markdown.contains("# shard 2/2\nBootstrap Servers: \(broker.bootstrapServers)"), markdown)
        let versions = markdown.components(separatedBy: "\n").filter { $0.hasPrefix("librdkafka Version: ") }
        XCTAssertEqual(Set(versions).count, 2, "\(versions)")
        let junit = try String(contentsOf: merged.appendingPathComponent("junit.xml"), encoding: .utf8)
        XCTAssertTrue(junit.contains("<property name=\"shard.2.bootstrap.servers\" value=\"\(broker.bootstrapServers)\"/>"), junit)
        let results = try String(contentsOf: merged.appendingPathComponent("results.json"), encoding: .utf8)
        XCTAssertTrue(results.contains("\"shardEnvironments\""), results)
    }

    func testAFileThatIsNotResultsIsExitTwo() throws {
        let junk = try CLI.temporaryDirectory().appendingPathComponent("results.json")
        try Data("{\"not\": \"results\"}".utf8).write(to: junk)
        let result = try CLI.run(["report", junk.path, "--report-dir", try CLI.temporaryDirectory().path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("is not a kafka-scenario results.json"), result.stderr)
    }
}
