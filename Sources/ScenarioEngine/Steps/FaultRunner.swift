import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec

/// `fault`: embedded broker only — broker down/up, added round-trip time, injected request errors.
/// With `for:`, the fault is undone in the background after that long while the next steps run.
struct FaultRunner {
    let step: FaultStep

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        guard let cluster = ctx.session.embedded else {
            throw StepError.skippedBecause(.faultNeedsEmbedded(bootstrapServers: ctx.session.bootstrapServers),
                                           message: "fault steps need the embedded broker; this run uses \(ctx.session.bootstrapServers)")
        }
        try StepError.fromKafka { try apply(step.action, on: cluster) }
        ctx.records.note("fault: \(describe(step.action))" + (step.duration.map { " for \($0)" } ?? ""))
        ctx.records.verify(.faultInjected(fault: fact(step.action), duration: step.duration.map(\.description)))
        // Undone after `for:`, and in any case when the scenario ends, so the next scenario gets a sound cluster.
        // (A `broker_up` without `for:` repairs rather than injects: nothing to undo.)
        guard let undo = undoing(step.action) else { return }
        if case .brokerUp = step.action, step.duration == nil { return }
        let undoOnce = ctx.faultUndos.add { try? apply(undo, on: cluster) }
        if let duration = step.duration {
            DispatchQueue.global().asyncAfter(deadline: .now() + duration.seconds, execute: undoOnce)
        }
    }

    private func apply(_ action: FaultAction, on cluster: EmbeddedCluster) throws {
        switch action {
        case .brokerDown(let id): try cluster.setBrokerDown(Int32(clamping: id))
        case .brokerUp(let id): try cluster.setBrokerUp(Int32(clamping: id))
        case .rtt(let broker, let delay): try cluster.setRoundTripTime(broker: Int32(clamping: broker), milliseconds: Int(min(delay.seconds * 1000, Double(Int32.max))))
        case .requestErrors(let api, let errors): try cluster.pushRequestErrors(api: api, errors: errors)
        }
    }

    private func undoing(_ action: FaultAction) -> FaultAction? {
        switch action {
        case .brokerDown(let id): return .brokerUp(id)
        case .brokerUp(let id): return .brokerDown(id)
        case .rtt(let broker, _): return .rtt(broker: broker, delay: Duration(seconds: 0))
        case .requestErrors: return nil
        }
    }

    private func fact(_ action: FaultAction) -> FaultFact {
        switch action {
        case .brokerDown(let id): return .brokerDown(broker: id)
        case .brokerUp(let id): return .brokerUp(broker: id)
        case .rtt(let broker, let delay): return .roundTrip(broker: broker, delay: delay.description)
        case .requestErrors(let api, let errors): return .requestErrors(api: api, errors: errors)
        }
    }

    private func describe(_ action: FaultAction) -> String {
        switch action {
        case .brokerDown(let id): return "broker \(id) down"
        case .brokerUp(let id): return "broker \(id) up"
        case .rtt(let broker, let delay): return "broker \(broker) round-trip time +\(delay)"
        case .requestErrors(let api, let errors): return "\(api) requests fail with \(errors.joined(separator: ", "))"
        }
    }
}

extension FaultStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try FaultRunner(step: self).run(run.ctx, deadline: deadline)
    }
}
