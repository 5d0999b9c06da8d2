/// Why a step failed, was skipped or could not run, as data: the kind and its values. `Failure.message`
/// and `details` hold the English text; reports in other languages word the reason
/// (Reports/FailureWording.swift). Matcher differences (`value.x: expected >= 100, got 50`), payloads
/// and librdkafka's error names and texts are kept as they are.
public enum FailureReason: Codable, Sendable, Equatable {
    /// `missing` of `expected` expected messages not found on `topic` within `within` (`seen` read);
    /// `closest`: the differences of the closest message seen; `unmet`: the first unmet expectations explained.
    case messagesNotFound(topic: String, missing: Int, expected: Int, seen: Int, within: String,
                          closest: [Difference], unmet: [UnmetMessage], moreUnmet: Int)
    /// A measured value broke its assertion. `metric`: the Metric name (e.g. "expect.count"); `topic` and
    /// `group` what it was measured on; `expected` the assertion as written; `actual` the value with its unit.
    case threshold(metric: String, topic: String?, group: Int?, expected: String, actual: String)
    /// Several assertions of one step broke (latency percentiles, load checks).
    case all([FailureReason])
    case deliveryTimeout(topic: String, acknowledged: Int, count: Int, within: String, unsent: Int)
    case slowAcknowledgement(slowest: String, within: String)
    case topicMissing(topic: String)
    case topicUnexpected(topic: String)
    case topicConfigDiffers(topic: String, differences: [ConfigDifference])
    /// `controller: true/false` did not hold; `actual` the controller id the cluster reports (nil: none).
    case controller(expected: Bool, actual: Int?)
    /// `expect_none`: a (matching) message arrived; the details show it.
    case unexpectedMessage(topic: String, matching: Bool)
    /// `exact: true`: a message matched no expected message.
    case unmatchedMessage
    case orderBroken(expected: Int, arrivedBefore: Int)
    case groupMissedMessages(group: Int, groups: Int, received: Int, produced: Int, topic: String, within: String)
    case memberCount(member: Int, group: Int, received: Int, expected: String, perMember: [Int])
    case captureMissing(name: String, path: String)
    /// `unique:`: `path` (or `key`) missing from the message at `at`.
    case uniqueMissing(path: String, topic: String, at: MessagePosition)
    /// `unique:`: `value` (compact JSON) of `path` seen twice on `topic`.
    case duplicate(path: String, value: String, topic: String, first: MessagePosition, second: MessagePosition)
    case noLatency(topic: String)
    /// Could not run: `expect_none` for `duration` does not fit in the scenario's `remaining` time.
    case windowDoesNotFit(duration: String, remaining: String)
    /// Could not run: `per_group: all` on `topic` with nothing produced to it earlier in the scenario.
    case nothingProducedBefore(topic: String)
    /// Could not run: `value_file` cannot be read.
    case unreadableValueFile(path: String)
    /// `expect_error` with no error; `expected` nil for `any`.
    case expectedErrorMissing(expected: String?)
    /// `expect_error` got another error: `message` is librdkafka's text.
    case wrongError(expected: String, actual: String, message: String)
    /// `expect_failure` but every assertion held.
    case unexpectedPass(reason: String)
    /// Skipped: the embedded broker (librdkafka's mock cluster) cannot do what the step checks.
    case embeddedCannot(EmbeddedLimit)
    /// Skipped by `--tag` (has none of `tags`), `--skip-tag` (`tag`) or `--filter` (the name lacks `filter`).
    case filteredByTags(tags: [String])
    case filteredBySkipTag(tag: String)
    case filteredByName(filter: String)
    /// Not run: `--fail-fast` stopped the run after a failure.
    case stoppedByFailFast
    /// Not run: the run was interrupted (`why`: e.g. "SIGINT received").
    case interrupted(why: String)
    /// Skipped: `fault` needs the embedded broker; the run uses `bootstrapServers`.
    case faultNeedsEmbedded(bootstrapServers: String)
    case processorFailed(processor: String, problem: String)
    /// The broker stopped answering while a step read `topic`: nothing read can be trusted. `detail`: librdkafka's words.
    case lostWhileReading(embedded: Bool, bootstrapServers: String, topic: String, detail: String)
    /// Not run: the broker stopped answering in an earlier scenario and still does not answer.
    case notRunBrokerLost(bootstrapServers: String, detail: String)
    /// The scenario failed and the broker no longer answers: the broker is the cause; `then` the failure
    /// seen (its reason when it had one, else its English message in `thenMessage`).
    /// `consumer_group` received too little: `holding`, per group, the partitions each member held when the
    /// window closed; `slowMock`: on librdkafka 2.0.2's embedded broker, whose groups form slowly.
    indirect case groupForming(holding: [[Int]], slowMock: Bool, then: FailureReason?)
    indirect case brokerStoppedAnswering(bootstrapServers: String, detail: String, then: FailureReason?, thenMessage: String)
    /// `expect`'s `schema:`: a matched message was written with another schema id (nil: not framed).
    case wrongSchema(schema: String, expectedID: Int32, writtenID: Int32?, topic: String, at: MessagePosition)
    /// `expect`'s `schema:` with a Protobuf schema: the id is right (one .proto, one id) but the frame's message
    /// indexes name another message of the file.
    case wrongMessage(schema: String, id: Int32, expectedMessage: String, writtenMessage: String, topic: String, at: MessagePosition)
    /// A key or value does not fit its declared schema; `problem`: the codec's words, naming the field path.
    case schemaMisfit(role: String, schema: String, problem: String)
    /// Could not run: a `$regex` search spent its time budget (`budget`) on one message, so nothing was decided.
    case regexOverBudget(pattern: String, budget: String)
    /// Error: the scenario's `timeout` (`available`, or --timeout or an interrupt) ended a window of `window` that
    /// only its whole length could prove (an exact count, an upper bound, `exact: true`, `unique:`, `expect_none`).
    case windowCutShort(window: String, available: String)
    /// Error: `why` (--timeout, a signal) interrupted, `after` this long, a window (`within`/`for` of `window`) that
    /// only its whole length could prove.
    case windowInterrupted(window: String, after: String, why: String)
    /// `expect` ended with no message at all, but its `capture:` needs one.
    case captureWithoutMessage(name: String)
    /// Could not run: `settle:` names a consumer group the coordinator does not know.
    case settleGroupUnknown(group: String)
    /// Could not run: `settle: service` in a suite where not exactly one service names `ready.group`
    /// (`services`: those that do).
    case settleNeedsServiceGroup(services: [String])
    /// A service ended badly when the runner stopped it (before its grace ran out): `exitCode` non-zero, or
    /// `signal` other than the one it was sent. A crash on shutdown is a defect of the service.
    case serviceFailedOnStop(service: String, exitCode: Int?, signal: Int?)
}

