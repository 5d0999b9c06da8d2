import ScenarioResults

/// The `<property>` lists of the suites. The run's facts are said once, on the first suite (`<testsuites>` would be
/// their place, but the schemas allow it no children); every suite then has its scenarios' metrics as
/// `<scenario>.<metric>`. Names are unique in the whole file (xunitparser merges all suites' properties and refuses a
/// repeated name); a suite with nothing to say gets `<suite>.file` (the schemas want at least one property).
enum JUnitProperties {
    static func properties(of run: RunResult) -> [[(String, String)]] {
        var used = Set<String>()
        return run.suites.enumerated().map { index, suite in
            var list = index == 0 ? runFacts(run) : []
            list += metrics(of: suite)
            if list.isEmpty { list = [("\(suite.name).file", suite.file)] }
            return unique(list.map { (name, value) in (propertyName(name), value) }, used: &used)
        }
    }

    static func runFacts(_ run: RunResult) -> [(String, String)] {
        let env = run.environment
        let shards = (run.shardEnvironments?.count ?? 0) > 1 ? run.shardEnvironments ?? [] : []
        // Merged shards that ran against different brokers: every distinct value, never only the first's.
        let environments = shards.isEmpty ? [env] : shards.map(\.environment)
        func every(_ value: (RunEnvironment) -> String) -> String {
            var seen = Set<String>()
            return environments.map(value).filter { seen.insert($0).inserted }.joined(separator: ", ")
        }
        var list: [(String, String)] = [
            ("run.id", run.runID),
            ("librdkafka.version", every(\.librdkafkaVersion)),
            ("broker.mode", every(\.brokerMode.rawValue)),
            ("bootstrap.servers", every(\.bootstrapServers)),
        ]
        if shards.isEmpty, let count = env.brokerCount { list.append(("broker.count", String(count))) }
        if shards.isEmpty, let cluster = env.clusterID { list.append(("cluster.id", cluster)) }
        list.append(("tool.version", env.toolVersion))
        if let interruption = run.interruption { list.append(("run.interrupted", interruption)) }
        if !shards.isEmpty {
            for (index, shard) in shards.enumerated() {
                let prefix = "shard.\(index + 1)."
                list.append((prefix + "label", shard.label))
                list.append((prefix + "broker.mode", shard.environment.brokerMode.rawValue))
                list.append((prefix + "bootstrap.servers", shard.environment.bootstrapServers))
                if let cluster = shard.environment.clusterID { list.append((prefix + "cluster.id", cluster)) }
                list.append((prefix + "librdkafka.version", shard.environment.librdkafkaVersion))
            }
        }
        return list
    }

    static func metrics(of suite: SuiteResult) -> [(String, String)] {
        var list: [(String, String)] = []
        for scenario in suite.scenarios {
            if let reason = scenario.expectedFailure, scenario.failedAsExpected {
                list.append(("\(scenario.name).expected_failure", reason))
            }
            if scenario.attemptCount > 1 {
                list.append(("\(scenario.name).flaky", String(scenario.isFlaky)))
                list.append(("\(scenario.name).attempts", String(scenario.attemptCount)))
            }
            for metric in scenario.metrics {
                list.append((metricName(metric, of: scenario), MetricFormatter.format(metric.value, unit: metric.unit)))
            }
        }
        return list
    }

    /// `<scenario>.step<N>.<topic>.<metric>`: two expects of one scenario each keep their own `expect.time`.
    static func metricName(_ metric: Metric, of scenario: ScenarioResult) -> String {
        var parts = [scenario.name]
        if let step = metric.step { parts.append("step\(step)") }
        if let topic = metric.topic { parts.append(topic) }
        parts.append(metric.name)
        return parts.joined(separator: ".")
    }

    /// Names that still collide (two scenarios of one name, one step measuring twice) get `#2`, `#3`, ...
    private static func unique(_ list: [(String, String)], used: inout Set<String>) -> [(String, String)] {
        return list.map { name, value in
            var candidate = name
            var occurrence = 1
            while used.contains(candidate) {
                occurrence += 1
                candidate = "\(name)#\(occurrence)"
            }
            used.insert(candidate)
            return (candidate, value)
        }
    }

    /// Names are non-empty tokens in one schema; a name made only of spaces would be rejected.
    private static func propertyName(_ name: String) -> String {
        let line = TextSanitizer.oneLine(name, limit: 500)
        return line.isEmpty ? "property" : line
    }
}
