/// One piece of a template string: literal text or a `{{ expr }}` (with its text, for error messages).
enum TemplatePart: Sendable {
    case text(String)
    case expression(TemplateExpression, source: String)
}

/// Recursive-descent parser over the scalar's Unicode scalars, so offsets map to columns.
///
/// Grammar (lowest precedence first):
/// ```
/// comparison := additive (("==" | "!=" | "<" | "<=" | ">" | ">=") additive)?
/// additive   := multiplicative (("+" | "-") multiplicative)*
/// multiplicative := unary (("*" | "/" | "%") unary)*
/// unary      := "-" unary | primary
/// primary    := number | string | true | false | null | "(" comparison ")"
///             | name "(" arguments ")" | name ("." member | "[" comparison "]")*
/// ```
struct TemplateParser {
    private let scalars: [Unicode.Scalar]
    private let location: SourceLocation
    private let contentColumnOffset: Int
    private var position = 0
    /// Where the `{{` of the template being parsed starts.
    private var templateStart = 0
    /// How deep the expression being parsed is nested (parentheses, `[`, calls, unary `-`, and one level per
    /// further operand of a `+`/`*` chain, whose tree grows as deep as it is long). Evaluating, printing and
    /// freeing a tree recurse over it, so it is bounded: a clear error, never a stack overflow.
    private var depth = 0
    /// The depth of the tree the last parse function returned (a chain `1 + 1 + …` is as deep as it is long).
    private var treeDepth = 0
    static let maxDepth = 100

    init(_ text: String, at location: SourceLocation, contentColumnOffset: Int) {
        self.scalars = Array(text.unicodeScalars)
        self.location = location
        self.contentColumnOffset = contentColumnOffset
    }

    mutating func parseParts() throws -> [TemplatePart] {
        var parts: [TemplatePart] = []
        var textStart = 0
        while position < scalars.count {
            guard looking(at: "{{") else {
                position += 1
                continue
            }
            if textStart < position { parts.append(.text(string(textStart, position))) }
            templateStart = position
            position += 2
            skipSpaces()
            if looking(at: "}}") {
                throw error(at: templateStart, length: position + 2 - templateStart,
                            "empty template: write an expression between '{{' and '}}'",
                            help: "for example {{ user }} or {{ index + 1 }}")
            }
            let expression = try parseComparison()
            skipSpaces()
            guard position < scalars.count else { throw unterminated() }
            guard looking(at: "}}") else { throw unexpected(expecting: "'}}' to close the template") }
            position += 2
            parts.append(.expression(expression, source: string(templateStart, position)))
            textStart = position
        }
        if textStart < scalars.count { parts.append(.text(string(textStart, scalars.count))) }
        return parts
    }

    // MARK: - Expressions

    /// One level deeper; the caller restores `depth` when it is done.
    private mutating func nest() throws {
        depth += 1
        try bound(depth)
    }

    /// Records the depth of a tree just built, failing when it is too deep.
    private mutating func built(depth tree: Int) throws {
        treeDepth = tree
        try bound(tree)
    }

    private func bound(_ levels: Int) throws {
        guard levels <= Self.maxDepth else {
            throw error(at: position, "this template expression is nested too deeply (more than \(Self.maxDepth) levels of parentheses, brackets, signs or operands)",
                        help: "split it into steps: capture or declare intermediate values in vars:")
        }
    }

    private mutating func parseComparison() throws -> TemplateExpression {
        try nest()
        defer { depth -= 1 }
        let lhs = try parseAdditive()
        let lhsDepth = treeDepth
        guard let op = try comparisonOperator() else { return lhs }
        let rhs = try parseAdditive()
        try built(depth: max(lhsDepth, treeDepth) + 1)
        let before = position
        if try comparisonOperator() != nil {
            throw error(at: before, "comparisons cannot be chained", help: "compare two values at a time")
        }
        return .binary(op, lhs, rhs)
    }

