import XCTest
@testable import ScenarioSpec

final class ModelBuilderTests: XCTestCase {
    func testSingleScenarioFileIsASuiteOfOneWithHumanizedName() throws {
        let (suite, diagnostics) = loadSpec("""
            name: basic produce
            steps:
              - produce: { topic: orders, value: x }
            """, file: "scenarios/user_action_pipeline.yaml")
        XCTAssertEqual(errors(diagnostics), [])
        let s = try XCTUnwrap(suite)
        XCTAssertEqual(s.name, "User action pipeline")
        XCTAssertEqual(s.file, "scenarios/user_action_pipeline.yaml")
        XCTAssertEqual(s.scenarios.map(\.name), ["basic produce"])
        XCTAssertEqual(s.scenarios[0].timeout, Duration(seconds: 30))
        XCTAssertEqual(s.scenarios[0].steps.first?.location.line, 3)
    }

    func testSuiteNameOverridesTheFileName() throws {
        let (suite, _) = loadSpec("suite: Producer/Consumer\nscenarios:\n  - name: a\n    steps: [{ cluster: {} }]\n")
        XCTAssertEqual(suite?.name, "Producer/Consumer")
        XCTAssertNotEqual(suite?.name, "Test suite")
    }

    func testHumanize() {
        XCTAssertEqual(ModelBuilder.humanize(fileName: "a/b/user_action_pipeline.yaml"), "User action pipeline")
        XCTAssertEqual(ModelBuilder.humanize(fileName: "error-handling.yml"), "Error handling")
    }

    func testDefaultsAreApplied() throws {
        let (suite, diagnostics) = loadSpec("""
            topics:
              - name: orders
            scenarios:
              - name: defaults
                steps:
                  - produce: { topic: orders, value: { a: 1 } }
                  - expect: { topic: orders, within: 2s }
                  - expect_none: { topic: orders, for: 1s }
                  - consumer_group: { topic: orders }
                  - topic: { name: orders }
                  - load: { topic: orders, messages: 10 }
            """)
        XCTAssertEqual(errors(diagnostics), [])
        let s = try XCTUnwrap(suite)
        let topic = try XCTUnwrap(s.topics.first)
        XCTAssertEqual(topic.partitions, 1)
        XCTAssertEqual(topic.replicationFactor, 1)
        XCTAssertTrue(topic.isolate)
        let steps = s.scenarios[0].steps
        guard let p = steps[0].kind as? ProduceStep, let e = steps[1].kind as? ExpectStep,
              let n = steps[2].kind as? ExpectNoneStep, let g = steps[3].kind as? ConsumerGroupStep,
              let t = steps[4].kind as? TopicStep, let l = steps[5].kind as? LoadStep else {
            return XCTFail("unexpected step kinds: \(steps.map(\.kind.keyword))")
        }
        XCTAssertEqual(p.count, 1)
        guard case .value(.literal(let json)) = p.payload else { return XCTFail("payload \(p.payload)") }
        XCTAssertEqual(json, .object([JSONMember("a", .int(1))]))
        XCTAssertEqual(e.from, .scenarioStart)
        XCTAssertEqual(e.order, .any)
        XCTAssertFalse(e.exact)
        XCTAssertEqual(e.within, Duration(seconds: 2))
        XCTAssertEqual(n.from, .scenarioStart)
        XCTAssertEqual(n.duration, Duration(seconds: 1))
        XCTAssertEqual(g.groups, 1)
        XCTAssertEqual(g.members, 1)
        guard case .all = g.perGroup else { return XCTFail("per_group default should be all") }
        XCTAssertTrue(t.exists)
        XCTAssertNil(l.rate)
        guard case .generated(let size) = l.payload else { return XCTFail("load payload") }
        XCTAssertEqual(size, 100)
    }

