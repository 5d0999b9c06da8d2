import ScenarioResults

/// The Markdown report's prose for retries (flaky scenarios), flow diagrams and the CI summary's cut, per language.
/// Kept apart from `MarkdownStrings` so each can change without the other.
struct MarkdownRetryFlowStrings: Sendable {
    /// The run summary's count: "Flaky (passed on a retry)".
    var flakyLabel: String
    /// After a flaky scenario's line: "flaky: passed on attempt 2 of 3".
    var passedOnAttempt: @Sendable (_ attempt: Int) -> String
    /// After a scenario that failed every attempt: "after 3 attempts".
    var afterAttempts: @Sendable (Int) -> String
    /// A nested bullet per earlier attempt: "attempt 1: failed".
    var attempt: @Sendable (_ number: Int, _ statusWord: String) -> String
    /// Appended to the conclusion: " 1 of them was flaky (passed on a retry)."
    var flakyConclusion: @Sendable (Int) -> String
    var flowLabel: String
    /// An edge's label: "3 messages".
    var messages: @Sendable (Int) -> String
    /// The note that ends a GitHub step summary cut to its size limit.
    var summaryCut: String

    static func of(_ language: MarkdownLanguage) -> MarkdownRetryFlowStrings {
        switch language {
        case .en: return english
        case .ko: return korean
        }
    }

    static let english = MarkdownRetryFlowStrings(
        flakyLabel: "Flaky (passed on a retry)",
        passedOnAttempt: { "flaky: passed on attempt \($0)" },
        afterAttempts: { "after \($0) attempts" },
        attempt: { "attempt \($0): \($1)" },
        flakyConclusion: { $0 == 1 ? " 1 test was flaky (passed on a retry)." : " \($0) tests were flaky (passed on a retry)." },
        flowLabel: "Message flow",
        messages: { $0 == 1 ? "1 message" : "\($0) messages" },
        summaryCut: "The report is cut here: GitHub shows at most 1 MiB of a step's summary. The whole report is in report.md."
    )

    static let korean = MarkdownRetryFlowStrings(
        flakyLabel: "불안정 (재시도 후 성공)",
        passedOnAttempt: { "불안정: \($0)번째 시도에서 성공" },
        afterAttempts: { "\($0)회 시도 후" },
        attempt: { "\($0)번째 시도: \($1)" },
        flakyConclusion: { " 재시도 후에야 성공한 불안정한 테스트가 \($0)개 있습니다." },
        flowLabel: "메시지 흐름",
        messages: { "메시지 \($0)개" },
        summaryCut: "보고서가 여기서 잘렸습니다: GitHub는 단계 요약을 최대 1 MiB까지만 표시합니다. 전체 보고서는 report.md에 있습니다."
    )
}
