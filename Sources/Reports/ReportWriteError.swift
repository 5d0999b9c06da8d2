import Foundation

/// A report could not be written. The description is one sentence naming the path and the reason.
public struct ReportWriteError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// The directory or file that could not be written.
    public var path: String
    /// The operating system's reason, e.g. "Permission denied".
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write reports to '\(path)': \(reason)" }
    public var errorDescription: String? { description }
}
