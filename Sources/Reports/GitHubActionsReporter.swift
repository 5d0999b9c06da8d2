import Foundation
import ScenarioResults

/// In GitHub Actions: report.md appended to the step summary (`$GITHUB_STEP_SUMMARY`), cut below GitHub's
/// 1 MiB limit with a note, and one `::error` workflow command per failed or erroring scenario at the line
/// of the step that failed (at most 50; the rest counted in one `::notice`).
public struct GitHubActionsReporter {
    /// GitHub refuses a step summary above 1 MiB; the cut stays this far below it.
    public static let summaryLimit = 1024 * 1024 - 1024
    public static let annotationLimit = 50
    /// Longer messages are cut: the annotation points at the report, it does not replace it.
    static let messageLimit = 4000

    public var language: MarkdownLanguage
    /// `$GITHUB_WORKSPACE`: absolute scenario paths under it are made relative, as annotations need.
    public var workspace: String?

    public init(language: MarkdownLanguage = .en, workspace: String? = nil) {
        self.language = language
        self.workspace = workspace
    }

    /// The workflow commands for a run's failures, one per line.
    public func annotations(_ run: RunResult) -> [String] {
        var problems: [(place: Place, title: String, message: String)] = []
        for suite in run.suites {
            if let loadError = suite.loadError {
                let place = Self.place(loadError.location, fallbackFile: suite.file, fallbackLine: nil)
                // The details open with the diagnostic's own first line: the message is not said twice.
                var failure = loadError
                if Self.detailsRepeat(failure) { failure.message = "" }
                problems.append((place, "\(relative(suite.file)): invalid scenario file", relativePaths(Self.text(of: failure))))
            }
            for scenario in suite.scenarios where scenario.status == .failed || scenario.status == .error {
                let line = scenario.steps.last { $0.status == .failed || $0.status == .error }?.line ?? scenario.line
                let place = Self.place(scenario.failure?.location, fallbackFile: scenario.file, fallbackLine: line)
                let attempts = scenario.attemptCount > 1 ? " after \(scenario.attemptCount) attempts" : ""
                let failure = scenario.failure ?? Failure(message: scenario.status.rawValue, type: "Unknown")
                problems.append((place, "\(suite.name) › \(scenario.name) \(scenario.status.rawValue)\(attempts)",
                                 relativePaths(Self.text(of: failure))))
            }
        }
        var lines = problems.prefix(Self.annotationLimit).map { problem -> String in
            var properties = [("file", relative(problem.place.file))]
            if let line = problem.place.line { properties.append(("line", String(line))) }
            if let column = problem.place.column { properties.append(("col", String(column))) }
            properties.append(("title", TextSanitizer.oneLine(problem.title, limit: 200)))
            return Self.command("error", properties: properties, message: problem.message)
        }
        if problems.count > Self.annotationLimit {
            let more = problems.count - Self.annotationLimit
            lines.append(Self.command("notice", properties: [("title", "kafka-scenario")],
                                      message: "\(more) more failed or erroring scenario\(more == 1 ? " is" : "s are") not annotated "
                                        + "(at most \(Self.annotationLimit) per run): see report.md"))
        }
        return lines
    }

