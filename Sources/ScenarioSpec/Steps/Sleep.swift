/// `sleep`: waits a duration.
public struct SleepStep: Sendable {
    public var duration: Duration
}

extension SleepStep: BuildableStep {
    public static let stepKey = KeySpec("sleep", .duration, "Waits a duration (discouraged: prefer `within`).", example: "1s")

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> SleepStep? {
        builder.warn(key, "sleep makes scenarios slow and flaky",
                     help: "prefer 'within:' on the step that waits for something to happen")
        return builder.duration(value).map(SleepStep.init)
    }

    public var summary: String { "sleep \(duration)" }
}
