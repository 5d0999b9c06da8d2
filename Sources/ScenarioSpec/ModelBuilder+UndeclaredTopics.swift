/// A step topic that is not declared is used by its literal name: not created, not isolated, shared
/// with every other run. That is right for a real service's fixed topic, but when the name is a near
/// miss of a declared topic, or the run name of an isolated one, it is a mistake that would only show
/// as a wait that times out. Both are errors here.
extension ModelBuilder {
    func checkUndeclaredTopics(declared: [TopicDeclaration]) {
        let names = declared.map(\.name)
        guard !names.isEmpty else { return }
        for reference in usage.topicReferences where !names.contains(reference.name) {
            if let isolated = declared.first(where: { $0.isolate && reference.name.hasPrefix($0.name + ".") }) {
                report(reference.node, "'\(reference.name)' looks like the run name of the isolated topic '\(isolated.name)'",
                       help: "steps use the declared name '\(isolated.name)'; the runner maps it to '\(isolated.name).<run id>'")
            } else if let close = Suggestion.closest(to: reference.name, in: names) {
                report(reference.node, "topic '\(reference.name)' is not declared under 'topics:'",
                       help: "did you mean '\(close)'? An undeclared topic is used by its literal name: not created, not isolated")
            }
        }
    }
}
