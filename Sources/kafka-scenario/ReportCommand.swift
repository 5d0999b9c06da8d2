import ArgumentParser
import Foundation
import Reports
import ScenarioResults

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write reports again from results.json files: another language or JUnit style, or shards merged into one.")

    @Argument(help: "results.json files written by `run` (several: the shards of one run).", completion: .file(extensions: ["json"]))
    var results: [String]

    @OptionGroup var reports: ReportOptions

    func run() throws {
        let run: RunResult
        do {
            let runs = try results.map(ResultsReader.read)
            run = try ResultsReader.merge(runs, paths: results)
            ResultsReader.shardWarnings(runs).forEach { printError("warning: \($0)") }
        } catch let problem as ResultsReader.Problem {
            printError("error: \(problem.description)")
            throw Exit.invalidInput
        }
        do {
            let written = try reports.write(run)
            print("wrote " + written.joined(separator: ", "))
        } catch {
            printError("error: \(error)")
            throw Exit.infrastructure
        }
        if RunSummary(run).unsuccessful > 0 { throw Exit.failed }
    }
}
