import CYAML
import Foundation

/// Turns libyaml's terse parser errors into messages a scenario author can act on.
enum YAMLSyntaxError {
    static func diagnostic(for parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        let context = parser.context.map { String(cString: $0) }
        let problemAt = SourceLocation(file: file, line: Int(parser.problem_mark.line) + 1,
                                       column: Int(parser.problem_mark.column) + 1)
        let contextAt = SourceLocation(file: file, line: Int(parser.context_mark.line) + 1,
                                       column: Int(parser.context_mark.column) + 1)
        if parser.error == YAML_READER_ERROR { return readerDiagnostic(for: parser, bytes: bytes, file: file, problem: problem) }
        let index = Int(parser.problem_mark.index)
        let byteAtProblem: UInt8? = index < bytes.count ? bytes[index] : nil

        if byteAtProblem == 0x09 || problem.contains("tab character") {
            return Diagnostic(at: problemAt, "tabs are not allowed for indentation",
                              help: "indent with spaces (YAML forbids tabs in indentation)")
        }
        if context == "while scanning a block scalar",
           let mistake = blockIndicatorMistake(at: Int(parser.context_mark.index), in: bytes, location: contextAt,
                                               onlyWithHeader: false) {
            return mistake
        }
        switch (problem, context ?? "") {
        case ("found unexpected end of stream", let c) where c.contains("quoted scalar"):
            return Diagnostic(at: contextAt, "unterminated string: the closing quote is missing",
                              help: "close the string with the same quote it starts with")
        case ("found unknown escape character", _):
            return Diagnostic(at: problemAt, "unknown escape sequence in a double-quoted string",
                              help: "write a backslash as \\\\, or use single quotes ('...') where backslashes are literal")
        case ("could not find expected ':'", _):
            return Diagnostic(at: contextAt, "expected 'key: value' here, but the ':' is missing",
                              help: "add ': ' after the key, or check the indentation of this line and the next")
        case ("mapping values are not allowed in this context", _):
            return Diagnostic(at: problemAt, "unexpected ':' — a value cannot start a new mapping on this line",
                              help: "a line above may be missing the ':' after its key; else quote a value that contains ': '")
        case ("did not find expected key", _) where byteAtProblem == UInt8(ascii: "-"):
            return Diagnostic(at: problemAt, "a list item ('- ') where the lines above are keys of a mapping",
                              help: "start every item of a list with '- ', the first one too; or remove the '- ' here")
        case ("did not find expected key", _):
            return Diagnostic(at: problemAt, "bad indentation: this line does not line up with the keys above it",
                              help: "indent keys of one mapping by the same number of spaces")
        case ("did not find expected '-' indicator", _):
            return missingDash(at: index, in: bytes, location: problemAt)
        case ("did not find expected node content", _):
            return Diagnostic(at: problemAt, "expected a value here",
                              help: "a value may be text, a number, a list or a mapping")
        case ("found character that cannot start any token", _):
            if let mistake = flowIndicatorMistake(at: index, in: bytes, location: problemAt) { return mistake }
            let shown = byteAtProblem.map { String(decoding: [$0], as: UTF8.self) } ?? "?"
            return Diagnostic(at: problemAt, "unexpected character '\(shown)'",
                              help: "quote a value that starts with one of @ ` | > % or other YAML indicators")
        case ("did not find expected ',' or ']'", _):
            return Diagnostic(at: contextAt, "unterminated list: expected ',' or ']'",
                              help: "close the list that starts here with ']'")
        case ("did not find expected ',' or '}'", _):
            return Diagnostic(at: contextAt, "unterminated mapping: expected ',' or '}'",
                              help: "close the mapping that starts here with '}'")
        default:
            let message = context.map { "\(problem) (\($0) at line \(contextAt.line))" } ?? problem
            return Diagnostic(at: problemAt, "invalid YAML: \(message)")
        }
    }

