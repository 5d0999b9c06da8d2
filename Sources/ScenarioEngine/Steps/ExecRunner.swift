import Foundation
import ScenarioResults
import ScenarioSpec
import SystemUnderTest

/// `exec`: runs a command (argv, no shell) in the scenario file's folder and checks how it ended.
struct ExecRunner {
    let step: ExecStep

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        let argv = try step.command.map { try ctx.variables.renderString($0, what: "an exec argument") }
        let timeout = min(step.within.seconds, deadline.remaining)
        let output: CommandRun.Output
        do {
            output = try CommandRun.run(argv: argv, cwd: step.cwd, environment: ctx.variables.environment, timeout: timeout,
                                        cancelled: { ctx.cancellation.cancelledReason })
        } catch {
            throw StepError.couldNotRun("exec \(Self.shown(argv)): \(error)")
        }
        let summary = "exec \(Self.shown(argv)): \(output.status)"
        try ctx.cancellation.check()
        if output.timedOut {
            throw StepError.couldNotRun("exec \(Self.shown(argv)) did not end within \(Duration(seconds: timeout)): killed"
                                        + Self.trimmedOutput(output))
        }
        var problems: [String] = []
        if case .exited(let code) = output.status {
            if !step.exit.holds(for: Double(code)) { problems.append("exit: expected \(step.exit), got \(code)") }
        } else {
            problems.append("exit: expected \(step.exit), but it ended by \(output.status)")
        }
        let context = ctx.variables.templateContext()
        for (name, matcher, text) in [("stdout", step.stdout, output.stdout), ("stderr", step.stderr, output.stderr)] {
            guard let matcher else { continue }
            problems += matcher.mismatches(.string(Self.text(text)), at: name, context: context).map(\.description)
        }
        if !problems.isEmpty {
            throw StepError.assertion("\(summary): " + problems.joined(separator: "; "),
                                      details: "command: \(Self.shown(argv))\nstatus: \(output.status)" + Self.trimmedOutput(output))
        }
        for capture in step.capture {
            ctx.variables.capture(capture.name, try Self.captured(capture, stdout: output.stdout))
        }
        ctx.records.note(summary)
        switch output.status {
        case .exited(let code): ctx.records.verify(.commandEnded(command: Self.shown(argv), exitCode: code, signal: nil))
        case .signaled(let signal): ctx.records.verify(.commandEnded(command: Self.shown(argv), exitCode: nil, signal: signal))
        }
    }

    private static func captured(_ capture: (name: String, path: FieldPath), stdout: String) throws -> JSONValue {
        if capture.path.root == "stdout" { return .string(text(stdout)) }
        guard let json = try? JSONText.parse(stdout) else {
            throw StepError.assertion("capture '\(capture.name)': stdout is not JSON: \(String(text(stdout).prefix(200)))")
        }
        guard let value = capture.path.value(below: json) else {
            throw StepError.assertion("capture '\(capture.name)': '\(capture.path)' does not exist in stdout's JSON: \(MessageView.compact(json))")
        }
        return value
    }

    /// The text matchers and captures see: one trailing newline removed.
    static func text(_ output: String) -> String {
        output.hasSuffix("\r\n") ? String(output.dropLast(2)) : output.hasSuffix("\n") ? String(output.dropLast()) : output
    }

    static func shown(_ argv: [String]) -> String {
        argv.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")
    }

    /// stdout and stderr, each cut to its last 2000 characters, for a failure's body.
    static func trimmedOutput(_ output: CommandRun.Output) -> String {
        func trim(_ s: String) -> String {
            let t = text(s)
            return t.count > 2000 ? "…" + t.suffix(2000) : t
        }
        var parts = ""
        if !output.stdout.isEmpty { parts += "\nstdout:\n" + trim(output.stdout) }
        if !output.stderr.isEmpty { parts += "\nstderr:\n" + trim(output.stderr) }
        return parts
    }
}

extension ExecStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try ExecRunner(step: self).run(run.ctx, deadline: deadline)
    }
}
