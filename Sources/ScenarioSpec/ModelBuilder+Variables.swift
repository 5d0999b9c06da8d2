/// Which template variables a place in the file may read.
struct TemplateScope {
    /// Names defined here: vars, captures made so far, and the built-ins below.
    var names: Set<String>
    /// `index`: inside produce/load with a count.
    var index = false
    /// `in`: inside processors.
    var input = false

    static let builtins: Set<String> = ["run", "env", "kafka", "topics", "services"]
    /// Known inside a scenario (its steps and processors), not in suite vars or services: `scenario.id`.
    static let scenarioBuiltins: Set<String> = ["scenario"]
}

/// Template variables and topics used across one file, for semantic checks and warnings.
struct UsageTracker {
    /// Literal topic names steps and processors refer to.
    var topicsUsed = Set<String>()
    /// Each literal topic reference with its node, for the undeclared-topic check.
    var topicReferences: [(name: String, node: Node)] = []
    /// True when some topic is given by a template: then "never used" cannot be known.
    var topicUseIsDynamic = false
    /// Every top-level name any template reads.
    var used = Set<String>()
    /// Captures of the current scenario, by name, with where they are made (for "used before captured").
    var scenarioCaptures: [String: SourceLocation] = [:]
    /// Captures made by the step being built; they become visible after it.
    var pendingCaptures: [String] = []
    /// `per_group: all` steps of the current scenario on a literal topic, with the node to point at.
    var perGroupAll: [(topic: String, node: Node)] = []
    /// `topics.NAME`, `topic('NAME')`, `services.NAME` read by templates, checked against the declarations.
    var namedReferences: [(root: String, member: String, field: String?, node: Node)] = []
    /// What the suite's processors write (`to:`), for the per_group check.
    var suiteProcessorOutputs: [ValueTemplate] = []
    /// The names under `schemas:`, and each `value_schema:`/`key_schema:`/`schema:` with its node.
    var schemaNames: [String] = []
    var schemaReferences: [(name: String, node: Node)] = []
}

extension ModelBuilder {
    /// Checks every `{{ }}` in `node` (recursively) reads only names defined in `scope`.
    func checkTemplates(in node: Node, scope: TemplateScope) {
        switch node.kind {
        case .scalar(let text, _):
            guard text.contains("{{") else { return }
            // Same position as ValueTemplate.compile gives, so a syntax error found by both is reported once.
            let offset = node.templateColumnOffset
            guard let template = catching(node, { try Template.parse(text, at: node.location, contentColumnOffset: offset) })
            else { return }
            for name in template.referencedVariables.sorted() {
                usage.used.insert(name)
                checkDefined(name, in: text, at: node, scope: scope)
            }
            for reference in template.namedMembers where reference.root == "topics" || reference.root == "services" {
                if reference.root == "topics" { usage.topicsUsed.insert(reference.member) }
                usage.namedReferences.append((reference.root, reference.member, reference.field, node))
            }
        case .mapping(let pairs):
            for pair in pairs {
                checkTemplates(in: pair.key, scope: scope)
                checkTemplates(in: pair.value, scope: scope)
            }
        case .sequence(let items):
            for item in items { checkTemplates(in: item, scope: scope) }
        }
    }

    private func checkDefined(_ name: String, in text: String, at node: Node, scope: TemplateScope) {
        if scope.names.contains(name) || TemplateScope.builtins.contains(name) { return }
        if name == "index" && scope.index { return }
        if name == "in" && scope.input { return }
        var location = node.location
        var length = node.length
        if !text.contains("\n"), let offset = Self.offset(of: name, in: text) {
            location.column += offset + node.templateColumnOffset
            length = name.count
        }
        let message: String, help: String?
        if let captured = usage.scenarioCaptures[name] {
            message = "'\(name)' is used before it is captured"
            help = "it is captured at line \(captured.line); a capture can be used only in the steps after the one that makes it"
        } else if name == "index" {
            message = "'index' is not defined here"
            help = "{{ index }} exists only inside produce with count, and in load"
        } else if name == "in" {
            message = "'in' is not defined here"
            help = "{{ in... }} (the input message) exists only inside processors"
        } else if let bracketed = Self.dashedPath(endingWith: name, in: text) {
            message = "undefined variable '\(name)': '-' in a path is a minus sign"
            help = "for a key holding '-', use brackets: \(bracketed)"
        } else {
            message = "undefined variable '\(name)'"
            let candidates = Array(scope.names) + Array(TemplateScope.builtins)
                + (scope.index ? ["index"] : []) + (scope.input ? ["in"] : [])
            help = Suggestion.help(for: name, in: candidates.sorted())
                ?? "define it under 'vars:', capture it in an earlier expect, or use env.NAME"
        }
        report(Diagnostic(at: location, message, help: help, length: length))
    }

