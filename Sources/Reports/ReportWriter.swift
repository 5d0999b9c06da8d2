import Foundation
import ScenarioResults

/// Writes the chosen reports of a run, each atomically, into a report directory
/// (default "reports") or to per-format path overrides.
public struct ReportWriter {
    public var directory: String
    /// Per-format file paths that replace `directory/<default file name>`.
    public var overrides: [ReportFormat: String]

    public init(directory: String = "reports", overrides: [ReportFormat: String] = [:]) {
        self.directory = directory
        self.overrides = overrides
    }

    public func path(for format: ReportFormat) -> String {
        if let override = overrides[format] { return override }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return (base.isEmpty ? "." : base) + "/" + format.defaultFileName
    }

    /// Renders and writes every reporter's file. Writes all it can, then throws the first error.
    /// - Returns: the paths written, in the reporters' order.
    @discardableResult
    public func write(_ run: RunResult, using reporters: [Reporter]) throws -> [String] {
        var written: [String] = []
        var firstError: Error? = nil
        for reporter in reporters {
            let path = path(for: reporter.format)
            do {
                try AtomicFile.write(Data(reporter.render(run).utf8), to: path)
                written.append(path)
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
        return written
    }
}
