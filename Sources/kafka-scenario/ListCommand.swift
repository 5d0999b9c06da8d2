import ArgumentParser
import ScenarioSpec

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List suites and scenarios with their tags, as a run with the same options would select them.")

    @OptionGroup var selection: ScenarioSelection

    func run() throws {
        let loaded = ScenarioFiles.load(selection.resolvedPaths, quiet: true)
        let plan = selection.plan(loaded.suites)
        var current = -1
        for entry in plan.entries {
            if entry.suite != current {
                current = entry.suite
                let suite = plan.suites[entry.suite]
                print("\(suite.name)  (\(suite.file))" + (suite.tags.isEmpty ? "" : "  [\(suite.tags.joined(separator: ", "))]"))
            }
            let tags = entry.scenario.tags.isEmpty ? "" : "  [\(entry.scenario.tags.joined(separator: ", "))]"
            let skip = entry.skipReason.map { "  (skipped: \($0))" } ?? ""
            print("  - \(entry.scenario.name)\(tags)\(skip)")
        }
        if !loaded.failedFiles.isEmpty { throw Exit.invalidInput }
        // Listing is for looking: nothing matching is said, not an error (`run` makes it exit 2).
        if let nothing = selection.nothingSelected(loaded) { printError(nothing) }
    }
}
