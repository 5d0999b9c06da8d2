import Foundation
import ScenarioResults

/// Live console output of a run: one line per finished scenario, failures under it,
/// a progress bar for long steps (on a terminal only), warnings and a final summary.
/// Thread-safe: every event writes under one lock.
public final class ConsoleReporter: RunObserver, @unchecked Sendable { // unchecked: `progressWidth` is reached only under `lock`
    public enum Mode: String, CaseIterable, Sendable {
        /// Only failures and the summary.
        case quiet
        case normal
        /// Also each step of every scenario, from its step results.
        case verbose
    }

    private let write: @Sendable (String) -> Void
    private let mode: Mode
    private let style: ConsoleStyle
    private let isTerminal: Bool
    private let lock = NSLock()
    /// Width of the progress line currently drawn (0: none), so the next line can erase it.
    private var progressWidth = 0

    /// - Parameters:
    ///   - write: receives complete chunks of output (lines end with "\n").
    ///   - useColor: ANSI colours; the CLI sets it from isatty.
    ///   - isTerminal: progress bars are drawn (with `\r` redraws) only on a terminal.
    public init(mode: Mode = .normal, useColor: Bool = false, isTerminal: Bool = false,
                write: @escaping @Sendable (String) -> Void) {
        self.mode = mode
        self.style = ConsoleStyle(useColor: useColor)
        self.isTerminal = isTerminal
        self.write = write
    }

    /// Writes to standard output; colour and progress follow whether it is a terminal.
    public static func standardOutput(mode: Mode = .normal, color: Bool? = nil) -> ConsoleReporter {
        let terminal = isatty(STDOUT_FILENO) == 1
        return ConsoleReporter(mode: mode, useColor: color ?? terminal, isTerminal: terminal) { text in
            StandardStream.output.write(text)
        }
    }

    public func runStarted(scenarioCount: Int, environment: RunEnvironment) {
        guard mode != .quiet else { return }
        let broker = environment.brokerMode == .embedded
            ? "embedded broker" + (environment.brokerCount.map { " (\($0) brokers)" } ?? "")
            : environment.bootstrapServers
        emit("Running \(scenarioCount) scenario\(scenarioCount == 1 ? "" : "s") against \(broker) "
            + "(librdkafka \(environment.librdkafkaVersion))\n")
    }

    public func scenarioStarted(suite: String, scenario: String) {}

    public func stepProgress(suite: String, scenario: String, step: String, done: Int, total: Int) {
        guard isTerminal, mode != .quiet else { return }
        let line = "  " + ProgressBar.render(done: done, total: total) + " \(safe(suite)) › \(safe(scenario)): \(safe(step))"
        lock.lock()
        defer { lock.unlock() }
        let padding = String(repeating: " ", count: max(0, progressWidth - line.count))
        write("\r" + line + padding)
        progressWidth = line.count
    }

    public func scenarioFinished(_ result: ScenarioResult) {
        let failing = result.status == .failed || result.status == .error
        guard mode != .quiet || failing else { return }
        let label = result.failedAsExpected ? style.expectedFailureLabel : style.label(result.status)
        var text = "\(label) \(safe(result.suite)) › \(safe(result.name)) "
            + style.paint("(\(ConsoleStyle.seconds(result.duration)))", .dim) + retryNote(result) + "\n"
        if mode == .verbose {
            for step in result.steps {
                text += "    \(stepSymbol(step.status)) \(safe(step.name)) "
                    + style.paint("(\(ConsoleStyle.seconds(step.duration)))", .dim) + "\n"
                if let message = step.message, step.status != .passed { text += "        \(safe(message))\n" }
            }
        }
        if var failure = result.failure {
            if let reason = result.expectedFailure, result.failedAsExpected {
                failure.message = "failed as expected (\(reason)): \(failure.message)"
            }
            text += failureLines(failure, showDetails: mode == .verbose || failing)
        }
        emit(text)
    }

    public func warning(_ message: String) {
        guard mode != .quiet else { return }
        emit(style.paint("⚠ warning:", .yellow) + " \(safe(message))\n")
    }

    public func runFinished(_ result: RunResult) {
        var text = ""
        for suite in result.suites {
            guard suite.loadError != nil else { continue }
            // Its diagnostics were printed, with snippets, when the file was loaded: name it, don't repeat them.
            text += "\(style.label(.error)) \(safe(suite.file)) " + style.paint("(invalid file: its errors are shown above)", .dim) + "\n"
        }
        if let reason = result.interruption {
            text += style.paint("Run interrupted: \(safe(reason))", .yellow) + "\n"
        }
        let s = RunSummary(result)
        let line = "\(s.total) scenario\(s.total == 1 ? "" : "s"): \(s.passed) passed"
            + (s.flaky > 0 ? " (\(s.flaky) flaky)" : "") + ", \(s.failed) failed, "
            + "\(s.errors) error\(s.errors == 1 ? "" : "s"), \(s.skipped) skipped in \(ConsoleStyle.seconds(s.duration))"
        text += style.paint(line, s.unsuccessful == 0 ? .green : .red) + "\n"
        emit(text)
    }

    /// " flaky: passed on attempt 2 of 3" / " after 3 attempts": only for a scenario that was retried.
    private func retryNote(_ result: ScenarioResult) -> String {
        guard result.attemptCount > 1 else { return "" }
        let note = result.isFlaky ? "flaky: passed on attempt \(result.attemptCount)" : "after \(result.attemptCount) attempts"
        return " " + style.paint(note, .yellow)
    }

    /// The message (and details) of a failure, indented under its scenario line. Payload text may hold
    /// terminal escapes; they are stripped so a message cannot repaint or clear the user's terminal.
    private func failureLines(_ failure: Failure, showDetails: Bool) -> String {
        var lines = safe(failure.message).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if let location = failure.location { lines.append("at \(location)") }
        if showDetails, let details = FailureWording.details(failure, .en), !details.isEmpty {
            lines += safe(details).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return lines.map { "    " + $0 + "\n" }.joined()
    }

    private func safe(_ text: String) -> String { TextSanitizer.consoleSafe(text) }

    private func stepSymbol(_ status: Status) -> String {
        switch status {
        case .passed: return style.paint("✔", .green)
        case .failed, .error: return style.paint("✘", .red)
        case .skipped: return style.paint("○", .yellow)
        }
    }

    /// Writes under the lock, first erasing a progress line if one is drawn.
    private func emit(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if progressWidth > 0 {
            write("\r" + String(repeating: " ", count: progressWidth) + "\r")
            progressWidth = 0
        }
        write(text)
    }
}
