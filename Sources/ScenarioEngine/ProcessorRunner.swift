import Foundation
import KafkaClient
import ScenarioSpec

/// A stub consume-transform-produce service that runs beside a scenario's steps (DESIGN.md 1.3).
final class ProcessorRunner: @unchecked Sendable {
    private let declaration: ProcessorDeclaration
    private let ctx: ScenarioContext
    private let lock = NSLock()
    private var running = true
    private var failure: String?
    private var handled = 0
    private let finished = DispatchSemaphore(value: 0)

    var name: String { declaration.name }

    init(_ declaration: ProcessorDeclaration, ctx: ScenarioContext) {
        self.declaration = declaration
        self.ctx = ctx
    }

    func start() {
        Thread { [self] in
            do { try loop() } catch StepError.kafka(let name, let message) {
                lock.withLock { failure = "\(name): \(message)" }
            } catch StepError.couldNotRun(let message) {
                lock.withLock { failure = message }
            } catch {
                lock.withLock { failure = "\(error)" }
            }
            finished.signal()
        }.start()
    }

    /// Stops the processor; returns its error, if it had one.
    func stop() -> String? {
        lock.withLock { running = false }
        finished.wait()
        let (count, error) = lock.withLock { (handled, failure) }
        ctx.note("processor \(declaration.name): \(count) messages transformed")
        if count > 0 {
            let from = (try? ctx.renderString(declaration.from, what: "from")) ?? "?"
            let to = (try? ctx.renderString(declaration.to, what: "to")) ?? "?"
            ctx.verify("flow \(from) → \(declaration.name) → \(to): \(count) message\(count == 1 ? "" : "s") transformed")
        }
        return error
    }

    private var isRunning: Bool { lock.withLock { running } }

    private func loop() throws {
        let from = try ctx.topic(declaration.from)
        let to = try ctx.topic(declaration.to)
        let reader = try TopicReader(ctx, topic: from, from: .scenarioStart, group: nil, deadline: ctx.deadline,
                                     keepWaiting: { isRunning })
        defer { reader.close() }
        while isRunning {
            guard let message = try reader.next(until: ctx.deadline) else {
                if ctx.deadline.hasPassed { return }
                continue
            }
            let input = MessageView.json(message, declaredTopic: from.declared)
            let context = ctx.templateContext(extra: ["in": input])
            if let when = declaration.when, !when.mismatches(input, context: context).isEmpty { continue }
            let vars: [String: JSONValue] = ["in": input]
            let key = try declaration.emitKey.map { try ctx.render($0, extra: vars) } ?? .null
            let value = try ctx.render(declaration.emitValue, extra: vars)
            let headers = try declaration.emitHeaders.map {
                Header(name: $0.name, value: MessageView.payload(try ctx.render($0.value, extra: vars)) ?? [])
            }
            try StepError.fromKafka {
                try ctx.session.producer.send(topic: to.real, partition: nil, key: MessageView.payload(key),
                                              value: MessageView.payload(value), headers: headers) { [ctx] report in
                    if report.error == nil {
                        ctx.recordProduced(to.real, TopicPartitionOffset(partition: report.partition, offset: report.offset))
                    }
                }
            }
            lock.withLock { handled += 1 }
        }
    }
}
