import ArgumentParser
import Foundation
import Reports
import ScenarioResults

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write reports again from results.json files: another language or JUnit style, or shards merged into one.")

    @Argument(help: "results.json files written by `run` (several: the shards of one run).")
    var results: [String]

    @Option(help: "Where reports are written.")
    var reportDir = "reports"

    @Option(help: "Path of the JUnit XML report (default: <report-dir>/junit.xml).")
    var junit: String?

    @Option(help: "Path of the Markdown report (default: <report-dir>/report.md).")
    var markdown: String?

    @Option(help: "Path of the merged JSON results (default: <report-dir>/results.json).")
    var json: String?

    @Option(help: "strict or rich.")
    var junitStyle: JUnitReporter.Style = .strict

    @Option(help: "Language of the Markdown report: en or ko.")
    var lang: MarkdownLanguage = .en

    func run() throws {
        let runs: [RunResult]
        do {
            runs = try results.map(ResultsReader.read)
        } catch let problem as ResultsReader.Problem {
            printError("error: \(problem.description)")
            throw Exit.invalidInput
        }
        guard let run = ResultsReader.merge(runs) else { throw Exit.invalidInput }
        var overrides: [ReportFormat: String] = [:]
        if let junit { overrides[.junit] = junit }
        if let markdown { overrides[.markdown] = markdown }
        if let json { overrides[.json] = json }
        do {
            let written = try ReportWriter(directory: reportDir, overrides: overrides)
                .write(run, using: [JUnitReporter(style: junitStyle), MarkdownReporter(language: lang), JSONReporter()])
            print("wrote " + written.joined(separator: ", "))
        } catch {
            printError("error: \(error)")
            throw Exit.infrastructure
        }
        if RunSummary(run).unsuccessful > 0 { throw Exit.failed }
    }
}
