/// `expect_none`: passes when no (matching) message arrives.
public struct ExpectNoneStep: Sendable {
    public var topic: ValueTemplate
    public var from: StartPosition          // default scenario_start
    public var duration: Duration           // `for:`
    public var matching: MessageMatcher?
    /// `settle:`: ends the wait once a consumer group has caught up (Settle.swift).
    public var settle: Settle? = nil
}

extension ExpectNoneStep: BuildableStep {
    public static let stepKey = KeySpec("expect_none", .object("expect_none"), "Passes when no (matching) message arrives for a duration.",
                                        example: "{ topic: errors, for: 2s }")
    static let mapping: MappingSpec? = FormatSpec.expectNone

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> ExpectNoneStep? {
        builder.expectNone(value, key: key, scope: scope)
    }

    public var summary: String { "expect nothing on \(topic.literalText) for \(duration)" }
    public var messageTopic: ValueTemplate? { topic }
}

extension FormatSpec {
    public static let expectNone = MappingSpec("expect_none", "Passes when no (matching) message arrives.", keys: [
        topicRef, from,
        KeySpec("for", .duration, required: true, "How long nothing may arrive.", example: "2s"),
        KeySpec("matching", .object("message"), "Only messages matching this must not arrive.",
                example: "{ value: { event_type: error } }"),
        settleKey,
    ])
}

extension ModelBuilder {
    fileprivate func expectNone(_ node: Node, key: Node, scope: TemplateScope) -> ExpectNoneStep? {
        guard let f = fields(node, FormatSpec.expectNone, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let topic = topicRef(f["topic"], scope: scope)
        let from = enumeration(f["from"], StartPosition.self, what: "from")
        let duration = duration(f["for"])
        let matching = f.has("matching") ? messageMatcher(f["matching"], scope: scope) : nil
        let settle = settle(f["settle"], scope: scope)
        guard let topic, let from, let duration, f.has("matching") == (matching != nil),
              f.has("settle") == (settle != nil) else { return nil }
        return ExpectNoneStep(topic: topic, from: from, duration: duration, matching: matching, settle: settle)
    }
}