public struct UnmetMessage: Codable, Sendable, Equatable {
    /// 1-based position among the step's expected messages, and its line in the scenario file.
    public var index: Int
    public var line: Int
    /// The closest message seen (pretty JSON), nil when no message was seen.
    public var closest: String?
    public var differences: [Difference]
    public init(index: Int, line: Int, closest: String?, differences: [Difference]) {
        self.index = index
        self.line = line
        self.closest = closest
        self.differences = differences
    }
}

/// One difference between an expected message and one seen: `value.data.bet_amount`, `>= 100`, `50`.
/// `expected` and `actual` are the matcher's own text (operators, values).
public struct Difference: Codable, Sendable, Equatable {
    public var path: String
    public var expected: String
    public var actual: String
    public init(path: String, expected: String, actual: String) {
        self.path = path
        self.expected = expected
        self.actual = actual
    }
}

/// Where a message was read: partition and offset as the message view shows them.
public struct MessagePosition: Codable, Sendable, Equatable {
    public var partition: String
    public var offset: String
    public init(partition: String, offset: String) {
        self.partition = partition
        self.offset = offset
    }
}

public struct ConfigDifference: Codable, Sendable, Equatable {
    public var key: String
    public var expected: String
    public var actual: String?
    public init(key: String, expected: String, actual: String?) {
        self.key = key
        self.expected = expected
        self.actual = actual
    }
}

public enum EmbeddedLimit: String, Codable, Sendable {
    case replication, describeConfigs, deleteTopics
    case controller
}