    private mutating func comparisonOperator() throws -> TemplateBinaryOperator? {
        skipSpaces()
        for op in [TemplateBinaryOperator.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
        where looking(at: op.rawValue) {
            position += op.rawValue.unicodeScalars.count
            return op
        }
        if looking(at: "=") { throw error(at: position, "'=' is not an operator", help: "use '==' to compare") }
        if looking(at: "!") { throw error(at: position, "'!' is not an operator", help: "use '!=' to compare") }
        return nil
    }

    private mutating func parseAdditive() throws -> TemplateExpression {
        var lhs = try parseMultiplicative()
        var lhsDepth = treeDepth
        while true {
            skipSpaces()
            let op: TemplateBinaryOperator
            if looking(at: "+") { op = .add } else if looking(at: "-") { op = .subtract } else {
                treeDepth = lhsDepth
                return lhs
            }
            position += 1
            let rhs = try parseMultiplicative()
            try built(depth: max(lhsDepth, treeDepth) + 1)
            lhsDepth = treeDepth
            lhs = .binary(op, lhs, rhs)
        }
    }

    private mutating func parseMultiplicative() throws -> TemplateExpression {
        var lhs = try parseUnary()
        var lhsDepth = treeDepth
        while true {
            skipSpaces()
            let op: TemplateBinaryOperator
            if looking(at: "*") { op = .multiply } else if looking(at: "/") { op = .divide }
            else if looking(at: "%") { op = .remainder } else {
                treeDepth = lhsDepth
                return lhs
            }
            position += 1
            let rhs = try parseUnary()
            try built(depth: max(lhsDepth, treeDepth) + 1)
            lhsDepth = treeDepth
            lhs = .binary(op, lhs, rhs)
        }
    }

    private mutating func parseUnary() throws -> TemplateExpression {
        skipSpaces()
        guard looking(at: "-") else { return try parsePrimary() }
        try nest()
        defer { depth -= 1 }
        position += 1
        let operand = try parseUnary()
        try built(depth: treeDepth + 1)
        switch operand {
        case .literal(.int(let i)) where i != .min: return .literal(.int(-i))
        case .literal(.double(let d)): return .literal(.double(-d))
        default: return .negate(operand)
        }
    }

    private mutating func parsePrimary() throws -> TemplateExpression {
        skipSpaces()
        guard position < scalars.count else { throw unterminated() }
        let c = scalars[position]
        if looking(at: "}}") || c == ")" || c == "]" || c == "," {
            throw unexpected(expecting: "a value (a variable, number, 'string' or function call)")
        }
        if c == "(" {
            let open = position
            position += 1
            let inner = try parseComparison()
            skipSpaces()
            guard position < scalars.count else { throw unterminated() }
            guard looking(at: ")") else { throw error(at: open, "missing ')' for this '('") }
            position += 1
            return inner
        }
        treeDepth = 1
        if c == "'" || c == "\"" { return .literal(.string(try parseString())) }
        if Self.isDigit(c) { return .literal(try parseNumber()) }
        if Self.isNameStart(c) { return try parseNameOrCall() }
        throw unexpected(expecting: "a value (a variable, number, 'string' or function call)")
    }

    private mutating func parseNameOrCall() throws -> TemplateExpression {
        let nameStart = position
        let name = readName()
        skipSpaces()
        if looking(at: "(") { return try parseCall(name, at: nameStart) }
        position = nameStart + name.unicodeScalars.count
        switch name {
        case "true": treeDepth = 1; return .literal(.bool(true))
        case "false": treeDepth = 1; return .literal(.bool(false))
        case "null": treeDepth = 1; return .literal(.null)
        default: break
        }
        var steps: [TemplatePathStep] = []
        var pathDepth = 1
        while position < scalars.count {
            if scalars[position] == ".", position + 1 < scalars.count, Self.isNameCharacter(scalars[position + 1]) {
                position += 1
                steps.append(.member(readName()))
            } else if scalars[position] == "[" {
                let open = position
                position += 1
                let index = try parseComparison()
                pathDepth = max(pathDepth, treeDepth + 1)
                skipSpaces()
                guard position < scalars.count else { throw unterminated() }
                guard looking(at: "]") else { throw error(at: open, "missing ']' for this '['") }
                position += 1
                steps.append(.index(index, text: string(open, position)))
            } else {
                break
            }
        }
        if name == "env" {
            guard case .member? = steps.first else {
                throw error(at: nameStart, length: 3, "'env' needs a variable name",
                            help: "write env.NAME, e.g. {{ env.HOME }}")
            }
        }
        try built(depth: pathDepth)
        return .path(root: name, steps: steps, text: string(nameStart, position))
    }

    private mutating func parseCall(_ name: String, at nameStart: Int) throws -> TemplateExpression {
        let nameLength = name.unicodeScalars.count
        guard let function = TemplateFunction(rawValue: name) else {
            let names = TemplateFunction.allCases.map(\.rawValue)
            let help = Suggestion.help(for: name, in: names)
                ?? "available functions: " + TemplateFunction.allCases.map(\.signature).joined(separator: ", ")
            throw error(at: nameStart, length: nameLength, "unknown function '\(name)'", help: help)
        }
        position += 1  // "("
        var arguments: [TemplateExpression] = []
        var callDepth = 1
        skipSpaces()
        if looking(at: ")") {
            position += 1
        } else {
            while true {
                arguments.append(try parseComparison())
                callDepth = max(callDepth, treeDepth + 1)
                skipSpaces()
                guard position < scalars.count else { throw unterminated() }
                if looking(at: ",") { position += 1; continue }
                if looking(at: ")") { position += 1; break }
                throw unexpected(expecting: "',' or ')' in the call to \(name)")
            }
        }
        guard arguments.count == function.arity else {
            let wanted = function.arity == 0 ? "no arguments"
                : function.arity == 1 ? "1 argument" : "\(function.arity) arguments"
            throw error(at: nameStart, length: position - nameStart,
                        "\(name) takes \(wanted), got \(arguments.count)", help: "write \(function.signature)")
        }
        try built(depth: callDepth)
        return .call(function, arguments)
    }

    private mutating func parseString() throws -> String {
        let quote = scalars[position]
        let start = position
        position += 1
        var out = String.UnicodeScalarView()
        while position < scalars.count {
            let c = scalars[position]
            if c == quote {
                position += 1
                return String(out)
            }
            if c == "\\", position + 1 < scalars.count {
                position += 1
                switch scalars[position] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(scalars[position])
                }
            } else {
                out.append(c)
            }
            position += 1
        }
        throw error(at: start, "unterminated string: missing closing \(quote == "'" ? "\"'\"" : "'\"'")")
    }

