/// `fault`: a fault injected into the embedded broker.
public enum FaultAction: Sendable {
    case brokerDown(Int)
    case brokerUp(Int)
    case rtt(broker: Int, delay: Duration)
    case requestErrors(api: String, errors: [String])
}

public struct FaultStep: Sendable {
    public var action: FaultAction
    public var duration: Duration?          // `for:`: undo after this long
}

extension FaultStep: BuildableStep {
    public static let stepKey = KeySpec("fault", .object("fault"), "Embedded broker only: broker down/up, round-trip delay, request errors.",
                                        example: "{ broker_down: 2, for: 3s }")
    static let mapping: MappingSpec? = FormatSpec.fault

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> FaultStep? {
        builder.fault(value, key: key)
    }

    public var summary: String { "fault" }
}

extension FormatSpec {
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
}

extension ModelBuilder {
    /// An error name to inject, spelled as librdkafka's mock cluster accepts it (any case, `RD_KAFKA_RESP_ERR_` and
    /// leading underscores optional); reports a name librdkafka does not have.
    fileprivate func knownInjectedError(_ node: Node) -> Bool {
        guard let text = node.scalarText else { return true }   // reported by stringList
        var name = text.uppercased()
        if name.hasPrefix("RD_KAFKA_RESP_ERR_") { name.removeFirst("RD_KAFKA_RESP_ERR_".count) }
        name = String(name.drop { $0 == "_" })
        if KafkaErrorNames.known.contains(name) { return true }
        report(node, "unknown librdkafka error name '\(text)'",
               help: Suggestion.help(for: name, in: KafkaErrorNames.all) ?? "e.g. NOT_LEADER_FOR_PARTITION, REQUEST_TIMED_OUT",
               length: text.count)
        return false
    }

    fileprivate func fault(_ node: Node, key: Node) -> FaultStep? {
        guard let f = fields(node, FormatSpec.fault, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let duration = f.has("for") ? self.duration(f["for"]) : nil
        var action: FaultAction?
        if f.has("broker_down") {
            action = integer(f["broker_down"], minimum: 1, what: "broker_down").map(FaultAction.brokerDown)
        } else if f.has("broker_up") {
            action = integer(f["broker_up"], minimum: 1, what: "broker_up").map(FaultAction.brokerUp)
        } else if let rttNode = f.has("rtt") ? f["rtt"] : nil, let r = fields(rttNode, FormatSpec.rtt, owner: f.keyNode("rtt")) {
            let broker = integer(r["broker"], minimum: 1, what: "broker")
            let delay = self.duration(r["delay"])
            if let broker, let delay { action = .rtt(broker: broker, delay: delay) }
        } else if let errorsNode = f.has("request_errors") ? f["request_errors"] : nil,
                  let r = fields(errorsNode, FormatSpec.requestErrors, owner: f.keyNode("request_errors")) {
            let api = string(r["api"])
            let errors = stringList(r["errors"], of: "error names")
            let known = (r["errors"]?.sequenceItems ?? []).allSatisfy(knownInjectedError)
            if let api, let errors, known { action = .requestErrors(api: api, errors: errors) }
        }
        guard let action, f.has("for") == (duration != nil) else { return nil }
        return FaultStep(action: action, duration: duration)
    }
}
