import ArgumentParser
import Foundation
import Reports
import ScenarioResults

/// `--ci github|none`: what the run adds for the CI it runs in. Default: github when `GITHUB_ACTIONS=true`.
enum CIMode: String, CaseIterable, ExpressibleByArgument {
    case github, none

    static func resolve(_ option: CIMode?, environment: [String: String]) -> CIMode {
        option ?? (environment["GITHUB_ACTIONS"] == "true" ? .github : .none)
    }

    /// GitHub: report.md appended to `$GITHUB_STEP_SUMMARY` (when set) and the failures as `::error` annotations
    /// on standard output. A summary that cannot be written is a warning: the reports and the exit code stand.
    func publish(_ run: RunResult, language: MarkdownLanguage, environment: [String: String]) {
        guard self == .github else { return }
        let github = GitHubActionsReporter(language: language, workspace: environment["GITHUB_WORKSPACE"])
        if let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            do {
                try github.appendSummary(MarkdownReporter(language: language).render(run), to: path)
            } catch {
                StandardStream.error.write("warning: \(error)\n")
            }
        }
        let lines = github.annotations(run)
        if !lines.isEmpty { StandardStream.output.write(lines.joined(separator: "\n") + "\n") }
    }
}
