/// `create_topics`: creates topics as a step.
public struct CreateTopicsStep: Sendable {
    public var topics: [TopicDeclaration]
}

extension CreateTopicsStep: BuildableStep {
    public static let stepKey = KeySpec("create_topics", .list(.object("topic declaration")), "Creates topics as a step.",
                                        example: "[{ name: scratch, partitions: 2 }]")

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> CreateTopicsStep? {
        guard let items = builder.list(value, of: "topic declarations") else { return nil }
        let topics = items.compactMap(builder.topicDeclaration)
        return topics.count == items.count ? CreateTopicsStep(topics: topics) : nil
    }

    public var summary: String { "create topics \(topics.map(\.name).joined(separator: ", "))" }
}
