import Foundation
import XCTest

/// `--lang ko`: every sentence the tool writes is Korean (docs/reports.md). What stays in Latin letters is
/// what the user wrote (names, descriptions, payloads, topics: all in the scenario files), error and
/// failure type names, units, the matcher's own text and a few Kafka terms listed below.
final class KoreanReportTests: XCTestCase {
    /// Failing fixtures whose failures the tool words (one per failure kind the engine records).
    static let failing = [
        "missing_message", "wrong_value", "type_mismatch", "wrong_partitions", "latency_bound", "expect_none_violated",
        "missing_error", "topic_absent", "unique_duplicate", "unique_key_duplicate", "broken_order", "group_distribution",
        "per_group_count", "rate_past_deadline", "exact_extra", "cluster_brokers", "count_upper_bound", "consume_throughput",
        "processor_filter",
    ]

    /// Latin-letter terms the Korean report may use although no scenario file holds them: the
    /// configuration block's keys (the seed document's own `Bootstrap Servers: …`), Kafka and librdkafka
    /// names, units, and the matcher's type words.
    static let terms: Set<String> = [
        "Kafka", "Bootstrap Servers", "Broker Count", "Cluster ID", "Controller ID", "librdkafka Version", "Tool Version",
        "Run ID", "ID", "UTC", "librdkafka mock cluster", "DescribeConfigs", "ms", "s", "msg/s", "number", "string",
        "murmur2", "CRC-32", "Java",   // hash and client names in a miss explanation
    ]

