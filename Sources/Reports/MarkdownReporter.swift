import Foundation
import ScenarioResults

/// `report.md`: the results summary document, structured like the seed document
/// (summary, per-suite results, configuration, sample message, performance, failures,
/// verified capabilities, conclusion).
public struct MarkdownReporter: Reporter {
    public var language: MarkdownLanguage
    /// The zone the run's date and time are shown in.
    public var timeZone: TimeZone
    public var format: ReportFormat { .markdown }

    public init(language: MarkdownLanguage = .en, timeZone: TimeZone = .current) {
        self.language = language
        self.timeZone = timeZone
    }

    public func render(_ run: RunResult) -> String {
        let text = MarkdownStrings.of(language)
        let extras = MarkdownRetryFlowStrings.of(language)
        let summary = RunSummary(run)
        let sections = [
            "# \(text.title)",
            summarySection(run, summary, text, extras),
            scopeSection(run, text, extras),
            technicalSection(run, text),
            performanceSection(run, text),
            failuresSection(run, text),
            verifiedSection(run, text),
            "## \(text.conclusionHeading)\n\n" + text.conclusion(summary)
                + (summary.flaky > 0 ? extras.flakyConclusion(summary.flaky) : "")
                + (run.interruption.map { text.interrupted(MarkdownEscaping.inline($0)) } ?? ""),
        ]
        return sections.compactMap { $0 }.joined(separator: "\n\n") + "\n"
    }

    private func summarySection(_ run: RunResult, _ s: RunSummary, _ text: MarkdownStrings,
                                _ extras: MarkdownRetryFlowStrings) -> String {
        // Two trailing spaces: a Markdown line break, as in the seed.
        var lines = [
            "**\(text.dateLabel)**: \(ReportDate.markdown(run.startedAt, in: timeZone))  ",
            "**\(text.totalLabel)**: \(text.count(s.total))  ",
            "**\(text.passedLabel)**: \(text.count(s.passed)) ✅  ",
        ]
        if s.flaky > 0 { lines.append("**\(extras.flakyLabel)**: \(text.count(s.flaky)) \(Self.flakyMarker)  ") }
        lines += [
            "**\(text.failedLabel)**: \(text.count(s.failed)) ❌  ",
        ]
        if s.errors > 0 { lines.append("**\(text.errorsLabel)**: \(text.count(s.errors)) ⚠️  ") }
        let asExpected = run.scenarios.filter(\.failedAsExpected).count
        if asExpected > 0 { lines.append("**\(text.failedAsExpectedLabel)**: \(text.count(asExpected)) \(Self.failedAsExpectedMarker)  ") }
        lines.append("**\(text.skippedLabel)**: \(text.count(s.skipped)) ⏭  ")
        lines.append("**\(text.durationLabel)**: \(text.seconds(s.duration))  ")
        if let reason = run.interruption {
            lines.append("**\(text.interruptedLabel)**: \(MarkdownEscaping.inline(reason))  ")
        }
        return "## \(text.summaryHeading)\n\n" + lines.joined(separator: "\n")
    }

    private func scopeSection(_ run: RunResult, _ text: MarkdownStrings, _ extras: MarkdownRetryFlowStrings) -> String {
        var blocks = ["## \(text.scopeHeading)"]
        for (index, suite) in run.suites.enumerated() {
            var lines = ["### \(index + 1). \(MarkdownEscaping.inline(suite.name))"]
            if let description = suite.description, !description.isEmpty {
                lines.append(MarkdownEscaping.userText(description, blockStart: true) + "\n")
            }
            if let loadError = suite.loadError {
                lines.append("- ❌ **\(MarkdownEscaping.inline(suite.file))**: \(text.couldNotLoad) — "
                    + MarkdownEscaping.inline(loadError.message))
            }
            for scenario in suite.scenarios {
                let marker = scenario.isFlaky ? Self.flakyMarker
                    : scenario.failedAsExpected ? Self.failedAsExpectedMarker : symbol(scenario.status)
                lines.append("- \(marker) **\(MarkdownEscaping.inline(scenario.name))**: "
                    + scenarioSummary(scenario, text) + retryNote(scenario, extras))
                lines += earlierAttempts(scenario, text, extras)
                for fact in scenario.verified {
                    lines.append("  - " + MarkdownEscaping.inline(FactWording.words(fact, language), blockStart: true))
                }
            }
            blocks.append(lines.joined(separator: "\n"))
            if let flow = flowDiagram(suite, extras) { blocks.append(flow) }
        }
        return blocks.joined(separator: "\n\n")
    }

