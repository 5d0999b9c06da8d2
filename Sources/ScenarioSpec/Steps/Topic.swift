/// `topic`: describes a topic and asserts its shape.
public struct TopicStep: Sendable {
    public var name: ValueTemplate
    public var exists: Bool                 // default true
    public var partitions: Comparison?
    public var replicationFactor: Comparison?
    public var config: [(key: String, value: String)]
}

extension TopicStep: BuildableStep {
    public static let stepKey = KeySpec("topic", .object("topic"), "Describes a topic and asserts existence, partitions, replication, configs.",
                                        example: "{ name: game_events, partitions: 3 }")
    static let mapping: MappingSpec? = FormatSpec.topic

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> TopicStep? {
        builder.topicStep(value, key: key, scope: scope)
    }

    public var summary: String { "topic \(name.literalText)" }
    public var namedTopic: ValueTemplate? { name }
}

extension FormatSpec {
    public static let topic = MappingSpec("topic", "Describes a topic and asserts its shape.", keys: [
        KeySpec("name", .template, required: true, "The topic.", example: "game_events"),
        KeySpec("exists", .boolean, default: "true", "Whether the topic must exist.", example: "true"),
        KeySpec("partitions", .comparison, "Partition count.", example: "3"),
        KeySpec("replication_factor", .comparison, "Replication factor.", example: "1"),
        KeySpec("config", .map(.string), "Configuration entries that must have these values.",
                example: "{ cleanup.policy: delete }"),
    ])
}

extension ModelBuilder {
    fileprivate func topicStep(_ node: Node, key: Node, scope: TemplateScope) -> TopicStep? {
        guard let f = fields(node, FormatSpec.topic, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let name = topicRef(f["name"], scope: scope)
        let exists = bool(f["exists"])
        let partitions = f.has("partitions") ? comparison(f["partitions"]) : nil
        let replication = f.has("replication_factor") ? comparison(f["replication_factor"]) : nil
        let config = f.has("config") ? stringMap(f["config"]) : []
        guard let name, let exists, let config, f.has("partitions") == (partitions != nil),
              f.has("replication_factor") == (replication != nil) else { return nil }
        return TopicStep(name: name, exists: exists, partitions: partitions, replicationFactor: replication, config: config)
    }
}
