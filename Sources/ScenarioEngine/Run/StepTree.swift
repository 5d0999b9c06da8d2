import ScenarioSpec

extension Array where Element == Step {
    /// These steps and, in place of each `parallel`, the steps inside it (at any depth).
    var flattened: [Step] {
        flatMap { step -> [Step] in
            if let inner = step.kind.nestedSteps { return inner.flattened }
            return [step]
        }
    }
}
