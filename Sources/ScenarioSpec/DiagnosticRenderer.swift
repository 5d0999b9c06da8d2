/// Renders diagnostics the one way they are shown everywhere (first line is editor-clickable):
/// ```
/// scenarios/a.yaml:12:7: error: unknown key 'topc' in produce
///    |
/// 12 |       topc: user_actions
///    |       ^^^^
///    = help: did you mean 'topic'?
/// ```
public enum DiagnosticRenderer {
    /// Longest snippet shown; longer lines are trimmed around the column.
    static let maxSnippetWidth = 100
    static let tabWidth = 4

    /// `source` is the whole file's text; without it (or without a line) only the message and help are shown.
    public static func render(_ diagnostic: Diagnostic, source: String?) -> String {
        render(diagnostic, line: { number in source.flatMap { Self.line(number, of: $0) } })
    }

    /// The same, with the file's lines split once (`lines(of:)`): many diagnostics of one file cost no rescans.
    public static func render(_ diagnostic: Diagnostic, sourceLines: [Substring]?) -> String {
        render(diagnostic, line: { number in
            guard let sourceLines, number >= 1, number <= sourceLines.count else { return nil }
            return sourceLines[number - 1]
        })
    }

    /// A source's lines as `line(_:of:)` counts them (a line feed or a CR LF ends one).
    public static func lines(of source: String) -> [Substring] {
        source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    private static func render(_ diagnostic: Diagnostic, line: (Int) -> Substring?) -> String {
        let loc = diagnostic.location
        let position = loc.line > 0 ? "\(loc.file):\(loc.line):\(loc.column)" : loc.file
        var lines = ["\(position): \(diagnostic.severity.rawValue): \(diagnostic.message)"]
        let gutter = String(repeating: " ", count: String(max(loc.line, 1)).count + 1)
        if loc.line > 0, let text = line(loc.line) {
            let (shown, caretStart, caretWidth) = snippet(text, column: loc.column, length: diagnostic.length)
            lines.append("\(gutter)|")
            lines.append("\(loc.line) | \(shown)".trimmingTrailingSpaces())
            lines.append("\(gutter)| " + String(repeating: " ", count: caretStart) + String(repeating: "^", count: caretWidth))
        }
        if let help = diagnostic.help {
            lines.append("\(gutter)= help: \(help)")
        }
        return lines.joined(separator: "\n")
    }

    /// All diagnostics, separated by blank lines; `sources` maps file paths to their text.
    public static func render(_ diagnostics: [Diagnostic], sources: [String: String]) -> String {
        diagnostics.map { render($0, source: sources[$0.location.file]) }.joined(separator: "\n\n")
    }

    static func line(_ number: Int, of source: String) -> Substring? {
        var current = 1
        var start = source.startIndex
        var index = source.startIndex
        while index < source.endIndex {
            if source[index] == "\n" || source[index] == "\r\n" {
                if current == number { return source[start..<index] }
                current += 1
                start = source.index(after: index)
            }
            index = source.index(after: index)
        }
        return current == number ? source[start...] : nil
    }

    /// The line as displayed (tabs expanded, trimmed when long), and where the caret run starts and how wide it is.
    static func snippet(_ text: Substring, column: Int, length: Int) -> (String, Int, Int) {
        var scalars = Array(text.unicodeScalars)
        if scalars.last == "\r" { scalars.removeLast() }
        let col = min(max(column - 1, 0), scalars.count)
        let end = min(max(col + length, col + 1), max(scalars.count, col + 1))
        var from = 0, to = scalars.count
        if scalars.count > maxSnippetWidth {
            from = max(0, min(col - maxSnippetWidth / 3, scalars.count - maxSnippetWidth))
            to = min(scalars.count, from + maxSnippetWidth)
        }
        var shown = from > 0 ? "..." : ""
        var width = shown.count
        var caretStart = 0, caretEnd = 0
        for i in from..<max(to, end) {
            if i == col { caretStart = width }
            if i < scalars.count && i < to {
                let s = scalars[i]
                let w = s == "\t" ? tabWidth : displayWidth(s)
                shown += s == "\t" ? String(repeating: " ", count: tabWidth) : String(s)
                width += w
            } else {
                width += 1
            }
            if i + 1 == end { caretEnd = width }
        }
        if col >= max(to, end) { caretStart = width; caretEnd = width + 1 }
        if to < scalars.count { shown += "..." }
        return (shown, caretStart, max(1, caretEnd - caretStart))
    }

    /// Terminal cells taken by a character: 2 for East Asian wide characters (Hangul, CJK, full-width forms).
    static func displayWidth(_ s: Unicode.Scalar) -> Int {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
