import Foundation
import ScenarioResults

/// The report files a run can write.
public enum ReportFormat: String, CaseIterable, Sendable {
    case junit, markdown, json

    /// The file name used inside the report directory when no path override is given.
    public var defaultFileName: String {
        switch self {
        case .junit: return "junit.xml"
        case .markdown: return "report.md"
        case .json: return "results.json"
        }
    }
}

/// Renders a finished run as one report file. One small type per format.
public protocol Reporter {
    var format: ReportFormat { get }
    func render(_ run: RunResult) -> String
}

public enum Reporters {
    /// The three file reporters, configured from the command line's options.
    public static func standard(junitStyle: JUnitReporter.Style = .strict, language: MarkdownLanguage = .en,
                                timeZone: TimeZone = .current) -> [Reporter] {
        [JUnitReporter(style: junitStyle), MarkdownReporter(language: language, timeZone: timeZone), JSONReporter()]
    }
}
