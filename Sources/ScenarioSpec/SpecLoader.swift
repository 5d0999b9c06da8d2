// STUB: interface fixed; implementation to be written.

/// Reads scenario files and folders into suites, with every problem as a diagnostic.
public struct SpecLoader {
    public init() {}

    /// Expands folders (recursively, `*.yaml`/`*.yml`, sorted) and loads each file.
    /// A file with errors yields no suite but its diagnostics; other files still load.
    public func load(paths: [String]) -> LoadResult { fatalError("TODO") }
}

public struct LoadResult: Sendable {
    public var suites: [Suite]
    /// Errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
    /// Files that failed to load, with their errors (so `run` can report a JUnit <error> per file).
    public var failedFiles: [(file: String, diagnostics: [Diagnostic])]
    public init(suites: [Suite] = [], diagnostics: [Diagnostic] = [], failedFiles: [(file: String, diagnostics: [Diagnostic])] = []) {
        self.suites = suites
        self.diagnostics = diagnostics
        self.failedFiles = failedFiles
    }
}

/// Renders diagnostics the one way they are shown everywhere:
/// ```
/// error: unknown key 'topc' in produce
///  --> scenarios/a.yaml:12:7
///    |
/// 12 |       topc: user_actions
///    |       ^^^^
///    = help: did you mean 'topic'?
/// ```
public enum DiagnosticRenderer {
    public static func render(_ diagnostic: Diagnostic, source: String?) -> String { fatalError("TODO") }
}
