import XCTest
@testable import ScenarioSpec

/// Loads YAML text as the file `name` (value_file paths resolve against the current directory).
func loadSpec(_ yaml: String, file: String = "scenarios/test_suite.yaml") -> (suite: Suite?, diagnostics: [Diagnostic]) {
    let loaded = SpecLoader().load(bytes: Array(yaml.utf8), file: file)
    return (loaded.suite, loaded.diagnostics)
}

func errors(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.filter { $0.severity == .error }.map(\.message)
}

func warnings(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.filter { $0.severity == .warning }.map(\.message)
}