    func testExplicitValuesWinOverDefaults() throws {
        let (suite, diagnostics) = loadSpec("""
            topics:
              - { name: orders, partitions: 3, replication_factor: 2, isolate: false, config: { retention.ms: 60000 } }
            scenarios:
              - name: explicit
                timeout: 1m
                tags: [smoke]
                steps:
                  - produce: { topic: orders, value: x, count: 5, rate: 500/s, throughput: ">= 10/s", within: 2s, partition: 0 }
                  - expect: { topic: orders, from: beginning, order: per_key, exact: true, within: 250ms, count: ">= 5",
                              latency: { p95: "< 100ms" } }
                    name: read back
                  - consumer_group: { topic: orders, groups: 2, members: 3, expect: { per_group: ">= 5", duplicates: 0 } }
                  - load: { topic: orders, messages: 100, rate: unlimited, expect: { lost: 0 } }
                  - fault: { rtt: { broker: 1, delay: 200ms }, for: 3s }
                  - produce: { topic: "bad topic!", value: x }
                    expect_error: TOPIC_EXCEPTION
            """)
        XCTAssertEqual(errors(diagnostics), [])
        let s = try XCTUnwrap(suite)
        XCTAssertEqual(s.topics[0].partitions, 3)
        XCTAssertEqual(s.topics[0].replicationFactor, 2)
        XCTAssertFalse(s.topics[0].isolate)
        XCTAssertEqual(s.topics[0].config.map(\.key), ["retention.ms"])
        XCTAssertEqual(s.topics[0].config.map(\.value), ["60000"])
        let scenario = s.scenarios[0]
        XCTAssertEqual(scenario.timeout, Duration(seconds: 60))
        XCTAssertEqual(scenario.tags, ["smoke"])
        guard let p = scenario.steps[0].kind as? ProduceStep, let e = scenario.steps[1].kind as? ExpectStep,
              let g = scenario.steps[2].kind as? ConsumerGroupStep, let f = scenario.steps[4].kind as? FaultStep else {
            return XCTFail("unexpected step kinds")
        }
        XCTAssertEqual(p.count, 5)
        XCTAssertEqual(p.rate, Rate(perSecond: 500))
        XCTAssertEqual(p.throughput, Comparison(.ge, 10, unit: .rate))
        XCTAssertEqual(p.partition, 0)
        XCTAssertEqual(e.from, .beginning)
        XCTAssertEqual(e.order, .perKey)
        XCTAssertTrue(e.exact)
        XCTAssertEqual(e.count, Comparison(.ge, 5))
        XCTAssertEqual(e.latency?.checks.first?.percentile, "p95")
        XCTAssertEqual(scenario.steps[1].name, "read back")
        XCTAssertEqual(g.groups, 2)
        XCTAssertEqual(g.members, 3)
        guard case .count(let c) = g.perGroup else { return XCTFail("per_group") }
        XCTAssertEqual(c, Comparison(.ge, 5))
        XCTAssertEqual(g.duplicates, Comparison(.eq, 0))
        guard case .rtt(let broker, let delay) = f.action else { return XCTFail("fault action") }
        XCTAssertEqual(broker, 1)
        XCTAssertEqual(delay, Duration(seconds: 0.2))
        XCTAssertEqual(f.duration, Duration(seconds: 3))
        XCTAssertEqual(scenario.steps[5].expectError, .named("TOPIC_EXCEPTION"))
    }

    func testTemplatesCapturesAndProcessors() throws {
        let (suite, diagnostics) = loadSpec("""
            vars: { user: u1 }
            topics: [{ name: actions }, { name: notifications }]
            processors:
              - name: echo
                from: actions
                to: notifications
                when: { value: { kind: spin } }
                emit: { key: "{{ in.key }}", value: { user: "{{ in.value.user }}" } }
            scenarios:
              - name: flow
                steps:
                  - produce: { topic: actions, key: "{{ user }}", value: { kind: spin, n: "{{ index }}" }, count: 2 }
                  - expect:
                      topic: notifications
                      within: 5s
                      messages: [{ key: "{{ user }}" }]
                      capture: { reward: value.reward }
                  - produce: { topic: actions, value: "{{ reward }} {{ env.HOME }} {{ run.id }}" }
                  - parallel:
                      - delete_topics: [notifications]
            """)
        XCTAssertEqual(errors(diagnostics), [])
        XCTAssertEqual(warnings(diagnostics), [])
        let s = try XCTUnwrap(suite)
        XCTAssertEqual(s.vars.map(\.name), ["user"])
        XCTAssertEqual(s.processors.map(\.name), ["echo"])
        XCTAssertNotNil(s.processors[0].when)
        guard let e = s.scenarios[0].steps[1].kind as? ExpectStep else { return XCTFail("expect") }
        XCTAssertEqual(e.capture.map(\.name), ["reward"])
        XCTAssertEqual(e.capture.map(\.path), [FieldPath(root: "value", steps: [.member("reward")], text: "value.reward")])
        XCTAssertEqual(e.messages.count, 1)
        guard let inner = (s.scenarios[0].steps[3].kind as? ParallelStep)?.steps else { return XCTFail("parallel") }
        XCTAssertEqual(inner.map(\.kind.keyword), ["delete_topics"])
    }