    /// A line at a list's indentation without `- `: a step missing its dash, or a key of the mapping that holds the
    /// list (`timeout:` after `steps:`) indented like the list's items.
    static func missingDash(at index: Int, in bytes: UnsafeBufferPointer<UInt8>, location: SourceLocation) -> Diagnostic {
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: ":"), bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: " ") {
            end += 1
        }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<min(end, bytes.count)]), as: UTF8.self)
        let isKey = end < bytes.count && bytes[end] == UInt8(ascii: ":")
        let parent = parentKey(above: index, column: location.column, in: bytes)
        let lineUp = parent.map { "line it up with '\($0.key):' (column \($0.column))" } ?? "outdent it to the mapping's keys"
        // The specs holding the list's key, and the spec of the list's items (`steps:` → step).
        // (A single-scenario file's keys are a scenario's: name it the scenario.)
        let owners = FormatSpec.all.filter { spec in spec.name != FormatSpec.singleScenarioSuite.name
            && parent.map { spec.key($0.key) != nil } ?? false }
        let itemSpecName = owners.lazy.compactMap { spec -> String? in
            if case .list(.object(let name))? = parent.flatMap({ spec.key($0.key)?.type }) { return name }
            return nil
        }.first
        let isStep = FormatSpec.stepKinds.contains { $0.name == word }
        let itemKind = itemSpecName == FormatSpec.step.name || (itemSpecName == nil && isStep)
            ? (isStep ? "step" : nil)
            : itemSpecName.flatMap { FormatSpec.mapping(named: $0)?.key(word) != nil ? $0 : nil }
        if isKey, let itemKind {
            return Diagnostic(at: location, "'\(word):' is indented like a list item but has no '- ' before it",
                              help: "start the \(itemKind) with a dash, like the items above: '- \(word):'", length: word.count)
        }
        if isKey, let owner = owners.first(where: { $0.key(word) != nil }) {
            return Diagnostic(at: location, "'\(word):' is a key of the \(owner.name), but it is indented like the items of the list above",
                              help: "\(lineUp); a list item would start with '- '", length: word.count)
        }
        return Diagnostic(at: location, "bad indentation: this line is indented like the items of the list above, but has no '- '",
                          help: "start a list item with '- ', or, for a key of the enclosing mapping, \(lineUp)",
                          length: max(1, word.count))
    }

    /// The nearest line above `index` indented less than `column` that holds `key:` (the key owning the list).
    private static func parentKey(above index: Int, column: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (key: String, column: Int)? {
        var lineStart = index
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        while lineStart > 0 {
            var start = lineStart - 1
            while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
            let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(lineStart - 1)]), as: UTF8.self)
            lineStart = start
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            guard indent + 1 < column, !content.isEmpty, !content.hasPrefix("#") else { continue }
            let key = content.hasPrefix("- ") ? content.dropFirst(2) : content
            let keyIndent = indent + (content.hasPrefix("- ") ? 2 : 0)
            guard let colon = key.firstIndex(of: ":") else { return nil }
            return (String(key[..<colon]), keyIndent + 1)
        }
        return nil
    }

    /// `count: >= 1` or `count: >1`: a value meant as a comparison that YAML reads as a block scalar (`>` folded,
    /// `|` literal). `index` is the byte of the indicator. With `onlyWithHeader`, only when text follows the indicator
    /// on its line (`>1` is a valid but empty block; a lone `>` may be meant).
    static func blockIndicatorMistake(at index: Int, in bytes: UnsafeBufferPointer<UInt8>, location: SourceLocation,
                                      onlyWithHeader: Bool) -> Diagnostic? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") || bytes[index] == UInt8(ascii: "|") else { return nil }
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
        var written = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
        if let comment = written.range(of: " #") { written = String(written[..<comment.lowerBound]) }
        written = written.trimmingCharacters(in: .whitespaces)
        guard !onlyWithHeader || written.count > 1 else { return nil }
        var start = index
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        let before = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        let key = before.trimmingCharacters(in: .whitespaces).drop { $0 == "-" || $0 == " " }
        let kind = bytes[index] == UInt8(ascii: ">") ? "a folded block" : "a literal block"
        let quoted = "\"" + written.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return Diagnostic(at: location, "'\(written)' starts with '\(written.prefix(1))', which YAML reads as the start of \(kind) of text",
                          help: "quote it: \(key.isEmpty ? "" : key + " ")\(quoted)", length: written.count)
    }

    /// `{ count: >= 1 }`: inside a flow mapping or list YAML cannot start a plain value with an indicator.
    /// `index` is the byte of the indicator; the value runs to the next `,`, `}` or `]`.
    static func flowIndicatorMistake(at index: Int, in bytes: UnsafeBufferPointer<UInt8>, location: SourceLocation) -> Diagnostic? {
        let indicators = Set(">|@`%".utf8), ends = Set(",}]\n\r".utf8), keyEnds = Set("{, \n-".utf8)
        guard index < bytes.count, indicators.contains(bytes[index]) else { return nil }
        var end = index
        while end < bytes.count, !ends.contains(bytes[end]) { end += 1 }
        let written = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        var colon = index - 1
        while colon > 0, bytes[colon] == UInt8(ascii: " ") { colon -= 1 }
        var keyStart = colon
        while keyStart > 0, !keyEnds.contains(bytes[keyStart - 1]) { keyStart -= 1 }
        let key = colon > 0 && bytes[colon] == UInt8(ascii: ":")
            ? String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<colon]), as: UTF8.self) + ": " : ""
        let quoted = "\"" + written.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return Diagnostic(at: location, "'\(written)' starts with '\(written.prefix(1))', which YAML does not allow at the start of an unquoted value",
                          help: "quote it: \(key)\(quoted)", length: written.count)
    }

    /// A reader error (a byte YAML does not allow) carries a byte offset, not a line and column.
    private static func readerDiagnostic(for parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String,
                                         problem: String) -> Diagnostic {
        let at = UTF8Check.location(ofByte: Int(parser.problem_offset), in: bytes, file: file)
        guard problem.contains("control characters") else { return Diagnostic(at: at, "invalid YAML: \(problem)") }
        let value = Int(parser.problem_value)
        let shown = value >= 0 ? String(format: "U+%04X", value) : "a control character"
        return Diagnostic(at: at, "control character \(shown) is not allowed in a scenario file",
                          help: "remove it; to send such bytes, write them as an escape in a double-quoted string, e.g. \"\\u0000\"")
    }
}
