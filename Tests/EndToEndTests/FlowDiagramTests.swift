import Foundation
import XCTest

/// The seed's two pipelines drawn from what the processors really did, in English and (re-rendered from
/// results.json) in Korean.
final class FlowDiagramTests: XCTestCase {
    static let seedFlow = """
    ```mermaid
    flowchart LR
        t1[("user_actions")]
        p1("action-processor")
        t2[("notifications")]
        t3[("analytics")]
        p2("analytics-processor")
        t4[("real_time_feedback")]
        t1 -->|"1 message"| p1
        p1 -->|"1 message"| t2
        t3 -->|"1 message"| p2
        p2 -->|"1 message"| t4
    ```
    """

    func testTheSeedPipelinesAreDrawnWithTheirMessageCounts() throws {
        let reports = try CLI.temporaryDirectory()
        let seed = CLI.repository.appendingPathComponent("scenarios/seed/6_integration_scenarios.yaml").path
        let run = try CLI.run(["run", seed, "--report-dir", reports.path])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let md = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("**Message flow**\n\n" + Self.seedFlow), md)

        let korean = try CLI.temporaryDirectory()
        let again = try CLI.run(["report", reports.appendingPathComponent("results.json").path, "--lang", "ko",
                                 "--report-dir", korean.path])
        XCTAssertEqual(again.status, 0, again.stderr)
        let ko = try String(contentsOf: korean.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(ko.contains("**메시지 흐름**\n\n"
            + Self.seedFlow.replacingOccurrences(of: "\"1 message\"", with: "\"메시지 1개\"")), ko)
    }

    func testAFilteredProcessorReadsMoreThanItWrites() throws {
        let reports = try CLI.temporaryDirectory()
        let example = CLI.repository.appendingPathComponent("scenarios/examples/processors.yaml").path
        let run = try CLI.run(["run", example, "--report-dir", reports.path])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let md = try String(contentsOf: reports.appendingPathComponent("report.md"), encoding: .utf8)
        // Two scenarios, one spin each and one login: two messages read, one reward written.
        XCTAssertTrue(md.contains("    t1 -->|\"2 messages\"| p1\n    p1 -->|\"1 message\"| t2\n"), md)
    }
}