    /// `in.headers.trace-id` read as `in.headers.trace - id`: the path with the dashed key in brackets,
    /// `in.headers['trace-id']`, when `text` has `name` right after a dash that follows a dotted path.
    static func dashedPath(endingWith name: String, in text: String) -> String? {
        let chars = Array(text)
        let word = Array(name)
        func isPathChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." }
        var i = 1
        while i + word.count <= chars.count {
            defer { i += 1 }
            guard chars[i - 1] == "-", Array(chars[i..<(i + word.count)]) == word,
                  i + word.count == chars.count || !isPathChar(chars[i + word.count]) || chars[i + word.count] == "." else { continue }
            var start = i - 1
            while start > 0, isPathChar(chars[start - 1]) { start -= 1 }
            let path = String(chars[start..<(i + word.count)])
            guard let dot = path.lastIndex(of: "."), path[..<dot].contains("-") == false else { continue }
            let key = path[path.index(after: dot)...]
            guard key.contains("-"), !key.hasPrefix("-") else { continue }
            return "\(path[..<dot])['\(key)']"
        }
        return nil
    }

    /// Column offset of `name` as a whole word inside the first `{{ }}` that mentions it.
    static func offset(of name: String, in text: String) -> Int? {
        let chars = Array(text.unicodeScalars), word = Array(name.unicodeScalars)
        var inside = false
        var i = 0
        while i + word.count <= chars.count {
            if i + 1 < chars.count, chars[i] == "{", chars[i + 1] == "{" { inside = true; i += 2; continue }
            if i + 1 < chars.count, chars[i] == "}", chars[i + 1] == "}" { inside = false; i += 2; continue }
            if inside, Array(chars[i..<(i + word.count)]) == word,
               i == 0 || !isIdentifier(chars[i - 1]) && chars[i - 1] != ".",
               i + word.count == chars.count || !isIdentifier(chars[i + word.count]) {
                return i
            }
            i += 1
        }
        return nil
    }

    private static func isIdentifier(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c)
    }

    /// Names captured anywhere in these steps (including inside parallel), with their locations.
    func captures(inSteps steps: [Node]) -> [String: SourceLocation] {
        var found: [String: SourceLocation] = [:]
        for step in steps {
            guard let pairs = step.mappingPairs else { continue }
            for pair in pairs {
                guard let kind = StepKinds.named(pair.key.scalarText ?? "") else { continue }
                if kind.mapping?.key("capture") != nil {
                    let capture = pair.value.mappingPairs?.first { $0.key.scalarText == "capture" }?.value
                    for c in capture?.mappingPairs ?? [] {
                        if let name = c.key.scalarText, found[name] == nil { found[name] = c.key.location }
                    }
                } else if kind.stepKey.type == .list(.object(FormatSpec.step.name)) {
                    found.merge(captures(inSteps: pair.value.sequenceItems ?? [])) { first, _ in first }
                }
            }
        }
        return found
    }
}

extension Node {
    /// Columns between the node's location and its text: 1 past the opening quote of a one-line quoted
    /// scalar, else 0 (past a line break a column inside the text cannot be known).
    var templateColumnOffset: Int {
        if case .scalar(let text, let quoted) = kind, quoted, !text.contains("\n") { return 1 }
        return 0
    }

    /// True when any scalar in the subtree (keys included) contains `{{`.
    var containsTemplate: Bool {
        switch kind {
        case .scalar(let text, _): return text.contains("{{")
        case .mapping(let pairs): return pairs.contains { $0.key.containsTemplate || $0.value.containsTemplate }
        case .sequence(let items): return items.contains { $0.containsTemplate }
        }
    }

    /// The subtree as JSON (scalars by YAML core rules); mapping keys become their text.
    var jsonValue: JSONValue {
        switch kind {
        case .scalar: return scalarValue ?? .null
        case .mapping(let pairs): return .object(pairs.map { JSONMember($0.key.scalarText ?? "", $0.value.jsonValue) })
        case .sequence(let items): return .array(items.map(\.jsonValue))
        }
    }
}
