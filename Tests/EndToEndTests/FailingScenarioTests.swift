import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Scenarios that must fail: exit code 1 and a `<failure>` saying why.
final class FailingScenarioTests: XCTestCase {
    /// file → text the failure message or body must contain
    static let expectations: [(String, String)] = [
        ("missing_message", "1 of 1 expected messages not found on 'orders'"),
        ("wrong_value", "value.data.bet_amount: expected >= 100, got 50"),
        ("type_mismatch", "value.amount"),
        ("broken_order", "order broken"),
        ("exact_extra", "unexpected message (exact: true)"),
        ("short_count", "message count on 'orders': expected 5, got 3"),
        ("expect_none_violated", "a matching message arrived on 'alerts'"),
        ("impossible_throughput", "produce throughput: expected >= 100000000/s"),
        ("wrong_partitions", "partition count of 'orders': expected 3, got 2"),
        ("processor_filter", "expected messages not found on 'notifications'"),
        ("missing_error", "expected an error, but the step succeeded"),
        ("latency_bound", "max latency: expected < 0ms"),
        ("group_distribution", "of group 1 received 0 messages, expected >= 1"),
        ("cluster_brokers", "broker count: expected >= 5, got 3"),
        ("topic_absent", "topic 'orders' exists, expected it not to"),
        ("wrong_error", "expected error UNKNOWN_TOPIC_OR_PART, got TOPIC_EXCEPTION"),
        ("count_upper_bound", "message count on 'orders': expected <= 1, got 3"),
        ("consume_throughput", "consume throughput: expected >= 100000000/s"),
        ("per_group_count", "messages received by group 1: expected >= 5, got 2"),
        ("per_group_more_than_exact", "messages received by group 1: expected 3, got 4"),
        ("count_exceeded", "message count on 'orders': expected 1, got 3"),
        ("rate_past_deadline", "were not sent before the deadline"),
        ("count_more_than_exact", "message count on 'orders': expected 3, got 4"),
        ("count_judged_at_deadline", "message count on 'orders': expected 3, got 2"),
        ("unique_duplicate", "unique: value.order_id \"A-1\" seen twice on 'orders' (at partition 0 offset 0 and partition 0 offset 2)"),
        ("exec_exit_status", "exec sh -c 'echo loading; echo 'no such table' >&2; exit 4': exit status 4: exit: expected 0, got 4"),
        ("exec_stdout", "stdout: expected matching /loaded [3-9] rows/, got \"loaded 2 rows\""),
        ("unique_key_duplicate", "unique: key \"same\" seen twice on 'orders' (at partition 0 offset 0 and partition 0 offset 1)"),
        ("load_lost", "lost messages: expected 0, got"),
        ("load_latency", "p99 latency: expected < 0ms"),
        ("text_null_is_not_a_tombstone", "value: expected no value (a tombstone), got null (null)"),
        ("not_on_an_absent_key", "value.gone: expected a value (key present) not (\"error\"), got nothing (key absent)"),
        ("regex_on_a_number", "value.n: expected a string matching /^5/, got 50 (number)"),
        ("nfd_key_is_not_nfc", "(other Unicode scalars: c a f e U+0301)"),
        ("nothing_received", "message count on 'orders': expected >= 1, got 0"),
    ]

    /// Failures that are certain before the step's `within` (20 s) must end the step at once.
    static let endWithoutWaiting: Set<String> = ["count_exceeded", "rate_past_deadline"]
    // A duplicate is certain at once, too (unique waits out within only while none is seen).

    func testEachFailingScenarioFailsWithItsReason() throws {
        let reports = try CLI.temporaryDirectory()
        let folder = CLI.fixtures.appendingPathComponent("failing").path
        let result = try CLI.run(["run", folder, "--report-dir", reports.path, "--jobs", "2"])
        XCTAssertEqual(result.status, 1, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        let junit = try JUnitFile(reports.appendingPathComponent("junit.xml"))
        let cases = try junit.testcases()
        XCTAssertEqual(cases.count, Self.expectations.count)
        for (file, text) in Self.expectations {
            guard let testcase = cases.first(where: { ($0.parent as? XMLElement)?.attr("name")?.lowercased().replacingOccurrences(of: " ", with: "_") == file }) else {
                XCTFail("no testcase for \(file)")
                continue
            }
            guard let failure = testcase.child("failure") else {
                XCTFail("\(file): expected a <failure>, got \(testcase.xmlString)")
                continue
            }
            let all = (failure.attr("message") ?? "") + "\n" + (failure.stringValue ?? "")
            XCTAssertTrue(all.contains(text), "\(file): failure does not mention '\(text)':\n\(all)")
            if Self.endWithoutWaiting.contains(file) {
                XCTAssertLessThan(Double(testcase.attr("time") ?? "") ?? 99, 10, "\(file) waited out its window")
            }
        }
    }

    func testPassingCounterpartsPass() throws {
        let reports = try CLI.temporaryDirectory()
        let folder = CLI.fixtures.appendingPathComponent("passing").path
        let result = try CLI.run(["run", folder, "--report-dir", reports.path])
        XCTAssertEqual(result.status, 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        let cases = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases()
        XCTAssertEqual(cases.count, 13)
        XCTAssertTrue(cases.allSatisfy { $0.childCount == 0 || ($0.child("failure") == nil && $0.child("error") == nil && $0.child("skipped") == nil) })
    }
}
