/// Every mapping of the scenario file format, key by key (rendered as docs/scenario-reference.md).
public enum FormatSpec {
    static let topicRef = KeySpec("topic", .template, required: true,
                                  "The topic, as declared (isolated topics are mapped to their run name).",
                                  example: "user_actions")
    static let from = KeySpec("from", .enumeration(StartPosition.allCases.map(\.rawValue)), default: "scenario_start",
                              "Where reading starts: offsets at scenario start, the beginning, the end, or now.",
                              example: "scenario_start")

    public static let suite = MappingSpec("suite", "A file: a suite of scenarios sharing topics, vars and processors.", keys: suiteKeys + [
        KeySpec("scenarios", .list(.object("scenario")), required: true,
                "The scenarios; each becomes one JUnit testcase.", example: "[{ name: smoke, steps: [{ cluster: { brokers: \">= 1\" } }] }]").nonEmptyList(),
    ])

    /// A file with top-level `name:` and `steps:`: a suite of one scenario.
    public static let singleScenarioSuite = MappingSpec(
        "single-scenario file", "A file holding one scenario: scenario keys at the top, plus suite keys.",
        keys: suiteKeys + scenario.keys.filter { ["description", "tags", "processors"].contains($0.name) == false })

    static let suiteKeys: [KeySpec] = [
        KeySpec("suite", .string, "Suite name; default: the file name, humanized.", example: "Producer/Consumer"),
        KeySpec("description", .string, "What the suite verifies (shown in reports).",
                example: "Messages flow between the backend's topics."),
        KeySpec("tags", .list(.string), "Tags for --tag/--skip-tag filters.", example: "[core]"),
        KeySpec("vars", .map(.anyValue), "Variables usable in templates as {{ name }}.", example: "{ user: user_12345 }"),
        KeySpec("topics", .list(.object("topic declaration")), "Topics created before the suite's scenarios run.",
                example: "[{ name: game_events, partitions: 3 }]"),
        KeySpec("processors", .list(.object("processor")),
                "Stub consume-transform-produce services running during every scenario of the suite.",
                example: "[{ name: echo, from: in, to: out, emit: { value: \"{{ in.value }}\" } }]"),
        KeySpec("services", .list(.object("service")),
                "Processes of the system under test, started in order (each ready before the next) before the suite's scenarios and stopped after them; the scenarios then run one at a time.",
                example: "[{ name: backend, command: [python3, app.py], port: auto, ready: { http: /health } }]"),
        KeySpec("schemas", .map(.object("schema declaration")),
                "Named Avro and JSON Schema schemas that produce, load and emit encode with and expect checks (docs/schemas.md).",
                example: "{ spin: { avro: schemas/spin.avsc }, reward: { subject: notifications-value } }"),
        KeySpec("requires", .enumeration(["external_broker"]),
                "external_broker: on the embedded broker the suite's scenarios are skipped with that reason (for a service whose Kafka client cannot use it).",
                example: "external_broker"),
        KeySpec("traceparent", .boolean, default: "true",
                "false: the suite's produce and http steps send no W3C `traceparent` of the scenario attempt (docs/services.md).",
                example: "false"),
    ]

    public static let service = MappingSpec("service", "A process of the system under test, run for the suite.", keys: [
        KeySpec("name", .string, required: true, "Service name: {{ services.NAME.port }}, its log file services/NAME.log.",
                example: "backend"),
        KeySpec("command", .list(.template), required: true,
                "The program and its arguments (argv, no shell); templates allowed; run in the scenario file's folder.",
                example: "[python3, app.py]").nonEmptyList(),
        KeySpec("cwd", .string, "Working directory, relative to the scenario file.", example: "../backend"),
        KeySpec("env", .map(.template),
                "Variables added to the runner's environment; values whose names contain PASSWORD, SECRET, TOKEN or KEY are redacted in logs and reports.",
                example: "{ KAFKA_BOOTSTRAP_SERVERS: \"{{ kafka.bootstrap }}\", INPUT_TOPIC: \"{{ topics.user_actions }}\" }"),
        KeySpec("port", .oneOf([.enumeration(["auto"]), .integer(minimum: 1)]),
                "The port it listens on, exported as PORT: auto picks a free loopback port; {{ services.NAME.port }} and {{ services.NAME.url }}.",
                example: "auto"),
        KeySpec("ready", .object("service ready"),
                "When it is ready: every condition given must hold within `within`. Absent: when `port` accepts connections if given, else at once.",
                example: "{ http: /health, within: 30s }"),
        KeySpec("stop", .object("service stop"), "How it is stopped: this signal to its process group, then KILL after the grace period.",
                example: "{ signal: TERM, grace: 5s }"),
    ])

