import ArgumentParser
import ScenarioEngine
import ScenarioSpec

/// Options shared by `run` and `list` that choose scenarios.
struct ScenarioSelection: ParsableArguments {
    @Argument(help: "Scenario files or folders (default: scenarios/).")
    var paths: [String] = []

    @Option(name: .customLong("tag"), help: "Run only scenarios with this tag (repeatable).")
    var tags: [String] = []

    @Option(name: .customLong("skip-tag"), help: "Skip scenarios with this tag (repeatable).")
    var skipTags: [String] = []

    @Option(help: "Run only scenarios whose suite or name contains this text.")
    var filter: String?

    @Option(help: "Run the I-th of N deterministic slices of the scenarios, e.g. 2/4.")
    var shard: String?

    func validate() throws {
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard takes I/N with 1 <= I <= N, e.g. 1/3; got '\(shard)'")
        }
    }

    var resolvedPaths: [String] { paths.isEmpty ? ["scenarios"] : paths }

    func plan(_ suites: [Suite]) -> RunPlan {
        RunPlan(suites: suites, tags: tags, skipTags: skipTags, filter: filter, shard: shard.flatMap(Shard.init))
    }
}

/// Loads scenario files and prints every diagnostic to standard error.
enum ScenarioFiles {
    static func load(_ paths: [String], quiet: Bool = false) -> LoadResult {
        let result = SpecLoader().load(paths: paths)
        for diagnostic in result.diagnostics where !(quiet && diagnostic.severity == .warning) {
            printError(render(diagnostic))
        }
        return result
    }

    static func render(_ diagnostic: Diagnostic) -> String {
        DiagnosticRenderer.render(diagnostic, source: try? String(contentsOfFile: diagnostic.location.file, encoding: .utf8))
    }
}