    /// report.md as it can be appended to a summary file already holding `existingBytes`: whole when it fits,
    /// else cut at a line (closing an open code block) and ended by a note, all within `summaryLimit`.
    public func summary(_ markdown: String, existingBytes: Int = 0) -> String {
        let budget = Self.summaryLimit - existingBytes
        let text = markdown.hasSuffix("\n") ? markdown : markdown + "\n"
        guard text.utf8.count > budget else { return text }
        let note = "\n\n> ⚠️ " + MarkdownRetryFlowStrings.of(language).summaryCut + "\n"
        guard budget > note.utf8.count else { return "" }
        var kept = ""
        var size = 0
        var fence: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let next = fence.map { Self.fenceCloses($0, String(line)) ? nil : $0 } ?? Self.fenceOpens(String(line))
            let closing = next.map { "\n" + $0 } ?? ""
            guard size + line.utf8.count + 1 + closing.utf8.count + note.utf8.count <= budget else { break }
            kept += line + "\n"
            size += line.utf8.count + 1
            fence = next
        }
        return kept + (fence.map { $0 + "\n" } ?? "") + note
    }

    /// Appends the summary to `path` (the `$GITHUB_STEP_SUMMARY` file).
    public func appendSummary(_ markdown: String, to path: String) throws {
        let existing = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        // Text an earlier step left without a final newline would swallow the report's H1 into its last line.
        let separator = existing > 0 && !Self.endsWithNewline(path) ? "\n" : ""
        let data = Data((separator + summary(markdown, existingBytes: existing + separator.utf8.count)).utf8)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: data) else {
                throw SummaryError(path: path, reason: "cannot create the file")
            }
            return
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw SummaryError(path: path, reason: "cannot open the file for writing")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        } catch {
            throw SummaryError(path: path, reason: error.localizedDescription)
        }
    }

    private static func endsWithNewline(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size > 0 else { return true }
        try? handle.seek(toOffset: size - 1)
        return (try? handle.read(upToCount: 1)) == Data("\n".utf8)
    }

    /// The step summary could not be written: one sentence naming the file.
    public struct SummaryError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot append the GitHub step summary to '\(path)': \(reason)" }
    }

    // MARK: workflow commands

    /// `::name key=value,…::message`, escaped as GitHub's workflow commands require.
    static func command(_ name: String, properties: [(String, String)], message: String) -> String {
        let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(name)\(list.isEmpty ? "" : " " + list)::\(escapeData(message))"
    }

    /// A command's message: `%`, CR and LF encoded.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A property value: as data, plus `:` and `,`, which would end it.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// Message, then the details on the next lines; terminal escapes removed, cut to `messageLimit`.
    static func text(of failure: Failure) -> String {
        var text = TextSanitizer.stripANSI(failure.message)
        if let details = failure.details, !details.isEmpty {
            text += (text.isEmpty ? "" : "\n") + TextSanitizer.stripANSI(details)
        }
        guard text.count > messageLimit else { return text }
        return String(text.prefix(messageLimit)) + "…"
    }

    /// True when the details' first line is the message again, as a rendered diagnostic's is:
    /// `file:2:1: error: unknown key` for the message `file:2:1: unknown key` (or `error: unknown key` for `unknown key`).
    static func detailsRepeat(_ failure: Failure) -> Bool {
        guard let first = failure.details?.split(separator: "\n", maxSplits: 1).first.map(String.init) else { return false }
        return first == "error: " + failure.message || first.replacingOccurrences(of: ": error: ", with: ": ") == failure.message
    }

    /// Where an annotation points: a file, and its line and column when known.
    struct Place: Equatable {
        var file: String
        var line: Int?
        var column: Int?
    }

    /// The place of a location "file:line" or "file:line:column"; the fallbacks when it names none.
    static func place(_ location: String?, fallbackFile: String, fallbackLine: Int?) -> Place {
        let fallback = Place(file: fallbackFile, line: fallbackLine)
        guard let location else { return fallback }
        var parts = location.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var numbers: [Int] = []
        while parts.count > 1, numbers.count < 2, let number = Int(parts.last!) {
            numbers.insert(number, at: 0)
            parts.removeLast()
        }
        guard let line = numbers.first else { return fallback }
        return Place(file: parts.joined(separator: ":"), line: line, column: numbers.count > 1 ? numbers[1] : nil)
    }

    /// Absolute paths under the workspace, wherever they appear in a text (a diagnostic's ` --> ` line), made relative.
    private func relativePaths(_ text: String) -> String {
        guard let workspace, !workspace.isEmpty, workspace.hasPrefix("/") else { return text }
        let root = workspace.hasSuffix("/") ? workspace : workspace + "/"
        return text.replacingOccurrences(of: root, with: "")
    }

    private func relative(_ path: String) -> String {
        guard let workspace, !workspace.isEmpty, path.hasPrefix("/") else { return path }
        let root = workspace.hasSuffix("/") ? workspace : workspace + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    // MARK: fenced code blocks (CommonMark: up to 3 spaces, then 3 or more backticks or tildes)

    private static func fenceOpens(_ line: String) -> String? {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3, let mark = trimmed.first, mark == "`" || mark == "~" else { return nil }
        let run = trimmed.prefix { $0 == mark }
        guard run.count >= 3, mark == "~" || !trimmed.dropFirst(run.count).contains("`") else { return nil }
        return String(run)
    }

    private static func fenceCloses(_ fence: String, _ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3, let mark = fence.first else { return false }
        let run = trimmed.prefix { $0 == mark }
        return run.count >= fence.count && trimmed.dropFirst(run.count).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