    public static let serviceReady = MappingSpec("service ready", "Readiness conditions of a service; at least one.", keys: [
        KeySpec("http", .template, "A path on the service's port, or a full http:// URL: ready when a GET answers 2xx (polled, redirects not followed).",
                example: "/health"),
        KeySpec("log", .string, "A regular expression: ready when a line of its stdout or stderr matches.",
                example: "\"Application startup complete\""),
        KeySpec("port", .integer(minimum: 1), "A loopback TCP port: ready when it accepts connections.", example: "8000"),
        KeySpec("group", .template, "A consumer group: ready when it is stable with members holding assignments.",
                example: "backend-workers"),
        KeySpec("within", .duration, default: "30s", "How long the conditions may take.", example: "30s"),
    ])

    static let serviceStopSignals = ["TERM", "INT", "HUP", "QUIT", "KILL", "USR1", "USR2"]

    public static let serviceStop = MappingSpec("service stop", "How a service is stopped.", keys: [
        KeySpec("signal", .enumeration(serviceStopSignals), default: "TERM",
                "The signal sent to its process group.", example: "TERM"),
        KeySpec("grace", .duration, default: "5s", "How long it may take to end before KILL (at most 2s on an interrupt).",
                example: "5s"),
    ])

    public static let topicDeclaration = MappingSpec("topic declaration", "A topic to create.", keys: [
        KeySpec("name", .string, required: true, "Topic name as steps refer to it.", example: "game_events"),
        KeySpec("partitions", .integer(minimum: 1), default: "1", "Number of partitions.", example: "3"),
        KeySpec("replication_factor", .integer(minimum: 1), default: "1", "Replicas per partition.", example: "1"),
        KeySpec("config", .map(.string), "Topic configuration entries.", example: "{ retention.ms: 60000 }"),
        KeySpec("isolate", .boolean, default: "true",
                "Create one copy per scenario, <name>.<run id>.<n>, so parallel runs never share it; false uses the literal name.",
                example: "true"),
    ])

    public static let scenario = MappingSpec("scenario", "One test: steps run in order; one JUnit testcase.", keys: [
        KeySpec("name", .string, required: true, "Scenario name (the JUnit testcase name).", example: "basic produce and consume"),
        KeySpec("description", .string, "What the scenario verifies (shown in reports).", example: "A spin yields a reward."),
        KeySpec("tags", .list(.string), "Tags for --tag/--skip-tag filters.", example: "[smoke]"),
        KeySpec("timeout", .duration, default: "30s", "Budget for the whole scenario.", example: "20s"),
        KeySpec("expect_failure", .string,
                "The scenario must fail (an assertion unmet), for the given reason: then it counts as passed, noted \"failed as expected\"; if it passes, it fails.",
                example: "\"a slow broker must break the latency bound\""),
        KeySpec("retries", .integer(minimum: 0),
                "Runs a failed or erroring scenario again up to N times, with fresh isolated topics; one that passes on a retry is passed, marked flaky. Default: --retries, else 0.",
                example: "2"),
        KeySpec("processors", .list(.object("processor")), "Stub services running during this scenario.",
                example: "[{ name: echo, from: in, to: out, emit: { value: \"{{ in.value }}\" } }]"),
        KeySpec("steps", .list(.object("step")), required: true, "The steps, run in order.", example: "[{ produce: { topic: t, value: x } }]").nonEmptyList(),
    ])

    /// Keys any step may carry beside its one step key.
    public static let stepCommonKeys: [KeySpec] = [
        KeySpec("name", .string, "Step name shown in reports.", example: "send a spin"),
        KeySpec("expect_error", .errorName,
                "The step must fail: with any error, or with this librdkafka error name.", example: "TOPIC_EXCEPTION"),
    ]

