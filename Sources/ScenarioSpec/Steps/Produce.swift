/// `produce`: sends one or `count` messages.
public enum Payload: Sendable {
    case value(ValueTemplate)
    /// Resolved relative to the scenario file; read when the step runs.
    case file(path: String, location: SourceLocation)
}

public struct ProduceStep: Sendable {
    public var topic: ValueTemplate
    public var key: ValueTemplate?          // nil: no key; .literal(.null) also means no key
    public var partition: Int?
    public var headers: [(name: String, value: ValueTemplate)]
    public var payload: Payload             // value: null → tombstone
    public var count: Int                   // default 1
    public var rate: Rate?
    public var throughput: Comparison?
    public var within: Duration?
    /// `value_schema:` / `key_schema:`: encode with these declared schemas.
    public var valueSchema: SchemaReference? = nil
    public var keySchema: SchemaReference? = nil
    /// The value and key as written in the file, so that a check before the run (a literal value against
    /// its file schema) can point at the field that does not fit.
    public var valueNode: Node? = nil
    public var keyNode: Node? = nil
}

extension ProduceStep: BuildableStep {
    public static let stepKey = KeySpec("produce", .object("produce"), "Sends one or `count` messages; every delivery must be acknowledged.",
                                        example: "{ topic: user_actions, value: { event_type: spin } }")
    static let mapping: MappingSpec? = FormatSpec.produce

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> ProduceStep? {
        builder.produce(value, key: key, scope: scope)
    }

    public var summary: String { "produce \(count == 1 ? "1 message" : "\(count) messages") to \(topic.literalText)" }
    public var messageTopic: ValueTemplate? { topic }
    public var writtenTopics: [ValueTemplate] { [topic] }
}

extension FormatSpec {
    public static let produce = MappingSpec("produce", "Sends messages.", keys: [
        topicRef,
        KeySpec("key", .oneOf([.template, .null]), "Message key; null or absent: no key.", example: "\"{{ user }}\""),
        KeySpec("partition", .integer(minimum: 0), "Partition to send to; default: the partitioner decides.", example: "0"),
        KeySpec("headers", .map(.template), "Message headers.", example: "{ source: qa }"),
        KeySpec("value", .anyValue,
                "Payload: mapping/list → JSON, string → UTF-8, null → tombstone. Strings may be templates.",
                example: "{ event_type: user_action, user_id: \"{{ user }}\" }"),
        KeySpec("value_file", .string, "A file (relative to the scenario file) holding the payload, sent as its exact bytes (a schema encodes it as JSON); instead of value.",
                example: "fixtures/spin.json"),
        KeySpec("count", .integer(minimum: 1), default: "1", "How many messages; {{ index }} is 0..count-1.", example: "100"),
        KeySpec("rate", .rate(unlimited: true), "Pacing of sends; absent or unlimited: as fast as possible.", example: "500/s"),
        KeySpec("throughput", .comparison, "Assertion on acknowledged sends per second.", example: "\">= 10/s\""),
        KeySpec("within", .duration, "Every delivery must be acknowledged within this time.", example: "2s"),
        schemaReferenceKey("value_schema",
                           "Encode the value with this schema, in Confluent's wire format; a literal value is checked against a file schema by validate."),
        schemaReferenceKey("key_schema", "Encode the key with this schema."),
    ], exactlyOneOf: [["value", "value_file"]])
}

extension ModelBuilder {
    fileprivate func produce(_ node: Node, key: Node, scope: TemplateScope) -> ProduceStep? {
        guard let f = fields(node, FormatSpec.produce, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let count = integer(f["count"], minimum: 1, what: "count")
        var inner = scope
        inner.index = f.has("count")
        let topic = topicRef(f["topic"], scope: inner)
        let messageKey = f.has("key") ? template(f["key"], scope: inner, nullable: true) : nil
        let partition = f.has("partition") ? integer(f["partition"], minimum: 0, what: "partition") : nil
        let headers = f.has("headers") ? templateMap(f["headers"], scope: inner) : []
        let payload = payload(f, scope: inner)
        let rate = f.has("rate") ? rate(f["rate"], unlimited: true) : .some(nil)
        let throughput = f.has("throughput") ? comparison(f["throughput"]) : nil
        let within = f.has("within") ? duration(f["within"]) : nil
        let valueSchema = f.has("value_schema") ? schemaReference(f["value_schema"]) : nil
        let keySchema = f.has("key_schema") ? schemaReference(f["key_schema"]) : nil
        if keySchema != nil, f["key"]?.isNull ?? true, let schemaKey = f.keyNode("key_schema") {
            warn(schemaKey, "key_schema without a key: the messages have no key to encode",
                 help: "add 'key:', or remove key_schema")
        }
        guard let topic, let count, let headers, let payload, let rate,
              f.has("key") == (messageKey != nil), f.has("partition") == (partition != nil),
              f.has("throughput") == (throughput != nil), f.has("within") == (within != nil),
              f.has("value_schema") == (valueSchema != nil), f.has("key_schema") == (keySchema != nil) else { return nil }
        return ProduceStep(topic: topic, key: messageKey, partition: partition, headers: headers, payload: payload,
                           count: count, rate: rate, throughput: throughput, within: within,
                           valueSchema: valueSchema, keySchema: keySchema, valueNode: f["value"], keyNode: f["key"])
    }

    fileprivate func payload(_ f: Fields, scope: TemplateScope) -> Payload? {
        if f.has("value") && f.has("value_file") { return nil }   // reported by fields()
        if f.has("value") { return value(f["value"], scope: scope).map(Payload.value) }
        guard let node = f["value_file"], let path = string(node) else { return nil }
        let resolved = path.hasPrefix("/") || directory.isEmpty ? path : "\(directory)/\(path)"
        guard fileExists(resolved) else {
            report(node, "value_file '\(path)' does not exist (looked for \(resolved))",
                   help: "the path is relative to the scenario file")
            return nil
        }
        return .file(path: resolved, location: node.location)
    }
}
