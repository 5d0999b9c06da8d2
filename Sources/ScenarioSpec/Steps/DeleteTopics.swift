/// `delete_topics`: deletes topics as a step.
public struct DeleteTopicsStep: Sendable {
    public var names: [String]
}

extension DeleteTopicsStep: BuildableStep {
    public static let stepKey = KeySpec("delete_topics", .list(.string), "Deletes topics as a step.", example: "[scratch]")

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> DeleteTopicsStep? {
        guard let names = builder.stringList(value, of: "topic names") else { return nil }
        names.forEach { builder.usage.topicsUsed.insert($0) }
        return DeleteTopicsStep(names: names)
    }

    public var summary: String { "delete topics \(names.joined(separator: ", "))" }
}