    private mutating func parseNumber() throws -> JSONValue {
        let start = position
        var isInteger = true
        while position < scalars.count, Self.isDigit(scalars[position]) { position += 1 }
        if position + 1 < scalars.count, scalars[position] == ".", Self.isDigit(scalars[position + 1]) {
            isInteger = false
            position += 1
            while position < scalars.count, Self.isDigit(scalars[position]) { position += 1 }
        }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            var next = position + 1
            if next < scalars.count, scalars[next] == "+" || scalars[next] == "-" { next += 1 }
            if next < scalars.count, Self.isDigit(scalars[next]) {
                isInteger = false
                position = next
                while position < scalars.count, Self.isDigit(scalars[position]) { position += 1 }
            }
        }
        let text = string(start, position)
        if isInteger {
            guard let value = Int64(text) else {
                throw error(at: start, length: position - start, "integer \(text) is too large",
                            help: "integers range up to \(Int64.max)")
            }
            return .int(value)
        }
        guard let value = Double(text), value.isFinite else {
            throw error(at: start, length: position - start, "number \(text) is out of range")
        }
        return .double(value)
    }

    // MARK: - Field paths

    /// The whole text as a path: `name ("." name | "[" integer "]" | "[" 'quoted name' "]")*`, the path part
    /// of a template expression with literal indices only. `suggesting`: whether errors carry a rewritten path.
    mutating func parseFieldPath(what: String, suggesting: Bool = true) throws -> FieldPath {
        let text = string(0, scalars.count)
        func help() -> String? { suggesting ? Self.fieldPathHelp(text) : nil }
        guard position < scalars.count else {
            throw error(at: 0, "\(what): the path is empty", help: "a path into the data, e.g. value.id")
        }
        guard Self.isNameStart(scalars[position]) else {
            throw error(at: position, "\(what): '\(text)' is not a path: it starts with '\(scalars[position])', not a name",
                        help: help())
        }
        let root = readName()
        var steps: [FieldPath.Step] = []
        while position < scalars.count {
            let c = scalars[position]
            if c == "." {
                position += 1
                guard position < scalars.count, Self.isNameCharacter(scalars[position]) else {
                    throw error(at: position - 1, "\(what): '\(text)' has no name after this '.'", help: help())
                }
                steps.append(.member(readName()))
            } else if c == "[" {
                let open = position
                position += 1
                skipSpaces()
                if position < scalars.count, scalars[position] == "'" || scalars[position] == "\"" {
                    steps.append(.member(try parseString()))
                } else if position < scalars.count, Self.isDigit(scalars[position]), case .int(let index) = try parseNumber() {
                    steps.append(.element(Int(index)))
                } else {
                    throw error(at: open, "\(what): a bracket in a path takes a whole number or a quoted name",
                                help: "e.g. value.items[0] or headers['trace-id']")
                }
                skipSpaces()
                guard looking(at: "]") else {
                    throw error(at: open, "\(what): missing ']' for this '['", help: "e.g. value.items[0] or headers['trace-id']")
                }
                position += 1
            } else {
                throw error(at: position, "\(what): unexpected '\(c)' in the path '\(text)'", help: help())
            }
        }
        return FieldPath(root: root, steps: steps, text: text)
    }

    /// "did you mean" with the parts that are not plain names put in brackets (`headers['trace-id']`), or how
    /// a path is written.
    private static func fieldPathHelp(_ text: String) -> String {
        let general = "a path is names joined by '.', with [0] for a list element and ['trace-id'] for a key that is not a plain name"
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty else { return general }
        let rewritten = parts.dropFirst().reduce(first) { path, part in
            isFieldPath(part) ? path + "." + part : path + "['" + part.replacingOccurrences(of: "'", with: "\\'") + "']"
        }
        guard rewritten != text, isFieldPath(rewritten) else { return general }
        return "did you mean '\(rewritten)'?"
    }

    private static func isFieldPath(_ text: String) -> Bool {
        var parser = TemplateParser(text, at: SourceLocation(file: "", line: 0, column: 0), contentColumnOffset: 0)
        return (try? parser.parseFieldPath(what: "", suggesting: false)) != nil
    }

    // MARK: - Lexing helpers

    private func looking(at token: String) -> Bool {
        var index = position
        for scalar in token.unicodeScalars {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    private mutating func skipSpaces() {
        while position < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[position]) { position += 1 }
    }

    private mutating func readName() -> String {
        let start = position
        while position < scalars.count, Self.isNameCharacter(scalars[position]) { position += 1 }
        return string(start, position)
    }

    private func string(_ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c.value > 127 && c.properties.isAlphabetic)
    }
    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || isDigit(c) }

    // MARK: - Diagnostics

    private func unterminated() -> Diagnostic {
        error(at: templateStart, length: 2, "unterminated template: missing '}}'",
              help: "close the expression with '}}', e.g. {{ user }}")
    }

    private func unexpected(expecting: String) -> Diagnostic {
        if looking(at: "}}") { return error(at: position, length: 2, "unexpected '}}': expected \(expecting)") }
        guard position < scalars.count else { return unterminated() }
        return error(at: position, "unexpected '\(scalars[position])' in template: expected \(expecting)")
    }

    /// Columns count Unicode scalars from the first character of the text. Past a line break the
    /// column cannot be known (folding, block scalars), so the diagnostic points at the scalar itself.
    private func error(at offset: Int, length: Int = 1, _ message: String, help: String? = nil) -> Diagnostic {
        if scalars[..<min(offset, scalars.count)].contains("\n") {
            return Diagnostic(at: location, message, help: help)
        }
        var at = location
        at.column += contentColumnOffset + offset
        return Diagnostic(at: at, message, help: help, length: length)
    }
}
