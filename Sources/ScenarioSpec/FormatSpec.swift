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
                "The scenarios; each becomes one JUnit testcase.", example: "[{ name: smoke, steps: [{ cluster: { brokers: \">= 1\" } }] }]"),
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
        KeySpec("requires", .enumeration(["external_broker"]),
                "external_broker: on the embedded broker the suite's scenarios are skipped with that reason (for a service whose Kafka client cannot use it).",
                example: "external_broker"),
    ]

    public static let service = MappingSpec("service", "A process of the system under test, run for the suite.", keys: [
        KeySpec("name", .string, required: true, "Service name: {{ services.NAME.port }}, its log file services/NAME.log.",
                example: "backend"),
        KeySpec("command", .list(.template), required: true,
                "The program and its arguments (argv, no shell); templates allowed; run in the scenario file's folder.",
                example: "[python3, app.py]"),
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
        KeySpec("steps", .list(.object("step")), required: true, "The steps, run in order.", example: "[{ produce: { topic: t, value: x } }]"),
    ])

    /// Keys any step may carry beside its one step key.
    public static let stepCommonKeys: [KeySpec] = [
        KeySpec("name", .string, "Step name shown in reports.", example: "send a spin"),
        KeySpec("expect_error", .errorName,
                "The step must fail: with any error, or with this librdkafka error name.", example: "TOPIC_EXCEPTION"),
    ]

    /// The step keys: each step holds exactly one of them.
    public static let stepKinds: [KeySpec] = [
        KeySpec("produce", .object("produce"), "Sends one or `count` messages; every delivery must be acknowledged.",
                example: "{ topic: user_actions, value: { event_type: spin } }"),
        KeySpec("expect", .object("expect"), "Consumes and matches expected messages, with timing assertions.",
                example: "{ topic: notifications, messages: [{ value: { event_type: reward } }], within: 5s }"),
        KeySpec("expect_none", .object("expect_none"), "Passes when no (matching) message arrives for a duration.",
                example: "{ topic: errors, for: 2s }"),
        KeySpec("consumer_group", .object("consumer_group"),
                "Runs consumers in one or more groups and asserts how messages were distributed.",
                example: "{ topic: game_events, groups: 2, members: 2, within: 10s }"),
        KeySpec("cluster", .object("cluster"), "Connects and asserts broker count, controller and connect time.",
                example: "{ brokers: \">= 1\", controller: true }"),
        KeySpec("topic", .object("topic"), "Describes a topic and asserts existence, partitions, replication, configs.",
                example: "{ name: game_events, partitions: 3 }"),
        KeySpec("create_topics", .list(.object("topic declaration")), "Creates topics as a step.",
                example: "[{ name: scratch, partitions: 2 }]"),
        KeySpec("delete_topics", .list(.string), "Deletes topics as a step.", example: "[scratch]"),
        KeySpec("load", .object("load"),
                "Produces N messages at a rate, reads them back, asserts throughput, latency, loss and duplicates.",
                example: "{ topic: analytics, messages: 10000, rate: 5000/s }"),
        KeySpec("parallel", .list(.object("step")), "Steps run concurrently; passes when all pass.",
                example: "[{ produce: { topic: a, value: x } }, { produce: { topic: b, value: y } }]"),
        KeySpec("fault", .object("fault"), "Embedded broker only: broker down/up, round-trip delay, request errors.",
                example: "{ broker_down: 2, for: 3s }"),
        KeySpec("sleep", .duration, "Waits a duration (discouraged: prefer `within`).", example: "1s"),
        KeySpec("http", .object("http"), "Sends an HTTP request to the system under test and checks the answer (2xx unless expect.status says otherwise).",
                example: "{ method: POST, url: \"{{ env.BACKEND_URL }}/spin\", json: { bet: 50 }, expect: { status: 200 } }"),
        KeySpec("exec", .object("exec"), "Runs a command (argv, no shell) and checks its exit status and output.",
                example: "{ command: [./load-fixtures.sh, \"{{ run.id }}\"], expect: { exit: 0 } }"),
    ]

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

    public static let produce = MappingSpec("produce", "Sends messages.", keys: [
        topicRef,
        KeySpec("key", .oneOf([.template, .null]), "Message key; null or absent: no key.", example: "\"{{ user }}\""),
        KeySpec("partition", .integer(minimum: 0), "Partition to send to; default: the partitioner decides.", example: "0"),
        KeySpec("headers", .map(.template), "Message headers.", example: "{ source: qa }"),
        KeySpec("value", .anyValue,
                "Payload: mapping/list → JSON, string → UTF-8, null → tombstone. Strings may be templates.",
                example: "{ event_type: user_action, user_id: \"{{ user }}\" }"),
        KeySpec("value_file", .string, "A file (relative to the scenario file) holding the payload; instead of value.",
                example: "fixtures/spin.json"),
        KeySpec("count", .integer(minimum: 1), default: "1", "How many messages; {{ index }} is 0..count-1.", example: "100"),
        KeySpec("rate", .rate(unlimited: true), "Pacing of sends; absent or unlimited: as fast as possible.", example: "500/s"),
        KeySpec("throughput", .comparison, "Assertion on acknowledged sends per second.", example: "\">= 10/s\""),
        KeySpec("within", .duration, "Every delivery must be acknowledged within this time.", example: "2s"),
    ], exactlyOneOf: [["value", "value_file"]])

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

    public static let expect = MappingSpec("expect", "Consumes and matches expected messages.", keys: [
        topicRef, from,
        KeySpec("group", .template, "Consume as a member of this group (subscribe); default: read partitions without a group.",
                example: "reward-checker"),
        KeySpec("messages", .list(.object("message")), "Expected messages; every one must be found.",
                example: "[{ key: user_12345, value: { event_type: reward_notification } }]"),
        KeySpec("count", .comparison,
                "Assertion on all messages seen in the window. An exact count or upper bound waits out within; \">= N\" ends at the Nth.",
                example: "\">= 1\""),
        KeySpec("order", .enumeration(Order.allCases.map(\.rawValue)), default: "any",
                "Order the expected messages must arrive in.", example: "strict"),
        KeySpec("exact", .boolean, default: "false", "true: a message matching no expectation fails the step.", example: "true"),
        KeySpec("within", .duration, "Deadline, and a timing assertion; default: the remaining scenario time.", example: "5s"),
        KeySpec("latency", .object("latency"), "Latency bounds.", example: "{ p95: \"< 100ms\" }"),
        KeySpec("throughput", .comparison, "Assertion on messages received per second.", example: "\">= 10/s\""),
        KeySpec("capture", .map(.string), "Names bound from the first matched message, usable later as {{ name }}.",
                example: "{ reward: value.reward }"),
        KeySpec("unique", .string,
                "A path (value.…, key, headers.…): no two messages seen in the window share its value; waits out within.",
                example: "value.order_id"),
    ])

    public static let expectNone = MappingSpec("expect_none", "Passes when no (matching) message arrives.", keys: [
        topicRef, from,
        KeySpec("for", .duration, required: true, "How long nothing may arrive.", example: "2s"),
        KeySpec("matching", .object("message"), "Only messages matching this must not arrive.",
                example: "{ value: { event_type: error } }"),
    ])

    public static let consumerGroup = MappingSpec("consumer_group", "Consumers in groups and how messages spread.", keys: [
        topicRef,
        KeySpec("groups", .integer(minimum: 1), default: "1", "Independent consumer groups.", example: "2"),
        KeySpec("members", .integer(minimum: 1), default: "1", "Consumers per group.", example: "2"),
        KeySpec("within", .duration, "Deadline for the distribution to be reached.", example: "10s"),
        KeySpec("expect", .object("consumer_group expect"), "Distribution assertions.",
                example: "{ per_group: all, per_member: \">= 1\", duplicates: 0 }"),
    ])

    public static let consumerGroupExpect = MappingSpec("consumer_group expect", "How messages must be distributed.", keys: [
        KeySpec("per_group", .oneOf([.enumeration(["all"]), .comparison]), default: "all",
                "all: every message produced to the topic in this scenario reaches each group; or a count comparison (an exact count or upper bound waits out within).",
                example: "all"),
        KeySpec("per_member", .comparison, "Messages each member of a group received (an exact count or upper bound waits out within).", example: "\">= 1\""),
        KeySpec("duplicates", .comparison, "Messages received twice inside one group, counted over what the group received until the step ended.", example: "0"),
    ])

    public static let cluster = MappingSpec("cluster", "Cluster facts and assertions; `- cluster:` alone just connects.", keys: [
        KeySpec("brokers", .comparison, "Broker count.", example: "\">= 1\""),
        KeySpec("controller", .boolean, "true: a controller must be known.", example: "true"),
        KeySpec("connect_within", .duration, "The connection must succeed within this time.", example: "5s"),
    ], acceptsNull: true)

    public static let topic = MappingSpec("topic", "Describes a topic and asserts its shape.", keys: [
        KeySpec("name", .template, required: true, "The topic.", example: "game_events"),
        KeySpec("exists", .boolean, default: "true", "Whether the topic must exist.", example: "true"),
        KeySpec("partitions", .comparison, "Partition count.", example: "3"),
        KeySpec("replication_factor", .comparison, "Replication factor.", example: "1"),
        KeySpec("config", .map(.string), "Configuration entries that must have these values.",
                example: "{ cleanup.policy: delete }"),
    ])

    public static let load = MappingSpec("load", "A load test: produce, read back, assert.", keys: [
        topicRef,
        KeySpec("messages", .integer(minimum: 1), required: true, "How many messages to produce.", example: "100000"),
        KeySpec("size", .integer(minimum: 1), default: "100", "Bytes of generated payload (instead of value).", example: "100"),
        KeySpec("value", .anyValue, "Payload template as in produce (instead of size); {{ index }} is the message number.",
                example: "{ n: \"{{ index }}\" }"),
        KeySpec("rate", .rate(unlimited: true), default: "unlimited", "Pacing of sends.", example: "5000/s"),
        KeySpec("within", .duration, "Deadline for producing and reading back.", example: "60s"),
        KeySpec("expect", .object("load expect"), "Assertions on the run.",
                example: "{ produce_throughput: \">= 10/s\", lost: 0 }"),
    ])

    public static let loadExpect = MappingSpec("load expect", "Assertions on a load run.", keys: [
        KeySpec("produce_throughput", .comparison, "Acknowledged sends per second.", example: "\">= 10/s\""),
        KeySpec("consume_throughput", .comparison, "Messages read back per second.", example: "\">= 10/s\""),
        KeySpec("latency", .object("latency"), "Send→receive latency bounds.", example: "{ p50: \"< 20ms\", p99: \"< 250ms\" }"),
        KeySpec("lost", .comparison, "Messages produced but never read back.", example: "0"),
        KeySpec("duplicates", .comparison, "Messages read back more than once.", example: "0"),
    ])

    public static let fault = MappingSpec("fault", "Embedded broker only: inject a fault.", keys: [
        KeySpec("broker_down", .integer(minimum: 1), "Take this broker id down.", example: "2"),
        KeySpec("broker_up", .integer(minimum: 1), "Bring this broker id back up.", example: "2"),
        KeySpec("rtt", .object("rtt"), "Add round-trip time to a broker.", example: "{ broker: 1, delay: 200ms }"),
        KeySpec("request_errors", .object("request_errors"), "Make a request type fail with these errors.",
                example: "{ api: Produce, errors: [NOT_LEADER_FOR_PARTITION] }"),
        KeySpec("for", .duration, "Undo the fault after this long.", example: "3s"),
    ], exactlyOneOf: [["broker_down", "broker_up", "rtt", "request_errors"]])

    public static let rtt = MappingSpec("rtt", "Added round-trip time.", keys: [
        KeySpec("broker", .integer(minimum: 1), required: true, "Broker id.", example: "1"),
        KeySpec("delay", .duration, required: true, "Added delay.", example: "200ms"),
    ])

    public static let requestErrors = MappingSpec("request_errors", "Injected request errors.", keys: [
        KeySpec("api", .string, required: true, "Request type, e.g. Produce, Fetch, Metadata.", example: "Produce"),
        KeySpec("errors", .list(.string), required: true, "Error names returned in order.",
                example: "[NOT_LEADER_FOR_PARTITION]"),
    ])

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
    ])

    public static let httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    public static let http = MappingSpec("http", "An HTTP request and what its answer must be; redirects are not followed.", keys: [
        KeySpec("method", .enumeration(httpMethods), default: "GET", "The request method.", example: "POST"),
        KeySpec("url", .template, required: true, "The URL (http or https).", example: "\"{{ env.BACKEND_URL }}/spin\""),
        KeySpec("headers", .map(.template), "Request headers.", example: "{ X-Request-Id: \"{{ uuid() }}\" }"),
        KeySpec("json", .anyValue, "A JSON body (sent with Content-Type: application/json unless headers give one); instead of body.",
                example: "{ user_id: \"{{ user }}\", bet: 50 }"),
        KeySpec("body", .template, "A text body; instead of json.", example: "\"ping\""),
        KeySpec("within", .duration, default: "10s", "Deadline of the whole request; no answer by then is an error (TIMED_OUT).",
                example: "5s"),
        KeySpec("expect", .object("http expect"), "What the answer must be; without status, a 2xx is required.",
                example: "{ status: 200, json: { accepted: true } }"),
        KeySpec("capture", .map(.string),
                "Names bound from the answer (json, json.PATH, body, status, headers.NAME), usable later as {{ name }}.",
                example: "{ spin: json.spin_id }"),
    ])

    public static let httpExpect = MappingSpec("http expect", "What an HTTP answer must be; every part optional.", keys: [
        KeySpec("status", .oneOf([.comparison, .list(.integer(minimum: 100))]),
                "The status: a number, a comparison (\"< 300\") or a list of accepted numbers; default: any 2xx.", example: "[200, 201]"),
        KeySpec("headers", .map(.matcher), "Matchers on response headers (names case-insensitive; values are text).",
                example: "{ Content-Type: { $regex: json } }"),
        KeySpec("json", .matcher, "Matcher on the body parsed as JSON.", example: "{ accepted: true, spin_id: { $type: string } }"),
        KeySpec("body", .matcher, "Matcher on the body as text.", example: "{ $contains: ok }"),
    ])

    public static let exec = MappingSpec("exec", "Runs a command to its end.", keys: [
        KeySpec("command", .list(.template), required: true,
                "The program and its arguments (argv, no shell); templates allowed; run in the scenario file's folder.",
                example: "[./load-fixtures.sh, \"{{ run.id }}\"]"),
        KeySpec("within", .duration, default: "30s", "Deadline: then its process group is killed and the step is an error.",
                example: "10s"),
        KeySpec("expect", .object("exec expect"), "What must hold; absent: exit status 0.",
                example: "{ exit: 0, stdout: { $regex: loaded } }"),
        KeySpec("capture", .map(.string),
                "Names bound from the output, usable later as {{ name }}: stdout (the text, trailing newline removed) or json.… (stdout parsed as JSON).",
                example: "{ fixture_id: json.id }"),
    ])

    public static let execExpect = MappingSpec("exec expect", "Expectations on a command's end.", keys: [
        KeySpec("exit", .comparison, "The exit status: a number or a comparison; absent: 0.", example: "\"!= 0\""),
        KeySpec("stdout", .matcher, "Matcher on stdout as text (a trailing newline removed).", example: "{ $regex: loaded }"),
        KeySpec("stderr", .matcher, "Matcher on stderr as text (a trailing newline removed).", example: "\"\""),
    ])

    /// Every mapping kind, for generated docs and schema.
    public static let all: [MappingSpec] = [
        suite, singleScenarioSuite, topicDeclaration, scenario, step, produce, messageMatcher, latency, expect,
        expectNone, consumerGroup, consumerGroupExpect, cluster, topic, load, loadExpect, fault, rtt, requestErrors,
        processor, emit, http, httpExpect, service, serviceReady, serviceStop, exec, execExpect,
    ]

    public static func mapping(named name: String) -> MappingSpec? { all.first { $0.name == name } }
}