    func testCaptureInsideParallelIsNotVisibleToItsSiblings() {
        let (_, diagnostics) = loadSpec("""
            name: p
            steps:
              - parallel:
                  - expect: { topic: t, within: 1s, capture: { id: value.id } }
                  - produce: { topic: t, value: "{{ id }}" }
              - produce: { topic: t, value: "{{ id }}" }
            """)
        XCTAssertEqual(errors(diagnostics), ["'id' is used before it is captured"])
        XCTAssertEqual(diagnostics.first { $0.severity == .error }?.location.line, 5)
    }

    func testAllErrorsOfAFileAreCollected() {
        let (suite, diagnostics) = loadSpec("""
            name: many
            steps:
              - produce: { topc: a, value: x }
              - expect_none: { topic: a, for: soon }
              - sleep: forever
            """)
        XCTAssertNil(suite)
        XCTAssertEqual(errors(diagnostics).count, 3, "\(errors(diagnostics))")
        XCTAssertEqual(diagnostics.map(\.location.line), diagnostics.map(\.location.line).sorted())
    }

    func testCreateTopicsAndFaultVariants() throws {
        let (suite, diagnostics) = loadSpec("""
            name: admin
            steps:
              - create_topics: [{ name: scratch, partitions: 2 }]
              - fault: { broker_down: 2 }
              - fault: { request_errors: { api: Produce, errors: [NOT_LEADER_FOR_PARTITION] } }
              - cluster: { brokers: ">= 1", controller: true, connect_within: 5s }
            """)
        XCTAssertEqual(errors(diagnostics), [])
        let steps = try XCTUnwrap(suite).scenarios[0].steps
        guard let topics = (steps[0].kind as? CreateTopicsStep)?.topics, let down = steps[1].kind as? FaultStep,
              let errs = steps[2].kind as? FaultStep, let c = steps[3].kind as? ClusterStep else { return XCTFail("kinds") }
        XCTAssertEqual(topics.map(\.partitions), [2])
        guard case .brokerDown(2) = down.action, case .requestErrors("Produce", ["NOT_LEADER_FOR_PARTITION"]) = errs.action
        else { return XCTFail("fault actions") }
        XCTAssertEqual(c.brokers, Comparison(.ge, 1))
        XCTAssertEqual(c.controller, true)
    }

    func testEveryDefaultInTheFormatSpecParses() {
        for spec in FormatSpec.all {
            for key in spec.keys {
                guard let text = key.defaultValue else { continue }
                let builder = ModelBuilder(file: "f", directory: "", fileExists: { _ in true })
                let node = Node(.scalar(text, quoted: false), at: SourceLocation(file: "f", line: 1, column: 1))
                switch key.type {
                case .duration: XCTAssertNotNil(builder.duration(node), "\(spec.name).\(key.name)")
                case .integer(let min): XCTAssertNotNil(builder.integer(node, minimum: min, what: key.name))
                case .boolean: XCTAssertNotNil(builder.bool(node))
                case .rate(let unlimited): XCTAssertNotNil(builder.rate(node, unlimited: unlimited) as Any?)
                case .enumeration(let words): XCTAssertTrue(words.contains(text))
                case .oneOf: XCTAssertEqual(text, "all")
                default: XCTFail("default of unexpected type for \(spec.name).\(key.name)")
                }
                XCTAssertTrue(builder.diagnostics.isEmpty)
            }
        }
    }

    func testEveryKeyIsDocumented() {
        for spec in FormatSpec.all {
            XCTAssertFalse(spec.description.isEmpty, spec.name)
            for key in spec.keys {
                XCTAssertFalse(key.description.isEmpty, "\(spec.name).\(key.name)")
                XCTAssertFalse(key.example.isEmpty, "\(spec.name).\(key.name)")
            }
            for case .object(let name) in spec.keys.map(\.type) {
                XCTAssertNotNil(FormatSpec.mapping(named: name), "\(spec.name) refers to unknown mapping \(name)")
            }
        }
    }

    func testPerGroupIsAllOrAComparison() {
        func load(_ perGroup: String) -> [String] {
            errors(loadSpec("""
                name: groups
                steps:
                  - produce: { topic: t, value: x }
                  - consumer_group: { topic: t, within: 5s, expect: { per_group: \(perGroup) } }
                """).diagnostics)
        }
        XCTAssertEqual(load("all"), [])
        XCTAssertEqual(load("\">= 3\""), [])
        XCTAssertEqual(load("every"), ["expected 'all' or a comparison like \">= 10\" for per_group, got 'every'"])
    }
}
