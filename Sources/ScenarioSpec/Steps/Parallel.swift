/// `parallel`: steps run concurrently.
public struct ParallelStep: Sendable {
    public var steps: [Step]
}

extension ParallelStep: BuildableStep {
    public static let stepKey = KeySpec("parallel", .list(.object("step")), "Steps run concurrently; passes when all pass.",
                                        example: "[{ produce: { topic: a, value: x } }, { produce: { topic: b, value: y } }]")

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> ParallelStep? {
        guard let items = builder.list(value, of: "steps") else { return nil }
        if items.isEmpty { builder.report(key, "parallel needs at least one step", length: key.length) }
        let steps = items.compactMap { builder.step($0, scope: scope) }
        return steps.count == items.count ? ParallelStep(steps: steps) : nil
    }

    public var summary: String { "parallel (\(steps.count) steps)" }
    public var nestedSteps: [Step]? { steps }
}
