import ScenarioResults

/// The language of `report.md`. Korean follows the seed document's headings and number style.
public enum MarkdownLanguage: String, CaseIterable, Sendable { case en, ko }

/// Every piece of prose the Markdown report uses, per language.
struct MarkdownStrings: Sendable {
    var title: String
    var summaryHeading: String
    var dateLabel: String
    var totalLabel: String
    var passedLabel: String
    var failedLabel: String
    var errorsLabel: String
    var skippedLabel: String
    var durationLabel: String
    var interruptedLabel: String
    var count: @Sendable (Int) -> String
    var seconds: @Sendable (Double) -> String
    var scopeHeading: String
    var technicalHeading: String
    var configurationHeading: String
    /// The bootstrap servers of the embedded broker: "embedded (3 brokers)".
    var embeddedBrokers: @Sendable (Int?) -> String
    var messageHeading: String
    var performanceHeading: String
    var tableHeader: [String]
    var noMetrics: String
    var failuresHeading: String
    var statusLabel: String
    var locationLabel: String
    var messageLabel: String
    var verifiedHeading: String
    var nothingVerified: String
    var conclusionHeading: String
    var statusWord: @Sendable (Status) -> String
    var couldNotLoad: String
    /// A scenario that failed as its `expect_failure` said: "failed as expected (reason)".
    var failedAsExpected: @Sendable (String) -> String
    var failedAsExpectedLabel: String
    var conclusion: @Sendable (RunSummary) -> String
    var interrupted: @Sendable (String) -> String

    static func of(_ language: MarkdownLanguage) -> MarkdownStrings {
        switch language {
        case .en: return english
        case .ko: return korean
        }
    }

    static let english = MarkdownStrings(
        title: "Kafka integration test results",
        summaryHeading: "📋 Run summary",
        dateLabel: "Date and time", totalLabel: "Total tests", passedLabel: "Passed", failedLabel: "Failed",
        errorsLabel: "Errors", skippedLabel: "Skipped", durationLabel: "Duration", interruptedLabel: "Interrupted",
        count: { String($0) },
        seconds: { FixedPoint.format($0, decimals: 2) + " s" },
        scopeHeading: "🔍 Test scope and results",
        technicalHeading: "🛠️ Technical details",
        configurationHeading: "Kafka configuration",
        embeddedBrokers: { count in "embedded" + (count.map { " (\($0) broker\($0 == 1 ? "" : "s"))" } ?? "") },
        messageHeading: "Test message format",
        performanceHeading: "📊 Performance",
        tableHeader: ["Metric", "Result", "Threshold", "Status"],
        noMetrics: "No metric with a threshold in this run.",
        failuresHeading: "❗ Failure details",
        statusLabel: "Status", locationLabel: "Location", messageLabel: "Message",
        verifiedHeading: "🔧 Verified capabilities",
        nothingVerified: "nothing verified",
        conclusionHeading: "📝 Conclusion",
        statusWord: { status in
            switch status {
            case .passed: return "passed"
            case .failed: return "failed"
            case .error: return "error"
            case .skipped: return "skipped"
            }
        },
        couldNotLoad: "could not load the file",
        failedAsExpected: { "failed as expected (\($0))" },
        failedAsExpectedLabel: "Failed as expected (counted as passed)",
        conclusion: { s in
            if s.total == 0 { return "No tests ran." }
            if s.unsuccessful == 0 && s.passed == 0 {
                return s.skipped == 1 ? "The only test was skipped: nothing was verified."
                    : "All \(s.skipped) tests were skipped: nothing was verified."
            }
            if s.unsuccessful == 0 {
                let passed = s.passed == 1 ? "The test passed" : "All \(s.passed) tests passed"
                return passed + (s.skipped > 0 ? ", \(s.skipped) skipped." : ".")
            }
            return "\(s.unsuccessful) of \(s.total) tests did not pass (\(s.failed) failed, \(s.errors) errors)."
        },
        interrupted: { " The run was interrupted: \($0)." }
    )

    static let korean = MarkdownStrings(
        title: "Kafka 통합 테스트 결과 및 문서화",
        summaryHeading: "📋 테스트 실행 결과 요약",
        dateLabel: "실행 일시", totalLabel: "총 테스트 수", passedLabel: "성공", failedLabel: "실패",
        errorsLabel: "오류", skippedLabel: "건너뜀", durationLabel: "실행 시간", interruptedLabel: "중단됨",
        count: { "\($0)개" },
        seconds: { FixedPoint.format($0, decimals: 2) + "초" },
        scopeHeading: "🔍 테스트 범위 및 결과",
        technicalHeading: "🛠️ 기술적 구현 세부사항",
        configurationHeading: "Kafka 설정",
        embeddedBrokers: { count in "임베디드" + (count.map { " (브로커 \($0)개)" } ?? "") },
        messageHeading: "테스트 메시지 포맷",
        performanceHeading: "📊 성능 지표",
        tableHeader: ["메트릭", "결과", "기준값", "상태"],
        noMetrics: "이번 실행에는 기준값이 있는 측정 항목이 없습니다.",
        failuresHeading: "❗ 실패 상세",
        statusLabel: "상태", locationLabel: "위치", messageLabel: "메시지",
        verifiedHeading: "🔧 검증된 기능",
        nothingVerified: "검증된 항목 없음",
        conclusionHeading: "📝 결론",
        statusWord: { status in
            switch status {
            case .passed: return "성공"
            case .failed: return "실패"
            case .error: return "오류"
            case .skipped: return "건너뜀"
            }
        },
        couldNotLoad: "파일을 불러올 수 없음",
        failedAsExpected: { "의도한 대로 실패 (\($0))" },
        failedAsExpectedLabel: "의도한 실패 (성공으로 집계)",
        conclusion: { s in
            if s.total == 0 { return "실행된 테스트가 없습니다." }
            if s.unsuccessful == 0 && s.passed == 0 {
                return "모든 테스트를 건너뛰어 검증된 항목이 없습니다 (건너뜀 \(s.skipped)개)."
            }
            if s.unsuccessful == 0 {
                let skipped = s.skipped > 0 ? ", 건너뜀 \(s.skipped)개" : ""
                return "모든 테스트가 성공적으로 완료되었습니다 (성공 \(s.passed)개\(skipped))."
            }
            return "총 \(s.total)개 중 \(s.unsuccessful)개 테스트가 통과하지 못했습니다 (실패 \(s.failed)개, 오류 \(s.errors)개)."
        },
        interrupted: { " 실행이 중단되었습니다: \($0)." }
    )
}
