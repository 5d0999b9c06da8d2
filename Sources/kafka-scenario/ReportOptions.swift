import ArgumentParser
import Reports
import ScenarioResults

/// Where and how reports are written; shared by `run` and `report`.
struct ReportOptions: ParsableArguments {
    @Option(help: "Where reports are written.", completion: .directory)
    var reportDir = "reports"

    @Option(help: "Path of the JUnit XML report (default: <report-dir>/junit.xml).", completion: .file())
    var junit: String?

    @Option(help: "Path of the Markdown report (default: <report-dir>/report.md).", completion: .file())
    var markdown: String?

    @Option(help: "Path of the JSON results (default: <report-dir>/results.json).", completion: .file())
    var json: String?

    @Option(help: "strict (validates against the common JUnit schemas) or rich (adds file/line and per-test output).")
    var junitStyle: JUnitReporter.Style = .strict

    @Option(help: "Language of the Markdown report: en or ko.")
    var lang: MarkdownLanguage = .en

    /// Writes the three reports atomically; returns the paths written.
    @discardableResult
    func write(_ run: RunResult) throws -> [String] {
        var overrides: [ReportFormat: String] = [:]
        if let junit { overrides[.junit] = junit }
        if let markdown { overrides[.markdown] = markdown }
        if let json { overrides[.json] = json }
        return try ReportWriter(directory: reportDir, overrides: overrides)
            .write(run, using: Reporters.standard(junitStyle: junitStyle, language: lang))
    }
}

extension JUnitReporter.Style: ExpressibleByArgument {}
extension MarkdownLanguage: ExpressibleByArgument {}
