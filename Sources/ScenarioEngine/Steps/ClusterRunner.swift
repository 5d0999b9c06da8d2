import ScenarioResults
import ScenarioSpec

/// `cluster`: connects and asserts broker count, controller and connect time; records cluster facts.
struct ClusterRunner {
    let step: ClusterStep

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        let start = Deadline.now()
        let meta = try StepError.fromKafka { try ctx.session.refreshMetadata(timeout: deadline.remaining) }
        let elapsed = ctx.session.connectSeconds > 0 ? ctx.session.connectSeconds : Deadline.now() - start
        // A controller is one of the brokers: librdkafka 2.0.2's mock reports id 0 beside brokers 1...N.
        let controller = meta.controllerID.map { id in meta.brokers.contains { $0.id == id } } ?? false
        ctx.records.note("cluster: \(meta.brokers.count) brokers, controller \(meta.controllerID.map(String.init) ?? "none"), cluster id \(meta.clusterID ?? "unknown")")
        if let brokers = step.brokers {
            try Assertions.check(ctx, name: "cluster.brokers", label: "brokers", value: Double(meta.brokers.count),
                                 unit: .count, comparison: brokers, what: "broker count")
        }
        if let within = step.connectWithin {
            try Assertions.check(ctx, name: "cluster.connect_time", label: "connect time", value: elapsed, unit: .seconds,
                                 comparison: Comparison(.lt, within.seconds, unit: .duration), what: "connect time")
        }
        // Last: the checks the broker can serve are judged before the one it cannot.
        if step.controller == true, !controller, ctx.session.isEmbedded {
            throw StepError.skippedBecause(.embeddedCannot(.controller), message: "the embedded broker (librdkafka's mock cluster) reports controller \(meta.controllerID.map(String.init) ?? "none"), which is none of its brokers; librdkafka 2.0.2 cannot set it (newer versions can: run with one); run against a real broker to check the controller")
        }
        if let wanted = step.controller, wanted != controller {
            let ids = meta.brokers.map { String($0.id) }.joined(separator: ", ")
            let none = meta.controllerID.map { "the cluster reports controller \($0), which is none of its brokers (\(ids))" }
                ?? "the cluster reports no controller"
            throw StepError.assertion(wanted ? none : "the cluster reports a controller (\(meta.controllerID ?? -1))",
                                      reason: .controller(expected: wanted, actual: meta.controllerID.map(Int.init)))
        }
        ctx.records.verify(.connected(brokers: meta.brokers.count, controller: meta.controllerID.map(Int.init), clusterID: meta.clusterID))
    }
}

extension ClusterStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try ClusterRunner(step: self).run(run.ctx, deadline: deadline)
    }
}