    /// " — flaky: passed on attempt 2" or " (after 3 attempts)"; nothing for a scenario that ran once.
    private func retryNote(_ scenario: ScenarioResult, _ extras: MarkdownRetryFlowStrings) -> String {
        guard scenario.attemptCount > 1 else { return "" }
        if scenario.isFlaky { return " — " + extras.passedOnAttempt(scenario.attemptCount) }
        return " (\(extras.afterAttempts(scenario.attemptCount)))"
    }

    /// One nested bullet per attempt before the final one, with how it failed.
    private func earlierAttempts(_ scenario: ScenarioResult, _ text: MarkdownStrings,
                                 _ extras: MarkdownRetryFlowStrings) -> [String] {
        (scenario.earlierAttempts ?? []).enumerated().map { index, attempt in
            let how = attempt.failure.map { " — " + MarkdownEscaping.inline(FailureWording.message($0, language)) } ?? ""
            return "  - " + MarkdownEscaping.inline(extras.attempt(index + 1, text.statusWord(attempt.status)), blockStart: true)
                + how + " (\(text.seconds(attempt.duration)))"
        }
    }

    /// A suite whose scenarios ran processors: topics and processors as nodes, message counts on the edges.
    private func flowDiagram(_ suite: SuiteResult, _ extras: MarkdownRetryFlowStrings) -> String? {
        let edges = suite.scenarios.flatMap { $0.flows ?? [] }
        guard !edges.isEmpty else { return nil }
        let chart = MermaidFlowchart(edges).render(label: extras.messages)
        return "**\(extras.flowLabel)**\n\n" + MarkdownEscaping.fenced(chart, info: "mermaid")
    }