    func testTheSeedAndFailingScenariosInKoreanHaveNoEnglishSentenceOfTheTool() throws {
        let reports = try CLI.temporaryDirectory()
        let seed = CLI.repository.appendingPathComponent("scenarios/seed")
        let fixtures = Self.failing.map { CLI.fixtures.appendingPathComponent("failing/\($0).yaml") }
        let result = try CLI.run(["run", seed.path] + fixtures.map(\.path) + ["--lang", "ko", "--report-dir", reports.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let korean = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)

        let seedFiles = try FileManager.default.contentsOfDirectory(at: seed, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
        let sources = try (seedFiles + fixtures).map { try String(contentsOf: $0, encoding: .utf8) }
        let named = try Self.namesInResults(reports.appendingPathComponent("results.json"))
        func english(_ report: String) -> [String] {
            Array(Set(Self.latinRuns(in: report).filter { run in
                // Mermaid's own syntax in the flow diagram (its keyword, the fence's language, node ids) is no prose.
                run.range(of: #"^(flowchart LR|mermaid|[tp][0-9]+)$"#, options: .regularExpression) == nil
                    && !sources.contains { $0.contains(run) } && !Self.isMadeOf(run, Self.terms.union(named))
            })).sorted()
        }
        XCTAssertEqual(english(korean), [], "English of the tool in the Korean report:\n\(korean)")
        // Failures are there, in Korean, with the payload's difference as the matcher wrote it.
        XCTAssertTrue(korean.contains("'orders' 토픽에서 기대한 메시지 1개 중 1개를 찾지 못함"), korean)
        XCTAssertTrue(korean.contains("value.data.bet_amount: 기대값 >= 100, 실제값 50"), korean)
        XCTAssertTrue(korean.contains("  - user_actions 토픽으로 메시지 1개 전송\n"), korean)

        // `report` re-renders it from results.json alone: the same Korean, and English from the same data.
        let again = reports.appendingPathComponent("again")
        let results = reports.appendingPathComponent("results.json").path
        let ko = try CLI.run(["report", results, "--lang", "ko", "--report-dir", again.path])
        XCTAssertEqual(ko.status, 1, ko.stderr)   // the results hold failures
        let rerendered = try String(contentsOf: again.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertEqual(english(rerendered), [], rerendered)
        XCTAssertEqual(rerendered.split(separator: "\n").filter { $0.hasPrefix("  - ") }.sorted(),
                       korean.split(separator: "\n").filter { $0.hasPrefix("  - ") }.sorted())
        let en = try CLI.run(["report", results, "--lang", "en", "--report-dir", again.path])
        XCTAssertEqual(en.status, 1, en.stderr)
        let englishReport = try String(contentsOf: again.appendingPathComponent("report.md"), encoding: .utf8)
        for sentence in ["  - 1 message produced to user_actions\n", "  - expected message received from notifications\n",
                         "  - no message on empty_topic for 500ms\n",
                         "  - flow user_actions → action-processor → notifications: 1 message transformed\n",
                         "1 of 1 expected messages not found on 'orders' within",
                         "does not answer DescribeConfigs; run against a real broker to check topic configs"] {
            XCTAssertTrue(englishReport.contains(sentence), "\(sentence) missing from:\n\(englishReport)")
        }
        // The check bites: on the English report of the same run it finds the tool's sentences.
        let found = english(englishReport)
        for run in ["message produced to user_actions", "expected message received from notifications", "Run summary"] {
            XCTAssertTrue(found.contains(run), "\(run) not found by the check in \(found)")
        }
    }

    /// The checker itself: a tool sentence in English is found, a name or a description from the files is not.
    func testTheCheckFindsEnglishRunsAndKeepsNames() {
        let runs = Self.latinRuns(in: "- ✅ **test_kafka_connection**: 연결 (0.01초)\n  - 1 message produced to user_actions\n  - 브로커 3개")
        XCTAssertEqual(runs, ["test_kafka_connection", "message produced to user_actions"])
        XCTAssertEqual(Self.latinRuns(in: "| a: 연결 시간 | 0.4 ms | < 5s |"), ["a", "ms", "s"])
    }

    /// True when `run` is a sequence of allowed names and terms ("ID mockCluster1580b2": `클러스터 ID <the id>`).
    static func isMadeOf(_ run: String, _ allowed: Set<String>) -> Bool {
        let words = run.split(separator: " ").map(String.init)
        var reachable = [true] + Array(repeating: false, count: words.count)
        for start in words.indices where reachable[start] {
            for end in start..<words.count where allowed.contains(words[start...end].joined(separator: " ")) {
                reachable[end + 1] = true
            }
        }
        return reachable[words.count]
    }

    /// Failure kinds whose details are the message itself (pretty JSON), shown as it is in every language.
    static let payloadDetails: Set<String> = ["unexpectedMessage", "unmatchedMessage", "orderBroken", "duplicate", "uniqueMissing",
                                              "captureMissing"]

    /// Runs of Latin-letter words separated by single spaces; a word may hold `_ . - /` and digits
    /// (`user_actions`, `value.data.bet_amount`, `msg/s`). Markdown escapes are removed first.
    static func latinRuns(in text: String) -> [String] {
        let plain = text.replacingOccurrences(of: "\\", with: "")
        let pattern = try! NSRegularExpression(pattern: "[A-Za-z][A-Za-z0-9_./-]*(?: [A-Za-z][A-Za-z0-9_./-]*)*")
        return pattern.matches(in: plain, range: NSRange(plain.startIndex..., in: plain)).compactMap {
            Range($0.range, in: plain).map { String(plain[$0]) }
        }
    }

    /// Names the run itself made that no file holds: failure types, error names, the cluster id and run id,
    /// the versions; and every Latin run of the payloads the report shows (the sample message and the
    /// messages a failure's details print).
    static func namesInResults(_ url: URL) throws -> Set<String> {
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var names: Set<String> = []
        let environment = json["environment"] as? [String: Any] ?? [:]
        for key in ["clusterID", "librdkafkaVersion", "toolVersion"] { if let name = environment[key] as? String { names.insert(name) } }
        if let runID = json["runID"] as? String {
            // A run id that starts with a digit ("4nqpuh") shows its Latin part on its own.
            names.insert(runID)
            names.formUnion(latinRuns(in: runID))
        }
        func path(_ file: String?) { if let file { names.formUnion(latinRuns(in: file)) } }
        for suite in json["suites"] as? [[String: Any]] ?? [] {
            // A file without `suite:` is named after the file ("Broken order"); paths are the user's.
            if let name = suite["name"] as? String { names.insert(name) }
            path(suite["file"] as? String)
            for scenario in suite["scenarios"] as? [[String: Any]] ?? [] {
                let failure = scenario["failure"] as? [String: Any] ?? [:]
                if let type = failure["type"] as? String { names.insert(type) }
                path(failure["location"] as? String)
                // The matcher's paths (`value.amount`) name the payload.
                let differences = ((failure["reason"] as? [String: Any])?["messagesNotFound"] as? [String: Any])
                    .map { ($0["closest"] as? [[String: Any]] ?? []) + ($0["unmet"] as? [[String: Any]] ?? []).flatMap { $0["differences"] as? [[String: Any]] ?? [] } } ?? []
                differences.compactMap { $0["path"] as? String }.forEach { names.insert($0) }
                var payloads = [scenario["sampleMessage"] as? String].compactMap { $0 }
                let reason = failure["reason"] as? [String: Any] ?? [:]
                if let notFound = reason["messagesNotFound"] as? [String: Any] {
                    payloads += (notFound["unmet"] as? [[String: Any]] ?? []).compactMap { $0["closest"] as? String }
                } else if !Set(reason.keys).isDisjoint(with: payloadDetails), let details = failure["details"] as? String {
                    payloads.append(details)
                }
                payloads.forEach { names.formUnion(latinRuns(in: $0)) }
            }
        }
        return names
    }
}
