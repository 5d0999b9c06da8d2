import Foundation
@testable import kafka_scenario
import ScenarioSpec
import XCTest

/// The sharding recipes in docs/ci parse as YAML, and every kafka-scenario command line in them,
/// with the CI's variables filled in, is accepted by the CLI's own argument parser.
final class ShardRecipeTests: XCTestCase {
    private let folder = CLI.repository.appendingPathComponent("docs/ci")

    /// The YAML documents of a recipe (a Kubernetes file holds several).
    private func documents(_ name: String) throws -> [Node] {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return try text.components(separatedBy: "\n---\n").map { part in
            let (root, diagnostics) = YAMLReader().read(Array(part.utf8), file: name)
            XCTAssertTrue(diagnostics.isEmpty, "\(name): \(diagnostics.map(\.message))")
            return try XCTUnwrap(root, "\(name) is not YAML")
        }
    }

    private func scalars(_ node: Node) -> [String] {
        switch node.kind {
        case .scalar(let text, _): return [text]
        case .mapping(let pairs): return pairs.flatMap { scalars($0.key) + scalars($0.value) }
        case .sequence(let items): return items.flatMap(scalars)
        }
    }

    /// The command lines that start kafka-scenario, as the CI's shell would pass their arguments.
    private func commands(_ name: String, environment: [String: String]) throws -> [[String]] {
        let lines = try documents(name).flatMap(scalars).filter { $0.contains("kafka-scenario run") || $0.contains("kafka-scenario report") }
        return try lines.map { line in
            var command = line.replacingOccurrences(of: "${{ matrix.shard }}", with: environment["SHARD"] ?? "1")
            command = command.replacingOccurrences(of: #"\$\{\{[^}]*\}\}"#, with: "value", options: .regularExpression)
            command = String(command[command.range(of: "kafka-scenario ")!.upperBound...])
            command = String(command.prefix { $0 != ";" })
            // The shell splits and expands it, as the CI would.
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", "for a in \(command); do printf '%s\\0' \"$a\"; done"]
            shell.environment = environment
            let out = Pipe()
            shell.standardOutput = out
            try shell.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            shell.waitUntilExit()
            return String(decoding: data, as: UTF8.self).split(separator: "\0").map(String.init)
        }
    }

    private func check(_ name: String, shards: [[String: String]], expected: [String]) throws {
        var seen: [String] = []
        for environment in shards {
            let lines = try commands(name, environment: environment)
            XCTAssertEqual(lines.count, 2, "\(name): one run and one report command, got \(lines)")
            for arguments in lines {
                let parsed: Any
                do {
                    parsed = try KafkaScenario.parseAsRoot(arguments)
                } catch {
                    XCTFail("\(name): `kafka-scenario \(arguments.joined(separator: " "))` is refused: \(KafkaScenario.message(for: error))")
                    continue
                }
                if let run = parsed as? RunCommand {
                    XCTAssertEqual(run.selection.shardBy.first, "timings", name)
                    seen.append(try XCTUnwrap(run.selection.shardLabel, name))
                } else if let report = parsed as? ReportCommand {
                    XCTAssertEqual(report.results.count, 4, "\(name): the report merges the 4 shards")
                } else {
                    XCTFail("\(name): \(arguments) is neither run nor report")
                }
            }
        }
        XCTAssertEqual(seen, expected, "\(name): every shard exactly once")
    }

    func testGitHubMatrix() throws {
        try check("github-matrix.yml", shards: (1...4).map { ["SHARD": "\($0)"] }, expected: ["1/4", "2/4", "3/4", "4/4"])
    }

    func testGitLabParallel() throws {
        try check("gitlab-parallel.yml", shards: (1...4).map { ["CI_NODE_INDEX": "\($0)", "CI_NODE_TOTAL": "4", "KAFKA_BOOTSTRAP_SERVERS": "kafka:9092"] },
                  expected: ["1/4", "2/4", "3/4", "4/4"])
    }

    func testKubernetesIndexedJob() throws {
        // Kubernetes numbers the pods of an Indexed Job from 0.
        try check("k8s-indexed-job.yaml", shards: (0...3).map { ["JOB_COMPLETION_INDEX": "\($0)"] }, expected: ["4/4", "1/4", "2/4", "3/4"])
    }
}
