/// Builds the typed model from a file's node tree (docs/scenario-reference.md), collecting every problem it can find
/// rather than stopping at the first.
final class ModelBuilder {
    let file: String
    /// Directory of the scenario file: `value_file` paths are resolved against it.
    let directory: String
    let fileExists: (String) -> Bool
    private(set) var diagnostics: [Diagnostic] = []
    private var reported = Set<String>()

    /// Template variable bookkeeping for the whole file (see ModelBuilder+Variables).
    var usage = UsageTracker()

    /// Variables every file knows without declaring them: `--var` and a profile's `vars:`.
    var knownVariables: Set<String> = []

    init(file: String, directory: String, fileExists: @escaping (String) -> Bool) {
        self.file = file
        self.directory = directory
        self.fileExists = fileExists
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func report(_ diagnostic: Diagnostic) {
        let id = "\(diagnostic.location)|\(diagnostic.message)"
        guard reported.insert(id).inserted else { return }
        diagnostics.append(diagnostic)
    }

    func report(_ node: Node, _ message: String, help: String? = nil, length: Int? = nil,
                severity: Diagnostic.Severity = .error) {
        report(Diagnostic(severity, at: node.location, message, help: help, length: length ?? node.length))
    }

    func warn(_ node: Node, _ message: String, help: String? = nil) {
        report(node, message, help: help, severity: .warning)
    }

    /// Runs one of the other compile functions, turning what they throw into diagnostics.
    func catching<T>(_ node: Node, _ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let diagnostic as Diagnostic {
            report(diagnostic)
        } catch {
            // Some compile functions report several problems at once as an array.
            if let many = (error as Any) as? [Diagnostic] { many.forEach(report) } else { report(node, "\(error)") }
        }
        return nil
    }
}

extension Node {
    /// How a value is quoted back in messages: `'5 seconds'`, or "a mapping"/"a list".
    var describedValue: String {
        switch kind {
        case .scalar(let text, _):
            if case .null? = scalarValue { return "null" }
            let shown = text.count > 40 ? text.prefix(37) + "..." : Substring(text)
            return "'\(shown)'"
        default:
            return kindDescription
        }
    }

    var isNull: Bool {
        if case .null? = scalarValue { return true }
        return false
    }

    var mappingPairs: [(key: Node, value: Node)]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    var sequenceItems: [Node]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }
}
