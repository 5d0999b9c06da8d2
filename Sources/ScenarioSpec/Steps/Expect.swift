/// `expect`: consumes and matches expected messages.
public struct ExpectStep: Sendable {
    public var topic: ValueTemplate
    public var from: StartPosition
    public var group: ValueTemplate?
    public var messages: [MessageMatcher]
    public var count: Comparison?
    public var order: Order
    public var exact: Bool
    public var within: Duration?            // default: the remaining scenario time
    public var latency: LatencyAssertion?
    public var throughput: Comparison?
    public var capture: [(name: String, path: FieldPath)]
    /// No two messages seen in the window share the value at this path (`value.order_id`, `key`).
    public var unique: FieldPath?
    /// `schema:`: each matched message must have been written with this declared schema.
    public var schema: SchemaReference? = nil
    /// `settle:`: ends the wait once a consumer group has caught up (Settle.swift).
    public var settle: Settle? = nil
}

extension ExpectStep: BuildableStep {
    public static let stepKey = KeySpec("expect", .object("expect"), "Consumes and matches expected messages, with timing assertions.",
                                        example: "{ topic: notifications, messages: [{ value: { event_type: reward } }], within: 5s }")
    static let mapping: MappingSpec? = FormatSpec.expect

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> ExpectStep? {
        builder.expect(value, key: key, scope: scope)
    }

    public var summary: String { "expect on \(topic.literalText)" }
    public var messageTopic: ValueTemplate? { topic }
}

extension FormatSpec {
    public static let expect = MappingSpec("expect", "Consumes and matches expected messages.", keys: [
        topicRef, from,
        KeySpec("group", .template, "Consume as a member of this group (subscribe); default: read partitions without a group.",
                example: "reward-checker"),
        KeySpec("messages", .list(.object("message")), "Expected messages; each must be found in a message of its own (a maximum matching: the order of the list never matters). `messages: []` needs `exact: true` or `count:`.",
                example: "[{ key: user_12345, value: { event_type: reward_notification } }]"),
        KeySpec("count", .comparison,
                "Assertion on all messages seen in the window. An exact count or upper bound waits out within; \">= N\" ends at the Nth. Without messages: and count: it is \">= 1\".",
                example: "\">= 1\""),
        KeySpec("order", .enumeration(Order.allCases.map(\.rawValue)), default: "any",
                "Order the expected messages must arrive in.", example: "strict"),
        KeySpec("exact", .boolean, default: "false", "true: every message must meet an expectation of its own; one more fails the step.", example: "true"),
        KeySpec("within", .duration, "Deadline, and a timing assertion; default: the remaining scenario time. A window that must be waited out and is longer than the time left is an error.", example: "5s"),
        KeySpec("latency", .object("latency"), "Latency bounds.", example: "{ p95: \"< 100ms\" }"),
        KeySpec("throughput", .comparison, "Assertion on messages received per second.", example: "\">= 10/s\""),
        KeySpec("capture", .map(.string), "Names bound from the first matched message (the first message without messages:), usable later as {{ name }}; fails when none arrives.",
                example: "{ reward: value.reward }"),
        KeySpec("unique", .string,
                "A path (value.…, key, headers.…): no two messages seen in the window share its value; waits out within.",
                example: "value.order_id"),
        schemaReferenceKey("schema",
                           "Each matched message must have been written with this schema (its Confluent schema id)."),
        settleKey,
    ])
}

extension ModelBuilder {
    fileprivate func expect(_ node: Node, key: Node, scope: TemplateScope) -> ExpectStep? {
        guard let f = fields(node, FormatSpec.expect, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let topic = topicRef(f["topic"], scope: scope)
        let from = enumeration(f["from"], StartPosition.self, what: "from")
        let group = f.has("group") ? template(f["group"], scope: scope) : nil
        let messageNodes = f.has("messages") ? list(f["messages"], of: "expected messages") : []
        let messages = (messageNodes ?? []).compactMap { messageMatcher($0, scope: scope) }
        let count = f.has("count") ? comparison(f["count"]) : nil
        let order = enumeration(f["order"], Order.self, what: "order")
        let exact = bool(f["exact"])
        let within = f.has("within") ? duration(f["within"]) : nil
        let latency = f.has("latency") ? latency(f["latency"], owner: f.keyNode("latency")) : nil
        let throughput = f.has("throughput") ? comparison(f["throughput"]) : nil
        let capture = f.has("capture") ? messageCaptures(f["capture"]) : []
        let unique = f.has("unique") ? uniquePath(f["unique"]) : nil
        let schema = f.has("schema") ? schemaReference(f["schema"]) : nil
        let settle = settle(f["settle"], scope: scope)
        if settle != nil, exact != true, !(count?.isProvenByWaiting ?? false), unique == nil, let node = f.keyNode("settle") {
            warn(node, "settle only shortens a wait that proves nothing more arrives: this expect ends when its messages are found",
                 help: "settle applies to an exact count, an upper bound, exact: true and unique:")
        }
        if let messageNodes, messageNodes.isEmpty, f.has("messages"), exact == false, !f.has("count"), let node = f["messages"] {
            report(node, "messages: [] expects nothing: it would pass whatever arrives",
                   help: "to assert that nothing arrives, write 'expect_none: { topic: …, for: 2s }' (or add 'exact: true'); to accept any message, remove 'messages:'")
        }
        if !f.has("within") { warnNoWithin(key, count: count, countNode: f["count"], unique: f.keyNode("unique")) }
        guard let topic, let from, let messageNodes, messages.count == messageNodes.count, let order, let exact,
              f.has("group") == (group != nil), f.has("count") == (count != nil), f.has("within") == (within != nil),
              f.has("latency") == (latency != nil), f.has("throughput") == (throughput != nil),
              f.has("unique") == (unique != nil), f.has("schema") == (schema != nil), f.has("settle") == (settle != nil), let capture else { return nil }
        return ExpectStep(topic: topic, from: from, group: group, messages: messages, count: count, order: order,
                          exact: exact, within: within, latency: latency, throughput: throughput, capture: capture,
                          unique: unique, schema: schema, settle: settle)
    }

    /// An expect without `within` waits up to the rest of the scenario; one that must wait out its
    /// window (an exact count, an upper bound, unique) always waits that long.
    fileprivate func warnNoWithin(_ key: Node, count: Comparison?, countNode: Node?, unique: Node?) {
        if let count, count.isProvenByWaiting, let countNode {
            let what = count.op == .eq ? "an exact count" : "an upper bound"
            let next = count.op == .eq ? " to prove that no more than \(count.formattedValue) arrive" : ""
            warn(countNode, "count: \(count) is \(what): without 'within' it waits until the scenario's timeout\(next)",
                 help: count.op == .eq ? "add a window, e.g. 'within: 2s', or write count: \">= \(count.formattedValue)\" if more messages are fine"
                                       : "add a window, e.g. 'within: 2s'")
        } else if let unique {
            warn(unique, "unique waits out its window: without 'within' it waits until the scenario's timeout",
                 help: "add a window, e.g. 'within: 2s'")
        } else {
            warn(key, "expect has no 'within': it waits up to the rest of the scenario's timeout",
                 help: "add a deadline, e.g. 'within: 5s'")
        }
    }
}
