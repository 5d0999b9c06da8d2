import ScenarioResults

/// The `<property>` list of a suite: run facts first (so there is always at least one),
/// then every metric of the suite's scenarios as `<scenario>.<metric>`.
enum JUnitProperties {
    static func properties(of suite: SuiteResult, run: RunResult) -> [(String, String)] {
        let env = run.environment
        var list: [(String, String)] = [
            ("run.id", run.runID),
            ("librdkafka.version", env.librdkafkaVersion),
            ("broker.mode", env.brokerMode.rawValue),
            ("bootstrap.servers", env.bootstrapServers),
        ]
        if let count = env.brokerCount { list.append(("broker.count", String(count))) }
        if let cluster = env.clusterID { list.append(("cluster.id", cluster)) }
        list.append(("tool.version", env.toolVersion))
        if let interruption = run.interruption { list.append(("run.interrupted", interruption)) }
        for scenario in suite.scenarios {
            for metric in scenario.metrics {
                list.append(("\(scenario.name).\(metric.name)", MetricFormatter.format(metric.value, unit: metric.unit)))
            }
        }
        return list.map { (name, value) in (propertyName(name), value) }
    }

    /// Names are non-empty tokens in one schema; a name made only of spaces would be rejected.
    private static func propertyName(_ name: String) -> String {
        let line = TextSanitizer.oneLine(name, limit: 500)
        return line.isEmpty ? "property" : line
    }
}
