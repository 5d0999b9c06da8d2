import ScenarioResults
import ScenarioSpec

/// `cluster`: connects and asserts broker count, controller and connect time; records cluster facts.
struct ClusterRunner {
    let step: ClusterStep

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        let start = Deadline.now()
        let meta = try StepError.fromKafka { try ctx.session.refreshMetadata(timeout: deadline.remaining) }
        let elapsed = ctx.session.connectSeconds > 0 ? ctx.session.connectSeconds : Deadline.now() - start
        let controller = meta.controllerID.map { $0 >= 0 } ?? false
        ctx.records.note("cluster: \(meta.brokers.count) brokers, controller \(meta.controllerID.map(String.init) ?? "none"), cluster id \(meta.clusterID ?? "unknown")")
        if let brokers = step.brokers {
            try Assertions.check(ctx, name: "cluster.brokers", label: "brokers", value: Double(meta.brokers.count),
                                 unit: .count, comparison: brokers, what: "broker count")
        }
        if let wanted = step.controller, wanted != controller {
            throw StepError.assertion(wanted ? "the cluster reports no controller" : "the cluster reports a controller (\(meta.controllerID ?? -1))",
                                      reason: .controller(expected: wanted, actual: meta.controllerID.map(Int.init)))
        }
        if let within = step.connectWithin {
            try Assertions.check(ctx, name: "cluster.connect_time", label: "connect time", value: elapsed, unit: .seconds,
                                 comparison: Comparison(.lt, within.seconds, unit: .duration), what: "connect time")
        }
        ctx.records.verify(.connected(brokers: meta.brokers.count, controller: meta.controllerID.map(Int.init), clusterID: meta.clusterID))
    }
}

extension ClusterStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try ClusterRunner(step: self).run(run.ctx, deadline: deadline)
    }
}
