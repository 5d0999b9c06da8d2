import ArgumentParser
import Foundation
import ScenarioSpec

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Parse and check scenario files without a broker; report every problem of every file.")

    @Argument(help: "Scenario files or folders (default: scenarios/).", completion: .file(extensions: ["yaml", "yml"]))
    var paths: [String] = []

    @OptionGroup var profileOptions: ProfileOptions

    @Option(help: ArgumentHelp("A variable run will be given (its name is then known to every file; repeatable).",
                               valueName: "name=value"))
    var `var`: [String] = []

    func validate() throws {
        for item in `var` where !item.contains("=") {
            throw ValidationError("--var takes name=value, got '\(item)'")
        }
    }

    func run() throws {
        // A profile given here is checked too, so a typo in it shows before a run.
        let profile = try profileOptions.load(scenarioPaths: paths.isEmpty ? ["scenarios"] : paths,
                                              environment: ProcessInfo.processInfo.environment)
        let known = Set((profile?.vars ?? []).map(\.0) + `var`.map { String($0.prefix { $0 != "=" }) })
        let result = ScenarioFiles.load(paths.isEmpty ? ["scenarios"] : paths, checkSchemas: true, knownVariables: known)
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors + (profile?.warn(about: result.suites, quiet: false) ?? 0)
        let scenarios = result.suites.reduce(0) { $0 + $1.scenarios.count }
        let files = result.suites.count + result.failedFiles.count
        print("\(counted(files, "file")), \(counted(scenarios, "scenario")): \(counted(errors, "error")), \(counted(warnings, "warning"))")
        if errors > 0 { throw Exit.invalidInput }
    }
}

/// "1 file", "2 files", "0 errors".
private func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
