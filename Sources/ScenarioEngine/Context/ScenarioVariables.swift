import ScenarioSpec

/// The scenario's variables and captures, and the templates rendered over them.
final class ScenarioVariables: Sendable {
    let environment: [String: String]
    private let variables: Locked<[String: JSONValue]>

    init(_ variables: [String: JSONValue] = [:], environment: [String: String]) {
        self.variables = Locked(variables)
        self.environment = environment
    }

    func templateContext(extra: [String: JSONValue] = [:]) -> TemplateContext {
        let vars = variables.withLock { $0 }
        return TemplateContext(variables: extra.isEmpty ? vars : vars.merging(extra) { $1 }, environment: environment)
    }

    func capture(_ name: String, _ value: JSONValue) {
        variables.withLock { $0[name] = value }
    }

    func render(_ template: ValueTemplate, extra: [String: JSONValue] = [:]) throws -> JSONValue {
        do {
            return try template.render(in: templateContext(extra: extra))
        } catch let error as TemplateError {
            throw StepError.couldNotRun("template error: \(error.message)")
        }
    }

    func renderString(_ template: ValueTemplate, what: String) throws -> String {
        switch try render(template) {
        case .string(let s): return s
        case .int(let i): return String(i)
        case let other: throw StepError.couldNotRun("\(what) must be a string, got \(MessageView.compact(other))")
        }
    }
}
