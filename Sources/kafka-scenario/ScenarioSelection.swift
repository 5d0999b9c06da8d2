import ArgumentParser
import Foundation
import Reports
import ScenarioEngine
import ScenarioResults
import ScenarioSpec

/// Options shared by `run` and `list` that choose scenarios.
struct ScenarioSelection: ParsableArguments {
    @Argument(help: "Scenario files or folders (default: scenarios/).", completion: .file(extensions: ["yaml", "yml"]))
    var paths: [String] = []

    @Option(name: .customLong("tag"), help: "Run only scenarios with this tag (repeatable).")
    var tags: [String] = []

    @Option(name: .customLong("skip-tag"), help: "Skip scenarios with this tag (repeatable).")
    var skipTags: [String] = []

    @Option(help: "Run only scenarios whose suite or name contains this text.")
    var filter: String?

    @Option(help: "Run the I-th of N deterministic slices of the scenarios, e.g. 2/4 (0/N is N/N, for indexes counted from 0).")
    var shard: String?

    @Option(name: .customLong("shard-by"), parsing: .upToNextOption,
            help: ArgumentHelp("Balance --shard by each scenario's duration in an earlier run's results.json.",
                               valueName: "timings PREVIOUS/results.json"))
    var shardBy: [String] = []

    func validate() throws {
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard takes I/N with 1 <= I <= N (or 0/N for N/N), e.g. 1/3; got '\(shard)'")
        }
        if !shardBy.isEmpty {
            guard shardBy.count >= 2, shardBy[0] == "timings" else {
                throw ValidationError("--shard-by takes 'timings' and a results.json of an earlier run, e.g. --shard-by timings previous/results.json")
            }
            guard shard != nil else { throw ValidationError("--shard-by needs --shard I/N") }
        }
    }

    /// The paths given, with any written after `--shard-by timings FILE` (it reads up to the next option).
    var resolvedPaths: [String] {
        let all = paths + shardBy.dropFirst(2)
        return all.isEmpty ? ["scenarios"] : all
    }

    /// `--shard-by timings FILE`: the file named, or nil.
    var timingsFile: String? { shardBy.count >= 2 ? shardBy[1] : nil }

    /// The durations in the `--shard-by timings` file; nil without the option or when the file does
    /// not exist yet (a first run: every shard then shards by count); an unreadable file is a usage error.
    func timings() throws -> ShardTimings? {
        guard let file = timingsFile, FileManager.default.fileExists(atPath: file) else { return nil }
        let previous: RunResult
        do {
            previous = try ResultsReader.read(file)
        } catch let problem as ResultsReader.Problem {
            throw ValidationError("--shard-by timings: \(problem.description)")
        }
        var timings = ShardTimings()
        for scenario in previous.scenarios where scenario.status != .skipped {
            timings.add(file: scenario.file, scenario: scenario.name, seconds: scenario.duration)
        }
        return timings
    }

    func plan(_ suites: [Suite], sharded: Bool = true) -> RunPlan {
        RunPlan(suites: suites, tags: tags, skipTags: skipTags, filter: filter, shard: sharded ? shard.flatMap(Shard.init) : nil,
                timings: sharded ? (try? timings()) ?? nil : nil)
    }

    /// `--shard` as results.json records it, e.g. "2/4".
    var shardLabel: String? { shard.flatMap(Shard.init).map { "\($0.index)/\($0.count)" } }

    /// Why a run of these files would select no scenario, as one sentence; nil when some scenario is selected.
    /// (An empty shard of a non-empty selection is not empty: see `emptyShardWarning`.)
    func nothingSelected(_ loaded: LoadResult) -> String? {
        let plan = plan(loaded.suites, sharded: false)
        guard plan.runnable.isEmpty else { return nil }
        let paths = resolvedPaths.joined(separator: " ")
        if plan.entries.isEmpty {
            return "no scenario selected: \(paths) holds no scenario (no *.yaml or *.yml file with scenarios)"
        }
        var filters = tags.map { "--tag \($0)" } + skipTags.map { "--skip-tag \($0)" }
        if let filter { filters.append("--filter '\(filter)'") }
        let count = plan.entries.count
        var sentence = "no scenario selected: \(filters.joined(separator: " "))"
            + (count == 1 ? " does not match the one scenario in \(paths)" : " matches none of the \(count) scenarios in \(paths)")
        let known = Set(plan.suites.flatMap { suite in suite.scenarios.flatMap { RunPlan.tags(of: $0, in: suite) } })
        let unknown = tags.filter { !known.contains($0) }
        if !unknown.isEmpty {
            var note = known.isEmpty ? "no scenario has a tag" : "tags in use: \(known.sorted().joined(separator: ", "))"
            if let tag = unknown.first, let close = Suggestion.closest(to: tag, in: known.sorted()) {
                note += "; did you mean --tag \(close)?"
            }
            sentence += " (\(note))"
        }
        return sentence
    }

    /// A shard that gets none of a non-empty selection (slices are cut before the filters): fine, but worth a word.
    func emptyShardWarning(_ loaded: LoadResult) -> String? {
        guard let shard = shard.flatMap(Shard.init), plan(loaded.suites).runnable.isEmpty else { return nil }
        let selected = plan(loaded.suites, sharded: false).runnable.count
        guard selected > 0 else { return nil }
        return "shard \(shard.index)/\(shard.count) holds none of the \(selected) selected scenario\(selected == 1 ? "" : "s"): it runs nothing"
    }
}

/// Loads scenario files and prints every diagnostic to standard error.
enum ScenarioFiles {
    /// `checkSchemas`: also parse schema files and check literal values against them (validate and run).
    static func load(_ paths: [String], quiet: Bool = false, checkSchemas: Bool = false,
                     knownVariables: Set<String> = []) -> LoadResult {
        var loader = SpecLoader()
        loader.knownVariables = knownVariables
        let loaded = loader.load(paths: paths)
        let result = checkSchemas ? SchemaPreflight.check(loaded) : loaded
        // Each file is read and split into lines once, however many diagnostics it has (8,000 were quadratic).
        var lines: [String: [Substring]?] = [:]
        for diagnostic in result.diagnostics where !(quiet && diagnostic.severity == .warning) {
            let file = diagnostic.location.file
            if lines[file] == nil {
                lines[file] = .some((try? String(contentsOfFile: file, encoding: .utf8)).map(DiagnosticRenderer.lines(of:)))
            }
            printError(DiagnosticRenderer.render(diagnostic, sourceLines: lines[file] ?? nil))
        }
        return result
    }

    static func render(_ diagnostic: Diagnostic) -> String {
        DiagnosticRenderer.render(diagnostic, source: try? String(contentsOfFile: diagnostic.location.file, encoding: .utf8))
    }
}
