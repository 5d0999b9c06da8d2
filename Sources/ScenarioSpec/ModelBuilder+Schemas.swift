/// `schemas:` at suite level, and the `value_schema:` / `key_schema:` / `schema:` references to them (docs/schemas.md).
extension FormatSpec {
    public static let schemaDeclaration = MappingSpec(
        "schema declaration", "Where a named schema comes from: exactly one of avro, json_schema, protobuf, subject.", keys: [
            KeySpec("avro", .string, "An Avro schema file (.avsc), relative to the scenario file.", example: "schemas/spin.avsc"),
            KeySpec("json_schema", .string, "A JSON Schema file, relative to the scenario file.",
                    example: "schemas/order.schema.json"),
            KeySpec("protobuf", .string,
                    "A Protobuf file (.proto, proto3 or proto2), relative to the scenario file; its imports are resolved beside it.",
                    example: "schemas/spin.proto"),
            KeySpec("message", .string, "With protobuf: the message values are written as, by its full name (default: the file's first message).",
                    example: "game.Spin"),
            KeySpec("subject_strategy", .enumeration(SchemaDeclaration.SubjectStrategy.allCases.map(\.rawValue)), default: "topic",
                    "With a file schema: the subject it is registered under: topic (<topic>-value, <topic>-key), record (the record's or message's full name) or topic_record (<topic>-<full name>).",
                    example: "record"),
            KeySpec("subject", .template,
                    "A schema registry subject: its latest version (needs --schema-registry). Templates allowed.",
                    example: "\"{{ topics.notifications }}-value\""),
        ], exactlyOneOf: [["avro", "json_schema", "protobuf", "subject"]])

    static func schemaReferenceKey(_ name: String, _ description: String) -> KeySpec {
        KeySpec(name, .string, description + " A name declared under the suite's schemas:.", example: "spin")
    }
}

extension ModelBuilder {
    /// The suite's `schemas:` entries. Names are recorded even when an entry is wrong, so that a
    /// reference to it is not also reported as undeclared.
    func schemaDeclarations(_ node: Node?, scope: TemplateScope) -> [SchemaDeclaration] {
        guard let node else { return [] }
        guard let pairs = node.mappingPairs else {
            report(node, "expected a mapping of names to schemas for schemas, got \(node.describedValue)",
                   help: "e.g. schemas: { spin: { avro: schemas/spin.avsc } }")
            return []
        }
        var declarations: [SchemaDeclaration] = []
        for pair in pairs {
            guard let name = pair.key.scalarText else { continue }
            usage.schemaNames.append(name)
            guard let f = fields(pair.value, FormatSpec.schemaDeclaration, owner: pair.key) else { continue }
            if f.has("message"), !f.has("protobuf"), let node = f["message"] {
                report(node, "message names a Protobuf message and needs protobuf: FILE", help: "e.g. \(name): { protobuf: schemas/\(name).proto, message: game.Spin }")
                continue
            }
            if f.has("subject_strategy"), f.has("subject"), let node = f["subject_strategy"] {
                report(node, "subject_strategy names the subject a file schema is registered under; a subject: schema is not registered",
                       help: "remove subject_strategy, or declare a file schema")
                continue
            }
            let strategy = enumeration(f["subject_strategy"], SchemaDeclaration.SubjectStrategy.self, what: "subject_strategy") ?? .topic
            var found: SchemaDeclaration?
            if f.has("avro"), let node = f["avro"], let path = schemaFile(node) {
                found = declaration(name, .avro(path: path), at: node)
            } else if f.has("json_schema"), let node = f["json_schema"], let path = schemaFile(node) {
                found = declaration(name, .jsonSchema(path: path), at: node)
            } else if f.has("protobuf"), let node = f["protobuf"], let path = schemaFile(node) {
                let messageNode = f["message"]
                let message = messageNode.flatMap { string($0) }
                if let message, message.isEmpty, let messageNode {
                    report(messageNode, "message is empty", help: "name a message of the .proto by its full name, e.g. game.Spin")
                    continue
                }
                found = declaration(name, .protobuf(path: path, message: message), at: node)
                found?.messageLocation = messageNode?.location
                found?.messageLength = messageNode?.length ?? 1
            } else if f.has("subject"), let node = f["subject"], let subject = template(node, scope: scope) {
                if case .literal(.string(let text)) = subject, text.isEmpty {
                    report(node, "subject is empty", help: "name a registry subject, e.g. notifications-value")
                    continue
                }
                found = declaration(name, .subject(subject), at: node)
            }
            if var found {
                found.subjectStrategy = strategy
                declarations.append(found)
            }
        }
        return declarations
    }

    private func declaration(_ name: String, _ source: SchemaDeclaration.Source, at node: Node) -> SchemaDeclaration {
        var declaration = SchemaDeclaration(name: name, source: source, location: node.location)
        declaration.length = node.length
        return declaration
    }

    /// A schema file's path resolved against the scenario file's folder; nil (reported) when it does not exist.
    private func schemaFile(_ node: Node?) -> String? {
        guard let node, let path = string(node) else { return nil }
        guard !path.isEmpty else {
            report(node, "the schema file name is empty", help: "give a path relative to the scenario file")
            return nil
        }
        let resolved = path.hasPrefix("/") || directory.isEmpty ? path : "\(directory)/\(path)"
        guard fileExists(resolved) else {
            report(node, "schema file '\(path)' does not exist (looked for \(resolved))",
                   help: "the path is relative to the scenario file")
            return nil
        }
        return resolved
    }

    /// `value_schema: spin`: the name, checked against the declarations once the whole file is read.
    func schemaReference(_ node: Node?) -> SchemaReference? {
        guard let node, let name = string(node) else { return nil }
        usage.schemaReferences.append((name: name, node: node))
        return SchemaReference(name: name, location: node.location)
    }

    /// Every reference names a declared schema; declared schemas no step uses are warned about.
    func checkSchemaReferences(schemasNode: Node?) {
        let declared = usage.schemaNames
        for (name, node) in usage.schemaReferences where !declared.contains(name) {
            let help = Suggestion.closest(to: name, in: declared).map { "did you mean '\($0)'?" }
                ?? (declared.isEmpty ? "declare it at the top of the file, e.g. schemas: { \(name): { avro: schemas/\(name).avsc } }"
                                     : "declared: " + declared.joined(separator: ", "))
            report(node, "schema '\(name)' is not declared under 'schemas:'", help: help)
        }
        guard !hasErrors else { return }
        let used = Set(usage.schemaReferences.map(\.name))
        for pair in schemasNode?.mappingPairs ?? [] {
            guard let name = pair.key.scalarText, !used.contains(name) else { continue }
            warn(pair.key, "schema '\(name)' is declared but no step uses it",
                 help: "remove it, or name it in a step's value_schema:, key_schema: or schema:")
        }
    }
}
