/// A step kind: its key in the format, its model, how it is built, and how reports and checks see it.
/// Each kind is one file in Steps/ and one line in `StepKinds.buildable`; the engine adds its run by conformance.
public protocol StepModel: Sendable {
    /// The step key and its reference entry (FormatSpec.stepKinds, the JSON Schema, the reference).
    static var stepKey: KeySpec { get }
    /// A one-line title for reports when the step has no name.
    var summary: String { get }
    /// The topic whose messages the step reads or writes.
    var messageTopic: ValueTemplate? { get }
    /// The topic the step is about, for telling its metrics apart (default: `messageTopic`).
    var namedTopic: ValueTemplate? { get }
    /// Topics the step writes messages to (for `per_group: all`).
    var writtenTopics: [ValueTemplate] { get }
    /// The steps inside this one (`parallel`); nil for a step that holds none.
    var nestedSteps: [Step]? { get }
}

extension StepModel {
    /// The step key as written in YAML.
    public var keyword: String { Self.stepKey.name }
    public var messageTopic: ValueTemplate? { nil }
    public var namedTopic: ValueTemplate? { messageTopic }
    public var writtenTopics: [ValueTemplate] { [] }
    public var nestedSteps: [Step]? { nil }
}

/// A step kind's part in building the model from the file.
protocol BuildableStep: StepModel {
    /// The keys of its mapping (validation, "is a key of X" help); nil when its value is not a mapping.
    static var mapping: MappingSpec? { get }
    /// The step from the value under its key; nil after a diagnostic was reported.
    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> Self?
}

extension BuildableStep {
    static var mapping: MappingSpec? { nil }
}

/// The one list of step kinds, in the order of the reference and the schema.
public enum StepKinds {
    static let buildable: [any BuildableStep.Type] = [
        ProduceStep.self, ExpectStep.self, ExpectNoneStep.self, ConsumerGroupStep.self, ClusterStep.self, TopicStep.self,
        CreateTopicsStep.self, DeleteTopicsStep.self, LoadStep.self, ParallelStep.self, FaultStep.self, SleepStep.self,
        HTTPStep.self, ExecStep.self,
    ]

    public static var all: [any StepModel.Type] { buildable.map { $0 } }

    static func named(_ name: String) -> (any BuildableStep.Type)? { buildable.first { $0.stepKey.name == name } }
}

extension ValueTemplate {
    /// The text of a literal string, "…" for anything else (a template, a number).
    public var literalText: String {
        if case .literal(.string(let s)) = self { return s }
        return "…"
    }

    /// The name of a literal string, nil for anything else.
    public var literalName: String? {
        if case .literal(.string(let s)) = self { return s }
        return nil
    }
}