    private func scenarioSummary(_ scenario: ScenarioResult, _ text: MarkdownStrings) -> String {
        let word = text.statusWord(scenario.status)
        if scenario.failedAsExpected, let reason = scenario.expectedFailure {
            // Not "verified": the scenario shows that an assertion bites, so say which and how it failed.
            let how = scenario.failure.map { " — " + MarkdownEscaping.inline(FailureWording.message($0, language)) } ?? ""
            return MarkdownEscaping.inline(text.failedAsExpected(reason)) + how + " (\(text.seconds(scenario.duration)))"
        }
        if scenario.status == .passed {
            // The scenario's own description reads like the seed's "Kafka 서버 연결 성공".
            let summary = scenario.description.map { MarkdownEscaping.userText($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? word
            return "\(summary) (\(text.seconds(scenario.duration)))"
        }
        guard let message = scenario.failure.map({ FailureWording.message($0, language) }), !message.isEmpty else { return word }
        return "\(word) — \(MarkdownEscaping.inline(message))"
    }

    private func technicalSection(_ run: RunResult, _ text: MarkdownStrings) -> String {
        var blocks = [
            "## \(text.technicalHeading)",
            "### \(text.configurationHeading)\n" + MarkdownEscaping.fenced(configuration(run, text), info: "yaml"),
        ]
        if let sample = run.scenarios.lazy.compactMap(\.sampleMessage).first {
            let info = MarkdownReporter.isJSON(sample) ? "json" : "text"
            blocks.append("### \(text.messageHeading)\n" + MarkdownEscaping.fenced(sample, info: info))
        }
        return blocks.joined(separator: "\n\n")
    }

    private func configuration(_ run: RunResult, _ text: MarkdownStrings) -> String {
        guard let shards = run.shardEnvironments, shards.count > 1 else { return configuration(run.environment, run: run, text) }
        // Merged results that ran against different brokers: each one's facts, never only the first's.
        let blocks = shards.map { shard in
            "# \(TextSanitizer.oneLine(shard.label, limit: Int.max))\n" + configuration(shard.environment, run: nil, text)
        }
        return blocks.joined(separator: "\n\n") + "\n\nRun ID: \(TextSanitizer.oneLine(run.runID, limit: Int.max))"
    }

    /// One environment's facts; the run id only when `run` is given (a single environment).
    private func configuration(_ env: RunEnvironment, run: RunResult?, _ text: MarkdownStrings) -> String {
        var lines: [String] = []
        switch env.brokerMode {
        case .embedded:
            lines.append("Bootstrap Servers: " + text.embeddedBrokers(env.brokerCount))
        case .external:
            lines.append("Bootstrap Servers: \(env.bootstrapServers)")
        }
        if let count = env.brokerCount { lines.append("Broker Count: \(count)") }
        if let cluster = env.clusterID { lines.append("Cluster ID: \(cluster)") }
        if let controller = env.controllerID { lines.append("Controller ID: \(controller)") }
        lines.append("librdkafka Version: \(env.librdkafkaVersion)")
        lines.append("Tool Version: \(env.toolVersion)")
        if let run { lines.append("Run ID: \(run.runID)") }
        if !env.clientProperties.isEmpty {
            lines.append("Client Properties:")
            lines += env.clientProperties.map { "  " + TextSanitizer.oneLine("\($0.key): \($0.value)", limit: Int.max) }
        }
        // One fact per line, whatever the values contain.
        return lines.map { $0.hasPrefix("  ") ? $0 : TextSanitizer.oneLine($0, limit: Int.max) }.joined(separator: "\n")
    }

    private func performanceSection(_ run: RunResult, _ text: MarkdownStrings) -> String {
        var rows: [[String]] = []
        for scenario in run.scenarios {
            for metric in scenario.metrics {
                // Timing assertions and the delivery rate; counts are shown as verified facts instead.
                guard let threshold = metric.threshold, metric.unit != .count else { continue }
                let status = metric.passed.map { $0 ? "✅" : "❌" } ?? "—"
                rows.append([
                    MarkdownEscaping.cell("\(scenario.name): \(MetricWording.label(metric, language))"),
                    MarkdownEscaping.cell(MetricFormatter.format(metric.value, unit: metric.unit)),
                    MarkdownEscaping.cell(threshold),
                    status,
                ])
            }
        }
        let heading = "## \(text.performanceHeading)\n\n"
        guard !rows.isEmpty else { return heading + text.noMetrics }
        let header = "| " + text.tableHeader.joined(separator: " | ") + " |"
        let rule = "|" + text.tableHeader.map { _ in "--------|" }.joined()
        return heading + ([header, rule] + rows.map { "| " + $0.joined(separator: " | ") + " |" }).joined(separator: "\n")
    }

    private func failuresSection(_ run: RunResult, _ text: MarkdownStrings) -> String? {
        var entries: [String] = []
        for suite in run.suites {
            if let loadError = suite.loadError {
                entries.append(failureEntry(title: suite.file, status: .error, failure: loadError, text))
            }
            for scenario in suite.scenarios where scenario.status == .failed || scenario.status == .error {
                let failure = scenario.failure ?? Failure(message: text.statusWord(scenario.status), type: "Unknown")
                var withLocation = failure
                if withLocation.location == nil { withLocation.location = "\(scenario.file):\(scenario.line)" }
                entries.append(failureEntry(title: "\(suite.name) › \(scenario.name)", status: scenario.status,
                                            failure: withLocation, text))
            }
        }
        guard !entries.isEmpty else { return nil }
        return "## \(text.failuresHeading)\n\n" + entries.joined(separator: "\n\n")
    }

    private func failureEntry(title: String, status: Status, failure: Failure, _ text: MarkdownStrings) -> String {
        var lines = [
            "### \(MarkdownEscaping.inline(title))",
            "**\(text.statusLabel)**: \(text.statusWord(status)) (\(MarkdownEscaping.inline(failure.type)))  ",
        ]
        if let location = failure.location {
            lines.append("**\(text.locationLabel)**: \(MarkdownEscaping.code(location))  ")
        }
        lines.append("**\(text.messageLabel)**: \(MarkdownEscaping.inline(FailureWording.message(failure, language)))")
        if let details = FailureWording.details(failure, language), !details.isEmpty {
            lines.append("\n" + MarkdownEscaping.fenced(details))
        }
        return lines.joined(separator: "\n")
    }

    private func verifiedSection(_ run: RunResult, _ text: MarkdownStrings) -> String {
        var items: [String] = []
        for (index, suite) in run.suites.enumerated() {
            let allPassed = suite.loadError == nil
                && suite.scenarios.allSatisfy { $0.status == .passed || $0.status == .skipped }
            let passed = suite.scenarios.filter { $0.status == .passed }
            // One line per suite, like the seed's list: the suite's own description says it best.
            let facts = suite.description.flatMap { $0.isEmpty ? nil : [$0] } ?? passed.map { scenario in
                scenario.expectedFailure.map { "\(scenario.name): \(text.failedAsExpected($0))" } ?? scenario.description ?? scenario.name
            }
            let list = passed.isEmpty ? text.nothingVerified : facts.map { MarkdownEscaping.userText($0) }.joined(separator: "; ")
            items.append("\(index + 1). **\(MarkdownEscaping.inline(suite.name))**: \(allPassed ? "✅" : "❌") \(list)")
        }
        return "## \(text.verifiedHeading)\n\n" + items.joined(separator: "\n")
    }

    /// Distinct from ✅: a scenario that failed as it was meant to proves an assertion bites, not that the behaviour holds.
    static let failedAsExpectedMarker = "❎"
    /// Passed, but only on a retry: counted as passed, never mistaken for a clean pass.
    static let flakyMarker = "🔁"

    private func symbol(_ status: Status) -> String {
        switch status {
        case .passed: return "✅"
        case .failed, .error: return "❌"
        case .skipped: return "⏭"
        }
    }

    static func isJSON(_ text: String) -> Bool {
        guard let data = text.data(using: .utf8) else { return false }
        return (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil
    }
}
