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
        case ("did not find expected key", _):
            return Diagnostic(at: problemAt, "bad indentation: this line does not line up with the keys above it",
                              help: "indent keys of one mapping by the same number of spaces")
        case ("did not find expected '-' indicator", _):
            return Diagnostic(at: problemAt, "bad indentation: expected a list item ('- ') at this indentation",
                              help: "indent items of one list by the same number of spaces")
        case ("did not find expected node content", _):
            return Diagnostic(at: problemAt, "expected a value here",
                              help: "a value may be text, a number, a list or a mapping")
        case ("found character that cannot start any token", _):
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
