import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec

/// A stub consume-transform-produce service that runs beside a scenario's steps (docs/scenario-reference.md, processors).
final class ProcessorRunner: @unchecked Sendable {  // unchecked: its flags and counters are only touched under `lock`
    private let declaration: ProcessorDeclaration
    private let ctx: ScenarioContext
    private let lock = NSLock()
    private var running = true
    private var failure: String?
    private var handled = 0
    /// Input messages read, those its `when` skipped included (the flow diagram's count into it).
    private var consumed = 0
    private let finished = DispatchSemaphore(value: 0)

    var name: String { declaration.name }

    init(_ declaration: ProcessorDeclaration, ctx: ScenarioContext) {
        self.declaration = declaration
        self.ctx = ctx
    }

    func start() {
        Thread { [self] in
            var problem: String?
            do { try loop() } catch StepError.kafka(let name, let message) {
                problem = "\(name): \(message)"
            } catch StepError.couldNotRun(let message), StepError.brokerLost(let message) {
                problem = message
            } catch StepError.errored(let failure) {
                problem = failure.message
            } catch {
                problem = "\(error)"
            }
            if let problem {
                lock.withLock { failure = problem }
                // Steps still reading stop at once: what they wait for will never come.
                ctx.processors.failed(Self.failureMessage(name, problem))
            }
            finished.signal()
        }.start()
    }

    /// Stops the processor; returns its error, if it had one.
    func stop() -> String? {
        lock.withLock { running = false }
        finished.wait()
        let (count, error) = lock.withLock { (handled, failure) }
        ctx.records.note("processor \(declaration.name): \(count) messages transformed")
        if count > 0 {
            let from = (try? ctx.variables.renderString(declaration.from, what: "from")) ?? "?"
            let to = (try? ctx.variables.renderString(declaration.to, what: "to")) ?? "?"
            ctx.records.verify(.flow(from: from, processor: declaration.name, to: to, count: count))
        }
        return error
    }

    /// Its flow for report.md, read after `stop`: input topic → processor → output topic, with message counts.
    var flowEdges: [FlowEdge] {
        let (read, written) = lock.withLock { (consumed, handled) }
        let from = (try? ctx.variables.renderString(declaration.from, what: "from")) ?? "?"
        let to = (try? ctx.variables.renderString(declaration.to, what: "to")) ?? "?"
        let processor = FlowNode(.processor, declaration.name)
        return [FlowEdge(from: FlowNode(.topic, from), to: processor, messages: read),
                FlowEdge(from: processor, to: FlowNode(.topic, to), messages: written)]
    }

    static func failureMessage(_ processor: String, _ problem: String) -> String {
        "processor '\(processor)' failed: \(problem)"
    }

    private var isRunning: Bool { lock.withLock { running } }

    private func loop() throws {
        let from = try ctx.topic(declaration.from)
        let to = try ctx.topic(declaration.to)
        let reader = try TopicReader(ctx, topic: from, from: .scenarioStart, group: nil, deadline: ctx.clock.deadline,
                                     keepWaiting: { isRunning })
        defer { reader.close() }
        while isRunning {
            guard let message = try reader.next(until: ctx.clock.deadline) else {
                if ctx.clock.deadline.hasPassed { return }
                continue
            }
            lock.withLock { consumed += 1 }
            let input = try ctx.view(message, declaredTopic: from.declared).json
            let context = ctx.variables.templateContext(extra: ["in": MessageView.forTemplates(input)])
            if let when = declaration.when, !when.mismatches(input, context: context).isEmpty { continue }
            let vars: [String: JSONValue] = ["in": MessageView.forTemplates(input)]
            func render(_ template: ValueTemplate, _ part: String) throws -> JSONValue {
                do { return try ctx.variables.render(template, extra: vars) } catch StepError.couldNotRun(let message) {
                    throw StepError.couldNotRun("emit.\(part): \(message), for the message at \(Self.describe(message: input, topic: from.declared))")
                }
            }
            let key = try declaration.emitKey.map { try render($0, "key") } ?? .null
            let value = try render(declaration.emitValue, "value")
            let headers = try declaration.emitHeaders.map {
                Header(name: $0.name, value: MessageView.payload(try render($0.value, "headers.\($0.name)")) ?? [])
            }
            let keyBytes: [UInt8]?
            let valueBytes: [UInt8]?
            do {
                keyBytes = try ctx.payload(key, schema: declaration.emitKeySchema, topic: to, isKey: true)
                valueBytes = try ctx.payload(value, schema: declaration.emitValueSchema, topic: to, isKey: false)
            } catch StepError.couldNotRun(let message) {
                throw StepError.couldNotRun("emit: \(message), for the message at \(Self.describe(message: input, topic: from.declared))")
            }
            try ctx.send(to: to.real, partition: nil, key: keyBytes, value: valueBytes, headers: headers)
            lock.withLock { handled += 1 }
        }
    }

    /// "requests partition 0 offset 3 (key "k1")": which input a failure is about.
    static func describe(message view: JSONValue, topic: String) -> String {
        let partition = view["partition"].map { MessageView.compact($0) } ?? "?"
        let offset = view["offset"].map { MessageView.compact($0) } ?? "?"
        let key = view["key"].map { $0 == .null ? "no key" : "key \(MessageView.compact($0, limit: 80))" } ?? "no key"
        return "'\(topic)' partition \(partition) offset \(offset) (\(key))"
    }
}
