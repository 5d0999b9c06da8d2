/// `load`: produce many messages, read them back, assert on the run.
public enum LoadPayload: Sendable {
    case generated(size: Int)
    case value(ValueTemplate)
}

public struct LoadStep: Sendable {
    public var topic: ValueTemplate
    public var messages: Int
    public var payload: LoadPayload
    public var rate: Rate?                  // nil: unlimited
    public var produceThroughput: Comparison?
    public var consumeThroughput: Comparison?
    public var latency: LatencyAssertion?
    public var lost: Comparison?
    public var duplicates: Comparison?
    public var within: Duration?
    /// `value_schema:`: encode every value with this declared schema.
    public var valueSchema: SchemaReference? = nil
    /// The value as written, so that a check before the run can point at the field that does not fit.
    public var valueNode: Node? = nil
}

extension LoadStep: BuildableStep {
    public static let stepKey = KeySpec("load", .object("load"),
                                        "Produces N messages at a rate, reads them back, asserts throughput, latency, loss and duplicates.",
                                        example: "{ topic: analytics, messages: 10000, rate: 5000/s }")
    static let mapping: MappingSpec? = FormatSpec.load

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> LoadStep? {
        builder.load(value, key: key, scope: scope)
    }

    public var summary: String { "load \(messages) messages on \(topic.literalText)" }
    public var messageTopic: ValueTemplate? { topic }
    public var writtenTopics: [ValueTemplate] { [topic] }
}

extension FormatSpec {
    public static let load = MappingSpec("load", "A load test: produce, read back, assert.", keys: [
        topicRef,
        KeySpec("messages", .integer(minimum: 1), required: true, "How many messages to produce.", example: "100000"),
        KeySpec("size", .integer(minimum: 1), default: "100",
                "Bytes of generated payload (instead of value). Each message is this long with no key: the run and sequence number open the payload (under 30 bytes they are the key).",
                example: "100"),
        KeySpec("value", .anyValue, "Payload template as in produce (instead of size); {{ index }} is the message number.",
                example: "{ n: \"{{ index }}\" }"),
        KeySpec("rate", .rate(unlimited: true), default: "unlimited", "Pacing of sends.", example: "5000/s"),
        KeySpec("within", .duration, "Deadline for producing and reading back.", example: "60s"),
        schemaReferenceKey("value_schema", "Encode every value with this schema, in Confluent's wire format (needs value:)."),
        KeySpec("expect", .object("load expect"), "Assertions on the run.",
                example: "{ produce_throughput: \">= 10/s\", lost: 0 }"),
    ])

    public static let loadExpect = MappingSpec("load expect", "Assertions on a load run.", keys: [
        KeySpec("produce_throughput", .comparison, "Acknowledged sends per second.", example: "\">= 10/s\""),
        KeySpec("consume_throughput", .comparison, "Messages read back per second.", example: "\">= 10/s\""),
        KeySpec("latency", .object("latency"), "Send→receive latency bounds.", example: "{ p50: \"< 20ms\", p99: \"< 250ms\" }"),
        KeySpec("lost", .comparison, "Messages produced but never read back.", example: "0"),
        KeySpec("duplicates", .comparison, "Messages read back more than once.", example: "0"),
    ])
}

extension ModelBuilder {
    fileprivate func load(_ node: Node, key: Node, scope: TemplateScope) -> LoadStep? {
        guard let f = fields(node, FormatSpec.load, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        var inner = scope
        inner.index = true
        let topic = topicRef(f["topic"], scope: inner)
        let messages = integer(f["messages"], minimum: 1, what: "messages")
        var payload: LoadPayload?
        if f.has("size"), f.has("value"), let second = f.keyNode("value") {
            report(second, "'size' and 'value' cannot be used together in load",
                   help: "size generates a payload of that many bytes; value gives the payload itself", length: second.length)
        } else if f.has("value") {
            payload = value(f["value"], scope: inner).map(LoadPayload.value)
        } else {
            payload = integer(f["size"], minimum: 1, what: "size").map { LoadPayload.generated(size: $0) }
        }
        let rate = rate(f["rate"], unlimited: true)
        let within = f.has("within") ? duration(f["within"]) : nil
        let valueSchema = f.has("value_schema") ? schemaReference(f["value_schema"]) : nil
        if valueSchema != nil, !f.has("value"), let schemaKey = f.keyNode("value_schema") {
            report(schemaKey, "value_schema needs value: in load (a generated payload of 'size' bytes has no schema)",
                   help: "give the value to encode, e.g. value: { n: \"{{ index }}\" }", length: schemaKey.length)
        }
        var expectations: Fields?
        if let e = f["expect"] { expectations = fields(e, FormatSpec.loadExpect, owner: f.keyNode("expect")) }
        let e = expectations
        let produceThroughput = e?.has("produce_throughput") == true ? comparison(e?["produce_throughput"]) : nil
        let consumeThroughput = e?.has("consume_throughput") == true ? comparison(e?["consume_throughput"]) : nil
        let latency = e?.has("latency") == true ? latency(e?["latency"], owner: e?.keyNode("latency")) : nil
        let lost = e?.has("lost") == true ? comparison(e?["lost"]) : nil
        let duplicates = e?.has("duplicates") == true ? comparison(e?["duplicates"]) : nil
        func complete(_ key: String, _ value: Any?) -> Bool { e?.has(key) != true || value != nil }
        guard let topic, let messages, let payload, let rate, f.has("within") == (within != nil),
              f.has("expect") == (e != nil), f.has("value_schema") == (valueSchema != nil),
              complete("produce_throughput", produceThroughput), complete("consume_throughput", consumeThroughput),
              complete("latency", latency), complete("lost", lost), complete("duplicates", duplicates) else { return nil }
        return LoadStep(topic: topic, messages: messages, payload: payload, rate: rate,
                        produceThroughput: produceThroughput, consumeThroughput: consumeThroughput, latency: latency,
                        lost: lost, duplicates: duplicates, within: within, valueSchema: valueSchema,
                        valueNode: f["value"])
    }
}