    /// The step keys: each step holds exactly one of them.
    public static var stepKinds: [KeySpec] { StepKinds.all.map { $0.stepKey } }

    /// The common step keys a step kind also accepts inside its mapping (`- produce: { ..., expect_error: any }`):
    /// those it has no key of its own for (inside `topic:`, `name` stays the topic's name). Empty for other mappings.
    public static func stepKeysInside(_ spec: MappingSpec) -> [KeySpec] {
        guard stepKindMappingNames.contains(spec.name) else { return [] }
        return stepCommonKeys.filter { spec.key($0.name) == nil }
    }

    static let stepKindMappingNames = Set(stepKinds.compactMap { kind -> String? in
        if case .object(let name) = kind.type { return name }
        return nil
    })

    public static let step = MappingSpec("step", "One step: exactly one step key, plus optional name and expect_error.",
                                         keys: stepCommonKeys + stepKinds, exactlyOneOf: [stepKinds.map(\.name)])

    public static let messageMatcher = MappingSpec("message", "What one expected message must match; every part optional.", keys: [
        KeySpec("key", .matcher, "Matcher for the key.", example: "user_12345"),
        KeySpec("value", .matcher, "Matcher for the value (JSON, or text).", example: "{ reward: { $gte: 100 } }"),
        KeySpec("headers", .matcher, "Matcher for the headers.", example: "{ source: qa }"),
        KeySpec("partition", .matcher, "Matcher for the partition number.", example: "0"),
        KeySpec("$or", .list(.object("message")),
                "The message must also match at least one of these message matchers.",
                example: "[{ key: user_1 }, { headers: { source: qa } }]"),
    ])

    public static let latencyNames = ["p50", "p75", "p90", "p95", "p99", "p999", "max", "min", "mean"]

    public static let latency = MappingSpec("latency", "Send→receive latency bounds from message timestamps.",
                                            keys: latencyNames.map {
        KeySpec($0, .comparison, "Bound on the \($0 == "mean" || $0 == "max" || $0 == "min" ? $0 : "\($0) percentile") latency.",
                example: "\"< 100ms\"")
    })

    public static let processor = MappingSpec("processor", "A stub service: consume, transform, produce.", keys: [
        KeySpec("name", .string, required: true, "Processor name (shown in logs).", example: "action-processor"),
        KeySpec("from", .template, required: true, "Input topic.", example: "user_actions"),
        KeySpec("to", .template, required: true, "Output topic.", example: "notifications"),
        KeySpec("when", .object("message"), "Only input messages matching this are processed.",
                example: "{ value: { data: { action: SLOT_SPIN } } }"),
        KeySpec("emit", .object("emit"), required: true, "The output message; {{ in.key }}, {{ in.value... }} read the input.",
                example: "{ key: \"{{ in.key }}\", value: { reward: \"{{ in.value.bet * 2 }}\" } }"),
    ])

    public static let emit = MappingSpec("emit", "The message a processor produces.", keys: [
        KeySpec("key", .oneOf([.template, .null]), "Output key.", example: "\"{{ in.key }}\""),
        KeySpec("value", .anyValue, required: true, "Output value.", example: "{ event_type: reward }"),
        KeySpec("headers", .map(.template), "Output headers.", example: "{ source: stub }"),
        schemaReferenceKey("value_schema", "Encode the output value with this schema (Confluent framing)."),
        schemaReferenceKey("key_schema", "Encode the output key with this schema."),
    ])

    /// Every mapping kind, for generated docs and schema.
    public static let all: [MappingSpec] = [
        suite, singleScenarioSuite, topicDeclaration, scenario, step, produce, messageMatcher, latency, expect,
        expectNone, consumerGroup, consumerGroupExpect, cluster, topic, load, loadExpect, fault, rtt, requestErrors,
        processor, emit, schemaDeclaration, http, httpExpect, service, serviceReady, serviceStop, exec, execExpect,
        settle,
    ]

    public static func mapping(named name: String) -> MappingSpec? { all.first { $0.name == name } }
}
