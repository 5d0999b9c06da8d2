import Foundation
import XCTest
import ScenarioResults
@testable import Reports

final class MarkdownReporterTests: XCTestCase {
    private let utc = TimeZone(identifier: "UTC")!

    func testKoreanSummaryFollowsTheSeedFormatting() {
        let md = MarkdownReporter(language: .ko, timeZone: utc).render(Fixtures.run)
        XCTAssertTrue(md.hasPrefix("# Kafka 통합 테스트 결과 및 문서화\n"))
        XCTAssertTrue(md.contains("**실행 일시**: 2025-07-29 05:05:00 (UTC)  \n"))
        XCTAssertTrue(md.contains("**총 테스트 수**: 6개  \n"))
        XCTAssertTrue(md.contains("**성공**: 2개 ✅  \n"))
        XCTAssertTrue(md.contains("**실패**: 1개 ❌  \n"))
        XCTAssertTrue(md.contains("**건너뜀**: 1개 ⏭  \n"))
        XCTAssertTrue(md.contains("**실행 시간**: 36.34초  \n"))
        for heading in ["## 📋 테스트 실행 결과 요약", "## 🔍 테스트 범위 및 결과", "## 🛠️ 기술적 구현 세부사항",
                        "### Kafka 설정", "### 테스트 메시지 포맷", "## 📊 성능 지표", "## ❗ 실패 상세",
                        "## 🔧 검증된 기능", "## 📝 결론", "| 메트릭 | 결과 | 기준값 | 상태 |"] {
            XCTAssertTrue(md.contains(heading), "missing \(heading)")
        }
    }

    func testPerformanceTableListsTimingAssertionsNotCounts() {
        var run = Fixtures.run
        run.suites = [Fixtures.connectivity]
        run.suites[0].scenarios[0].metrics = [
            Metric(name: "topic.partitions", label: "partitions (orders)", value: 3, unit: .count, threshold: "3", passed: true),
            Metric(name: "produce.throughput", label: "produce throughput (orders)", value: 50, unit: .perSecond,
                   threshold: ">= 10/s", passed: true),
        ]
        let md = MarkdownReporter(timeZone: utc).render(run)
        XCTAssertTrue(md.contains("produce throughput (orders)"), md)
        XCTAssertFalse(md.contains("partitions (orders)"), md)
    }

    func testTheTimeZoneIsAnInput() {
        let seoul = TimeZone(identifier: "Asia/Seoul")!
        let md = MarkdownReporter(language: .en, timeZone: seoul).render(Fixtures.run)
        XCTAssertTrue(md.contains("**Date and time**: 2025-07-29 14:05:00 (UTC+09:00)"))
        let newfoundland = TimeZone(identifier: "America/St_Johns")!
        XCTAssertEqual(ReportDate.markdown(Fixtures.run.startedAt, in: newfoundland), "2025-07-29 02:35:00 (UTC-02:30)")
        XCTAssertEqual(ReportDate.junitTimestamp(Fixtures.run.startedAt), "2025-07-29T05:05:00")
    }

    func testScenarioLinesAndVerifiedBullets() {
        let md = MarkdownReporter(language: .en, timeZone: utc).render(Fixtures.run)
        XCTAssertTrue(md.contains("### 2. Producer/Consumer\n- ✅ **basic produce and consume**: passed (0.21 s)\n"
            + "  - 3 messages produced to user_actions, 100% acknowledged\n  - 3 expected messages received from user_actions\n"))
        XCTAssertTrue(md.contains("- ❌ **reward notification**: failed — no message in notifications matched within 5s"))
        XCTAssertTrue(md.contains("- ⏭ **broker down**: skipped — fault steps need the embedded broker"))
        XCTAssertTrue(md.contains("- ❌ **scenarios/broken.yaml**: could not load the file — unknown key 'scenarioz'"))
    }

    func testConfigurationShowsEmbeddedBrokers() {
        var run = Fixtures.run
        run.environment.brokerMode = .embedded
        run.environment.brokerCount = 3
        let md = MarkdownReporter(timeZone: utc).render(run)
        XCTAssertTrue(md.contains("```yaml\nBootstrap Servers: embedded (3 brokers)\nBroker Count: 3\n"))
    }

    func testConclusion() {
        let md = MarkdownReporter(timeZone: utc).render(Fixtures.run)
        XCTAssertTrue(md.hasSuffix("## 📝 Conclusion\n\n3 of 6 tests did not pass (1 failed, 2 errors).\n"))
        var passing = Fixtures.run
        passing.suites = [Fixtures.connectivity]
        XCTAssertTrue(MarkdownReporter(timeZone: utc).render(passing).hasSuffix("The test passed.\n"))
        XCTAssertFalse(MarkdownReporter(timeZone: utc).render(passing).contains("## ❗ Failure details"))
    }

    func testARunOfOnlySkippedTestsDoesNotClaimTheyPassed() {
        var skipped = Fixtures.run
        skipped.suites = [Fixtures.connectivity]
        skipped.suites[0].scenarios[0].status = .skipped
        let en = MarkdownReporter(timeZone: utc).render(skipped)
        XCTAssertTrue(en.hasSuffix("The only test was skipped: nothing was verified.\n"), en)
        XCTAssertFalse(en.contains("passed."))
        let ko = MarkdownReporter(language: .ko, timeZone: utc).render(skipped)
        XCTAssertTrue(ko.hasSuffix("모든 테스트를 건너뛰어 검증된 항목이 없습니다 (건너뜀 1개).\n"), ko)
    }

    func testAnEmptySuiteDescriptionFallsBackToTheScenarios() {
        var run = Fixtures.run
        run.suites = [Fixtures.connectivity]
        run.suites[0].description = ""
        let md = MarkdownReporter(timeZone: utc).render(run)
        let name = run.suites[0].scenarios[0].description ?? run.suites[0].scenarios[0].name
        XCTAssertTrue(md.contains("1. **\(run.suites[0].name)**: ✅ \(name)"), md)
    }

    func testNonJSONSampleIsATextBlock() {
        var run = Fixtures.run
        run.suites = [Fixtures.producerConsumer]
        run.suites[0].scenarios[0].sampleMessage = "plain text {"
        XCTAssertTrue(MarkdownReporter(timeZone: utc).render(run).contains("```text\nplain text {\n```"))
    }
}
