/// `consumer_group`: consumers in groups, and how messages spread over them.
public struct ConsumerGroupStep: Sendable {
    public var topic: ValueTemplate
    public var groups: Int
    public var members: Int
    public var within: Duration?
    public var perGroup: GroupExpectation   // `all` or a comparison on messages per group
    public var perMember: Comparison?
    public var duplicates: Comparison?
}

public enum GroupExpectation: Sendable {
    case all
    case count(Comparison)
}

extension ConsumerGroupStep: BuildableStep {
    public static let stepKey = KeySpec("consumer_group", .object("consumer_group"),
                                        "Runs consumers in one or more groups and asserts how messages were distributed.",
                                        example: "{ topic: game_events, groups: 2, members: 2, within: 10s }")
    static let mapping: MappingSpec? = FormatSpec.consumerGroup

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> ConsumerGroupStep? {
        builder.consumerGroup(value, key: key, scope: scope)
    }

    public var summary: String { "consumer group on \(topic.literalText)" }
    public var messageTopic: ValueTemplate? { topic }
}

extension FormatSpec {
    public static let consumerGroup = MappingSpec("consumer_group", "Consumers in groups and how messages spread.", keys: [
        topicRef,
        KeySpec("groups", .integer(minimum: 1), default: "1", "Independent consumer groups.", example: "2"),
        KeySpec("members", .integer(minimum: 1), default: "1", "Consumers per group.", example: "2"),
        KeySpec("within", .duration, "Deadline for the distribution to be reached.", example: "10s"),
        KeySpec("expect", .object("consumer_group expect"), "Distribution assertions.",
                example: "{ per_group: all, per_member: \">= 1\", duplicates: 0 }"),
    ])

    public static let consumerGroupExpect = MappingSpec("consumer_group expect", "How messages must be distributed.", keys: [
        KeySpec("per_group", .oneOf([.enumeration(["all"]), .comparison]), default: "all",
                "all: every message produced to the topic in this scenario reaches each group; or a count comparison (an exact count or upper bound waits out within).",
                example: "all"),
        KeySpec("per_member", .comparison, "Messages each member of a group received (an exact count or upper bound waits out within).", example: "\">= 1\""),
        KeySpec("duplicates", .comparison, "Messages received twice inside one group, counted over what the group received until the step ended.", example: "0"),
    ])
}

extension ModelBuilder {
    fileprivate func consumerGroup(_ node: Node, key: Node, scope: TemplateScope) -> ConsumerGroupStep? {
        guard let f = fields(node, FormatSpec.consumerGroup, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let topic = topicRef(f["topic"], scope: scope)
        let groups = integer(f["groups"], minimum: 1, what: "groups")
        let members = integer(f["members"], minimum: 1, what: "members")
        let within = f.has("within") ? duration(f["within"]) : nil
        let expectNode = f["expect"] ?? Node(.mapping([]), at: node.location)
        guard let e = fields(expectNode, FormatSpec.consumerGroupExpect, owner: f.keyNode("expect")) else { return nil }
        var perGroup: GroupExpectation?
        if let g = e["per_group"] {
            if g.scalarText == "all" {
                perGroup = .all
            } else if g.scalarText.flatMap(Comparison.parse) != nil || g.scalarValue?.doubleValue != nil {
                perGroup = comparison(g).map(GroupExpectation.count)
            } else {
                report(g, "expected 'all' or a comparison like \">= 10\" for per_group, got \(g.describedValue)",
                       help: "all: every message produced to the topic in this scenario reaches each group")
            }
        }
        if case .all? = perGroup, case .literal(.string(let name))? = topic {
            usage.perGroupAll.append((topic: name, node: e.keyNode("per_group") ?? key))
        }
        let perMember = e.has("per_member") ? comparison(e["per_member"]) : nil
        let duplicates = e.has("duplicates") ? comparison(e["duplicates"]) : nil
        guard let topic, let groups, let members, let perGroup, f.has("within") == (within != nil),
              e.has("per_member") == (perMember != nil), e.has("duplicates") == (duplicates != nil) else { return nil }
        return ConsumerGroupStep(topic: topic, groups: groups, members: members, within: within, perGroup: perGroup,
                                 perMember: perMember, duplicates: duplicates)
    }
}
