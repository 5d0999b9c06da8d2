/// One user-facing problem in a scenario file. Rendered once (see DiagnosticRenderer) and
/// reused by the console, `validate` and the JUnit `<error>` body.
public struct Diagnostic: Error, Equatable, Sendable {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// Optional "did you mean" or remedy, shown under the snippet.
    public var help: String?
    /// How many columns the caret underline spans (at least 1).
    public var length: Int

    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String,
                help: String? = nil, length: Int = 1) {
        self.severity = severity
        self.location = location
        self.message = message
        self.help = help
        self.length = max(1, length)
    }
}
