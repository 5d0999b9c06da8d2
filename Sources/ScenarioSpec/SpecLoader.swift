import Foundation

/// Reads scenario files and folders into suites, with every problem as a diagnostic.
public struct SpecLoader {
    public var limits: YAMLReader.Limits
    /// Variables given with `--var` or a profile's `vars:`: known in every file (DESIGN §1.5).
    public var knownVariables: Set<String> = []
    public init() { limits = YAMLReader.Limits() }
    public init(limits: YAMLReader.Limits) { self.limits = limits }

    /// Expands folders (recursively, `*.yaml`/`*.yml`, sorted) and loads each file.
    /// A file with errors yields no suite but its diagnostics; other files still load.
    public func load(paths: [String]) -> LoadResult {
        var result = LoadResult()
        let (files, missing) = Self.expand(paths)
        for path in missing {
            let d = Diagnostic(at: SourceLocation(file: path, line: 0, column: 0), "no such file or directory",
                               help: "pass scenario files (*.yaml, *.yml) or folders that hold them")
            result.diagnostics.append(d)
            result.failedFiles.append((file: path, diagnostics: [d]))
        }
        for file in files {
            let loaded = loadFile(file)
            result.sources[file] = loaded.source
            result.diagnostics += loaded.diagnostics
            if let suite = loaded.suite {
                result.suites.append(suite)
            } else {
                result.failedFiles.append((file: file, diagnostics: loaded.diagnostics.filter { $0.severity == .error }))
            }
        }
        return result
    }

    /// Loads one file; the suite is nil when the file has errors.
    public func loadFile(_ path: String) -> (suite: Suite?, diagnostics: [Diagnostic], source: String?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, [Diagnostic(at: SourceLocation(file: path, line: 0, column: 0), "cannot read the file",
                                     help: "check that it exists and is readable")], nil)
        }
        return load(bytes: [UInt8](data), file: path)
    }

    /// Loads a file's content; `file` is the path used in diagnostics and for resolving `value_file`.
    public func load(bytes: [UInt8], file: String) -> (suite: Suite?, diagnostics: [Diagnostic], source: String?) {
        let (root, yamlDiagnostics) = YAMLReader(limits: limits).read(bytes, file: file)
        // Invalid bytes become U+FFFD one for one, so a snippet still lines up with the reported column.
        let source = String(decoding: bytes, as: UTF8.self)
        guard let root else { return (nil, yamlDiagnostics, source) }
        // NSString's deletingLastPathComponent traps (SIGILL) on a one-character name such as "x":
        // a bare name is in the working directory, so only a path with a slash is split.
        let directory = file.contains("/") ? (file as NSString).deletingLastPathComponent : ""
        let builder = ModelBuilder(file: file, directory: directory,
                                   fileExists: { FileManager.default.fileExists(atPath: $0) })
        builder.knownVariables = knownVariables
        yamlDiagnostics.forEach(builder.report)
        let suite = builder.buildSuite(root)
        let diagnostics = builder.diagnostics.sorted(by: Self.fileOrder)
        return (builder.hasErrors ? nil : suite, diagnostics, source)
    }

    static func fileOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.location.line, a.location.column) < (b.location.line, b.location.column)
    }

    /// Scenario files under the given paths, and the paths that don't exist.
    static func expand(_ paths: [String]) -> (files: [String], missing: [String]) {
        var files: [String] = [], missing: [String] = []
        var seen = Set<String>()
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                missing.append(path)
                continue
            }
            var found: [String] = []
            if isDirectory.boolValue {
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                let relative = (fm.enumerator(atPath: path)?.allObjects as? [String]) ?? []
                found = relative.filter(isScenarioFile).map { "\(base)/\($0)" }.sorted()
            } else {
                found = [path]
            }
            for file in found where seen.insert(file).inserted { files.append(file) }
        }
        return (files, missing)
    }

    static func isScenarioFile(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }
}

public struct LoadResult: Sendable {
    public var suites: [Suite]
    /// Errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
    /// Files that failed to load, with their errors (so `run` can report a JUnit <error> per file).
    public var failedFiles: [(file: String, diagnostics: [Diagnostic])]
    /// The text of each loaded file, by path, for rendering snippets.
    public var sources: [String: String] = [:]

    public init(suites: [Suite] = [], diagnostics: [Diagnostic] = [], failedFiles: [(file: String, diagnostics: [Diagnostic])] = []) {
        self.suites = suites
        self.diagnostics = diagnostics
        self.failedFiles = failedFiles
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// One diagnostic rendered with its source snippet.
    public func render(_ diagnostic: Diagnostic) -> String {
        DiagnosticRenderer.render(diagnostic, source: sources[diagnostic.location.file])
    }
}
