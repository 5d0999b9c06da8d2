import Foundation
import SchemaCodecs
import ScenarioSpec

/// The schema checks `validate` and `run` make before anything runs (docs/schemas.md): every schema file
/// parses, and every literal value written with a file schema fits it. Problems are diagnostics at their
/// place in the scenario file, like the file's own.
public enum SchemaPreflight {
    /// The loaded files with these checks added: a suite with an error here becomes a failed file.
    public static func check(_ loaded: LoadResult) -> LoadResult {
        var result = loaded
        result.suites = []
        var added: [Diagnostic] = []
        for suite in loaded.suites {
            let found = check(suite)
            added += found
            if found.contains(where: { $0.severity == .error }) {
                result.failedFiles.append((file: suite.file, diagnostics: found.filter { $0.severity == .error }))
            } else {
                result.suites.append(suite)
            }
        }
        result.diagnostics = inFileOrder(loaded.diagnostics + added)
        return result
    }

    /// The problems of one suite, in file order.
    public static func check(_ suite: Suite) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var schemas: [String: (schema: ParsedSchema, file: String)] = [:]
        for declaration in suite.schemas {
            switch parse(declaration) {
            case .success(let parsed?): schemas[declaration.name] = parsed
            case .success(nil): break
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        var values = ValueCheck(schemas: schemas)
        for processor in suite.processors { values.check(processor) }
        for scenario in suite.scenarios {
            for processor in scenario.processors { values.check(processor) }
            values.check(scenario.steps)
        }
        return inFileOrder(diagnostics + values.diagnostics)
    }

    /// A file schema read and parsed; nil for a registry subject (known only at run time).
    private static func parse(_ declaration: SchemaDeclaration) -> Result<(schema: ParsedSchema, file: String)?, Diagnostic> {
        let (path, type): (String, SchemaType)
        switch declaration.source {
        case .avro(let file): (path, type) = (file, .avro)
        case .jsonSchema(let file): (path, type) = (file, .json)
        case .protobuf(let file, _): (path, type) = (file, .protobuf)
        case .subject: return .success(nil)
        }
        let what = type == .avro ? "an Avro schema" : "a JSON Schema"
        func problem(_ message: String, help: String) -> Result<(schema: ParsedSchema, file: String)?, Diagnostic> {
            .failure(Diagnostic(at: declaration.location, message, help: help, length: declaration.length))
        }
        if case .protobuf(_, let message) = declaration.source {
            do {
                let schema = ParsedSchema.protobuf(try ProtobufSchema(file: path, message: message))
                return strategyFits(schema, path, declaration)
            } catch {
                if let unknown = error.unknownMessage {
                    let close = Suggestion.closest(to: unknown, in: error.messages)
                        ?? Suggestion.closest(to: unknown, in: error.messages.map { $0.split(separator: ".").last.map(String.init) ?? $0 })
                            .flatMap { short in error.messages.first { $0.hasSuffix(".\(short)") || $0 == short } }
                    return .failure(Diagnostic(
                        at: declaration.messageLocation ?? declaration.location,
                        "schema '\(declaration.name)': \(path) has no message \(unknown)",
                        help: close.map { "did you mean '\($0)'?" } ?? "its messages: \(error.messages.joined(separator: ", "))",
                        length: declaration.messageLocation == nil ? declaration.length : declaration.messageLength))
                }
                return problem("schema '\(declaration.name)': \(path) is not a Protobuf file: \(error.message)",
                               help: "the words are protoc's (libprotobuf's parser), at the file:line:column of the .proto")
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return problem("schema '\(declaration.name)': cannot read \(path)", help: "check that the file is readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return problem("schema '\(declaration.name)': \(path) is not UTF-8 text", help: "save the schema as UTF-8")
        }
        do {
            return strategyFits(try ParsedSchema(type: type, text: text), path, declaration)
        } catch {
            return problem("schema '\(declaration.name)': \(path) is not \(what): \(error.message)",
                           help: type == .avro ? "the words are avro-c's; the Avro specification's Schema Declaration section describes the format"
                                               : "docs/schemas.md lists the JSON Schema keywords supported")
        }
    }

    /// A record subject strategy needs a name: an Avro named type, a JSON Schema title (a message always has one).
    private static func strategyFits(_ schema: ParsedSchema, _ path: String,
                                     _ declaration: SchemaDeclaration) -> Result<(schema: ParsedSchema, file: String)?, Diagnostic> {
        guard declaration.subjectStrategy != .topic, schema.recordName == nil else { return .success((schema, path)) }
        return .failure(Diagnostic(
            at: declaration.location,
            "schema '\(declaration.name)': subject_strategy \(declaration.subjectStrategy.rawValue) needs a record name and \(path) has none",
            help: schema.type == .json ? "give the JSON Schema a title, or use subject_strategy: topic"
                                       : "make the schema a named record, or use subject_strategy: topic",
            length: declaration.length))
    }

    private static func inFileOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var fileRank: [String: Int] = [:]
        for d in diagnostics where fileRank[d.location.file] == nil { fileRank[d.location.file] = fileRank.count }
        return diagnostics.enumerated().sorted { a, b in
            let x = a.element.location, y = b.element.location
            return (fileRank[x.file]!, x.line, x.column, a.offset) < (fileRank[y.file]!, y.line, y.column, b.offset)
        }.map(\.element)
    }
}

/// Literal values (no templates) against the file schemas they are written with.
private struct ValueCheck {
    let schemas: [String: (schema: ParsedSchema, file: String)]
    var diagnostics: [Diagnostic] = []

    mutating func check(_ steps: [Step]) {
        for step in steps {
            // A step that expects an error may send a misfit on purpose, to assert the refusal (DESIGN §1.8).
            if step.expectError != nil { check(step.kind.nestedSteps ?? []); continue }
            if let produce = step.kind as? ProduceStep {
                if case .value(let value) = produce.payload {
                    check(value, node: produce.valueNode, with: produce.valueSchema, role: "value")
                }
                if let key = produce.key { check(key, node: produce.keyNode, with: produce.keySchema, role: "key") }
            } else if let load = step.kind as? LoadStep, case .value(let value) = load.payload {
                check(value, node: load.valueNode, with: load.valueSchema, role: "value")
            }
            check(step.kind.nestedSteps ?? [])
        }
    }

    mutating func check(_ processor: ProcessorDeclaration) {
        check(processor.emitValue, node: processor.emitValueNode, with: processor.emitValueSchema, role: "value")
        if let key = processor.emitKey {
            check(key, node: processor.emitKeyNode, with: processor.emitKeySchema, role: "key")
        }
    }

    /// A null value is a tombstone (a null key: no key): nothing is encoded.
    private mutating func check(_ value: ValueTemplate, node: Node?, with reference: SchemaReference?, role: String) {
        guard let reference, let node, case .literal(let json) = value, json != .null,
              let (schema, file) = schemas[reference.name], let misfit = schema.check(json) else { return }
        var at = FieldNode.locate(misfit.path, in: node)
        var help = "the schema is \(file)"
        if let (written, keyNode, choices) = Self.misspelling(misfit, at: at) {
            if let close = Suggestion.closest(to: written, in: choices) { help = "did you mean '\(close)'? (the schema is \(file))" }
            at = keyNode ?? at
        } else if let (written, keyNode, field) = Self.misspelledField(misfit, at: at) {
            help = "'\(written)' is not a field of the schema: did you mean '\(field)'? (the schema is \(file))"
            at = keyNode
        }
        diagnostics.append(Diagnostic(
            at: at.location, "\(role)_schema '\(reference.name)': the \(role) does not fit: \(misfit.description)",
            help: help, length: at.length))
    }

    /// `missing field reward.user_id` beside a key written `usr_id`: that key, most likely a typo.
    private static func misspelledField(_ misfit: SchemaValueError, at node: Node) -> (String, Node, String)? {
        guard misfit.problem.hasPrefix("missing field "), case .mapping(let pairs) = node.kind else { return nil }
        let whole = misfit.problem.dropFirst("missing field ".count)
        let field = String(misfit.path.isEmpty ? whole : whole.dropFirst(misfit.path.count + 1))
        for pair in pairs {
            guard let key = pair.key.scalarText, key != field, Suggestion.closest(to: key, in: [field]) != nil else { continue }
            return (key, pair.key, field)
        }
        return nil
    }

    /// An unknown enum symbol or field, with the word written, the key node of a field, and what the schema has:
    /// the codecs end those problems with `(one of A, B)`, `(Name has a, b)` (Avro) and `(declared: a, b)` (JSON Schema).
    private static func misspelling(_ misfit: SchemaValueError, at node: Node) -> (String, Node?, [String])? {
        let problem = misfit.problem
        guard problem.hasSuffix(")"), let open = problem.range(of: " (", options: .backwards) else { return nil }
        let inside = problem[open.upperBound..<problem.index(before: problem.endIndex)]
        if problem.hasPrefix("unknown enum symbol "), inside.hasPrefix("one of "), let written = node.scalarText {
            return (written, nil, inside.dropFirst("one of ".count).components(separatedBy: ", "))
        }
        if problem.hasPrefix("unknown field "), let has = inside.range(of: " has ") ?? inside.range(of: "declared: "),
           case .mapping(let pairs) = node.kind {
            let field = String(problem[problem.index(problem.startIndex, offsetBy: "unknown field ".count)..<open.lowerBound])
            let name = misfit.path.isEmpty ? field : String(field.dropFirst(misfit.path.count + 1))
            let keyNode = pairs.first { $0.key.scalarText == name }?.key
            return (name, keyNode, inside[has.upperBound...].components(separatedBy: ", "))
        }
        return nil
    }
}

/// The node a schema error's field path (`reward.amount`, `tags[1]`) names, or the deepest one of it that
/// exists (a missing field: the record that lacks it).
enum FieldNode {
    static func locate(_ path: String, in node: Node) -> Node {
        var rest = Substring(path)
        var current = node
        while !rest.isEmpty {
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                      case .sequence(let items) = current.kind, items.indices.contains(index) else { return current }
                current = items[index]
                rest = rest[rest.index(after: close)...]
            } else {
                // A map key may hold dots: the longest key that ends at a separator wins.
                guard case .mapping(let pairs) = current.kind else { return current }
                let candidates = pairs.filter { pair in
                    guard let key = pair.key.scalarText, rest.hasPrefix(key) else { return false }
                    let after = rest.dropFirst(key.count)
                    return after.isEmpty || after.hasPrefix(".") || after.hasPrefix("[")
                }
                guard let match = candidates.max(by: { ($0.key.scalarText ?? "").count < ($1.key.scalarText ?? "").count }),
                      let key = match.key.scalarText else { return current }
                current = match.value
                rest = rest.dropFirst(key.count)
            }
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
        }
        return current
    }
}
