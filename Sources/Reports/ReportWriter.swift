import Foundation
import ScenarioResults
import Synchronization

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

    /// Renders every reporter's file, then writes them all at once: each write waits for its `fsync`,
    /// and one after the other they added tens of milliseconds to every run on a busy disk.
    /// Writes all it can, then throws the first error (in the reporters' order).
    /// - Returns: the paths written, in the reporters' order.
    @discardableResult
    public func write(_ run: RunResult, using reporters: [Reporter]) throws -> [String] {
        let paths = reporters.map { path(for: $0.format) }
        let contents = reporters.map { Data($0.render(run).utf8) }
        let errors = Mutex([Error?](repeating: nil, count: reporters.count))
        DispatchQueue.concurrentPerform(iterations: reporters.count) { i in
            do {
                try AtomicFile.write(contents[i], to: paths[i])
            } catch {
                errors.withLock { $0[i] = error }
            }
        }
        if let firstError = errors.withLock({ $0.lazy.compactMap { $0 }.first }) { throw firstError }
        return paths
    }
}
