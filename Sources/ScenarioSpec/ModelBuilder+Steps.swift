/// Steps: the one-step-key rule, then one builder per step kind.
extension ModelBuilder {
    static let stepKindNames = FormatSpec.stepKinds.map(\.name)
    static let stepKindSpecs: [MappingSpec] = [
        FormatSpec.produce, FormatSpec.expect, FormatSpec.expectNone, FormatSpec.consumerGroup, FormatSpec.cluster,
        FormatSpec.topic, FormatSpec.load, FormatSpec.fault, FormatSpec.http, FormatSpec.exec,
    ]

    func step(_ node: Node, scope: TemplateScope) -> Step? {
        guard let pairs = node.mappingPairs else {
            report(node, "expected a step (a mapping with one step key), got \(node.describedValue)",
                   help: "e.g. '- produce: { topic: orders, value: x }'; step keys: " + Self.stepKindNames.joined(separator: ", "))
            return nil
        }
        let common = Set(FormatSpec.stepCommonKeys.map(\.name))
        var kinds: [(key: Node, value: Node)] = []
        var unknown = false
        for pair in pairs {
            let name = pair.key.scalarText ?? ""
            if Self.stepKindNames.contains(name) { kinds.append(pair); continue }
            if common.contains(name) { continue }
            unknown = true
            if let suggestion = Suggestion.closest(to: name, in: Self.stepKindNames + Array(common)) {
                report(pair.key, "unknown step key '\(name)'", help: "did you mean '\(suggestion)'?", length: pair.key.length)
            } else if FormatSpec.scenario.key(name) != nil {
                report(pair.key, "'\(name)' is a key of the scenario, not of a step",
                       help: "move it out of the step list: write it at the indentation of 'steps:'", length: pair.key.length)
            } else if let owner = Self.stepKindSpecs.first(where: { $0.key(name) != nil }) {
                let under = kinds.first?.key.scalarText ?? pairs.first { Self.stepKindNames.contains($0.key.scalarText ?? "") }?.key.scalarText
                report(pair.key, "'\(name)' is not a step key",
                       help: under.map { "indent it under '\($0):' — it is a key of \(owner.name)" }
                           ?? "it is a key of \(owner.name); write it under '\(owner.name):'",
                       length: pair.key.length)
            } else {
                report(pair.key, "unknown step key '\(name)'",
                       help: "step keys: " + Self.stepKindNames.joined(separator: ", "), length: pair.key.length)
            }
        }
        if kinds.count > 1 {
            let names = kinds.map { "'\($0.key.scalarText ?? "")'" }
            let first = kinds[0].key.scalarText ?? ""
            let help = kinds[0].value.isNull
                ? "'\(first):' is empty: indent the keys below it to put them inside \(first)"
                : "split them into separate steps, each starting with '- '"
            report(kinds[1].key, "a step has exactly one step key, but this one has \(names.joined(separator: " and "))",
                   help: help, length: kinds[1].key.length)
            return nil
        }
        guard let kind = kinds.first else {
            if !unknown {
                report(node, "step has no step key",
                       help: "add one of: " + Self.stepKindNames.joined(separator: ", "))
            }
            return nil
        }
        let (body, inside) = splitStepKeysInside(kind)
        var given: [String: (key: Node, value: Node)] = [:]
        var twice = false
        for pair in pairs + inside {
            let key = pair.key.scalarText ?? ""
            guard common.contains(key) else { continue }
            if let first = given[key] {
                let later = (pair.key.location.line, pair.key.location.column)
                    < (first.key.location.line, first.key.location.column) ? first.key : pair.key
                report(later, "'\(key)' is given twice for this step: beside '\(kind.key.scalarText ?? "")' and inside it",
                       help: "keep one of them", length: later.length)
                twice = true
            } else {
                given[key] = pair
            }
        }
        let name = given["name"].flatMap { string($0.value) }
        let errorNode = given["expect_error"]?.value
        let expectError = errorExpectation(errorNode)
        guard let stepKind = stepKind(kind.key, body, scope: scope), !twice,
              (errorNode == nil) == (expectError == nil) else { return nil }
        return Step(name: name, expectError: expectError, kind: stepKind, location: kind.key.location)
    }

    /// The step kind's mapping without the common step keys written inside it, and those keys.
    private func splitStepKeysInside(_ kind: (key: Node, value: Node)) -> (body: Node, inside: [(key: Node, value: Node)]) {
        guard let pairs = kind.value.mappingPairs,
              let spec = Self.stepKindSpecs.first(where: { kind.key.scalarText == $0.name }) else { return (kind.value, []) }
        let names = Set(FormatSpec.stepKeysInside(spec).map(\.name))
        let inside = pairs.filter { names.contains($0.key.scalarText ?? "") }
        guard !inside.isEmpty else { return (kind.value, []) }
        let rest = pairs.filter { !names.contains($0.key.scalarText ?? "") }
        var body = kind.value
        body.kind = .mapping(rest)
        return (body, inside)
    }

    private func stepKind(_ key: Node, _ value: Node, scope: TemplateScope) -> StepKind? {
        switch key.scalarText ?? "" {
        case "produce": return produce(value, key: key, scope: scope).map(StepKind.produce)
        case "expect": return expect(value, key: key, scope: scope).map(StepKind.expect)
        case "expect_none": return expectNone(value, key: key, scope: scope).map(StepKind.expectNone)
        case "consumer_group": return consumerGroup(value, key: key, scope: scope).map(StepKind.consumerGroup)
        case "cluster": return cluster(value, key: key).map(StepKind.cluster)
        case "topic": return topicStep(value, key: key, scope: scope).map(StepKind.topic)
        case "create_topics":
            guard let items = list(value, of: "topic declarations") else { return nil }
            let topics = items.compactMap(topicDeclaration)
            return topics.count == items.count ? .createTopics(topics) : nil
        case "delete_topics":
            guard let names = stringList(value, of: "topic names") else { return nil }
            names.forEach { usage.topicsUsed.insert($0) }
            return .deleteTopics(names)
        case "load": return load(value, key: key, scope: scope).map(StepKind.load)
        case "parallel":
            guard let items = list(value, of: "steps") else { return nil }
            if items.isEmpty { report(key, "parallel needs at least one step", length: key.length) }
            let steps = items.compactMap { step($0, scope: scope) }
            return steps.count == items.count ? .parallel(steps) : nil
        case "fault": return fault(value, key: key).map(StepKind.fault)
        case "http": return http(value, key: key, scope: scope).map(StepKind.http)
        case "exec": return exec(value, key: key, scope: scope).map(StepKind.exec)
        case "sleep":
            warn(key, "sleep makes scenarios slow and flaky",
                 help: "prefer 'within:' on the step that waits for something to happen")
            return duration(value).map(StepKind.sleep)
        default: return nil
        }
    }

    /// The topic a step reads or writes, remembered for the "declared topic never used" warning.
    func topicRef(_ node: Node?, scope: TemplateScope) -> ValueTemplate? {
        guard let t = template(node, scope: scope) else { return nil }
        if case .literal(.string(let name)) = t {
            usage.topicsUsed.insert(name)
            if let node { usage.topicReferences.append((name, node)) }
        } else {
            usage.topicUseIsDynamic = true
        }
        return t
    }

    private func produce(_ node: Node, key: Node, scope: TemplateScope) -> ProduceStep? {
        guard let f = fields(node, FormatSpec.produce, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let count = integer(f["count"], minimum: 1, what: "count")
        var inner = scope
        inner.index = f.has("count")
        let topic = topicRef(f["topic"], scope: inner)
        let messageKey = f.has("key") ? template(f["key"], scope: inner, nullable: true) : nil
        let partition = f.has("partition") ? integer(f["partition"], minimum: 0, what: "partition") : nil
        let headers = f.has("headers") ? templateMap(f["headers"], scope: inner) : []
        let payload = payload(f, scope: inner)
        let rate = f.has("rate") ? rate(f["rate"], unlimited: true) : .some(nil)
        let throughput = f.has("throughput") ? comparison(f["throughput"]) : nil
        let within = f.has("within") ? duration(f["within"]) : nil
        guard let topic, let count, let headers, let payload, let rate,
              f.has("key") == (messageKey != nil), f.has("partition") == (partition != nil),
              f.has("throughput") == (throughput != nil), f.has("within") == (within != nil) else { return nil }
        return ProduceStep(topic: topic, key: messageKey, partition: partition, headers: headers, payload: payload,
                           count: count, rate: rate, throughput: throughput, within: within)
    }

    private func payload(_ f: Fields, scope: TemplateScope) -> Payload? {
        if f.has("value") && f.has("value_file") { return nil }   // reported by fields()
        if f.has("value") { return value(f["value"], scope: scope).map(Payload.value) }
        guard let node = f["value_file"], let path = string(node) else { return nil }
        let resolved = path.hasPrefix("/") || directory.isEmpty ? path : "\(directory)/\(path)"
        guard fileExists(resolved) else {
            report(node, "value_file '\(path)' does not exist (looked for \(resolved))",
                   help: "the path is relative to the scenario file")
            return nil
        }
        return .file(path: resolved, location: node.location)
    }

    func messageMatcher(_ node: Node?, scope: TemplateScope) -> MessageMatcher? {
        guard let node, let f = fields(node, FormatSpec.messageMatcher) else { return nil }
        var ok = true
        func part(_ name: String) -> Matcher? {
            guard let partNode = f[name] else { return nil }
            checkTemplates(in: partNode, scope: scope)
            let m = catching(partNode) { try MessageMatcher.compilePart(name, partNode) }
            if m == nil { ok = false }
            return m
        }
        var alternatives: [MessageMatcher] = []
        if f.has("$or"), let orNode = f["$or"] {
            let items = list(orNode, of: "message matchers")
            if items?.isEmpty == true {
                report(orNode, "$or needs at least one message matcher",
                       help: "for example $or: [{ key: user_1 }, { headers: { source: qa } }]")
            }
            alternatives = (items ?? []).compactMap { messageMatcher($0, scope: scope) }
            if items == nil || items?.isEmpty == true || alternatives.count != items?.count { ok = false }
        }
        let result = MessageMatcher(key: part("key"), value: part("value"), headers: part("headers"),
                                    partition: part("partition"), anyOf: alternatives, location: node.location)
        return ok ? result : nil
    }

    private func latency(_ node: Node?, owner: Node?) -> LatencyAssertion? {
        guard let node, let f = fields(node, FormatSpec.latency, owner: owner) else { return nil }
        var checks: [(percentile: String, comparison: Comparison)] = []
        var ok = true
        for name in FormatSpec.latencyNames where f.has(name) {
            if let c = durationComparison(f[name]) { checks.append((percentile: name, comparison: c)) } else { ok = false }
        }
        return ok ? LatencyAssertion(checks: checks) : nil
    }

    private func expect(_ node: Node, key: Node, scope: TemplateScope) -> ExpectStep? {
        guard let f = fields(node, FormatSpec.expect, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let topic = topicRef(f["topic"], scope: scope)
        let from = enumeration(f["from"], StartPosition.self, what: "from")
        let group = f.has("group") ? template(f["group"], scope: scope) : nil
        let messageNodes = f.has("messages") ? list(f["messages"], of: "expected messages") : []
        let messages = (messageNodes ?? []).compactMap { messageMatcher($0, scope: scope) }
        let count = f.has("count") ? comparison(f["count"]) : nil
        let order = enumeration(f["order"], Order.self, what: "order")
        let exact = bool(f["exact"])
        let within = f.has("within") ? duration(f["within"]) : nil
        let latency = f.has("latency") ? latency(f["latency"], owner: f.keyNode("latency")) : nil
        let throughput = f.has("throughput") ? comparison(f["throughput"]) : nil
        let capture = f.has("capture") ? messageCaptures(f["capture"]) : []
        let unique = f.has("unique") ? uniquePath(f["unique"]) : nil
        if !f.has("within") { warnNoWithin(key, count: count, countNode: f["count"], unique: f.keyNode("unique")) }
        guard let topic, let from, let messageNodes, messages.count == messageNodes.count, let order, let exact,
              f.has("group") == (group != nil), f.has("count") == (count != nil), f.has("within") == (within != nil),
              f.has("latency") == (latency != nil), f.has("throughput") == (throughput != nil),
              f.has("unique") == (unique != nil), let capture else { return nil }
        return ExpectStep(topic: topic, from: from, group: group, messages: messages, count: count, order: order,
                          exact: exact, within: within, latency: latency, throughput: throughput, capture: capture,
                          unique: unique)
    }

    /// An expect without `within` waits up to the rest of the scenario; one that must wait out its
    /// window (an exact count, an upper bound, unique) always waits that long.
    private func warnNoWithin(_ key: Node, count: Comparison?, countNode: Node?, unique: Node?) {
        if let count, count.isProvenByWaiting, let countNode {
            let what = count.op == .eq ? "an exact count" : "an upper bound"
            let next = count.op == .eq ? " to prove that no more than \(count.formattedValue) arrive" : ""
            warn(countNode, "count: \(count) is \(what): without 'within' it waits until the scenario's timeout\(next)",
                 help: count.op == .eq ? "add a window, e.g. 'within: 2s', or write count: \">= \(count.formattedValue)\" if more messages are fine"
                                       : "add a window, e.g. 'within: 2s'")
        } else if let unique {
            warn(unique, "unique waits out its window: without 'within' it waits until the scenario's timeout",
                 help: "add a window, e.g. 'within: 2s'")
        } else {
            warn(key, "expect has no 'within': it waits up to the rest of the scenario's timeout",
                 help: "add a deadline, e.g. 'within: 5s'")
        }
    }

    private func expectNone(_ node: Node, key: Node, scope: TemplateScope) -> ExpectNoneStep? {
        guard let f = fields(node, FormatSpec.expectNone, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let topic = topicRef(f["topic"], scope: scope)
        let from = enumeration(f["from"], StartPosition.self, what: "from")
        let duration = duration(f["for"])
        let matching = f.has("matching") ? messageMatcher(f["matching"], scope: scope) : nil
        guard let topic, let from, let duration, f.has("matching") == (matching != nil) else { return nil }
        return ExpectNoneStep(topic: topic, from: from, duration: duration, matching: matching)
    }

    private func consumerGroup(_ node: Node, key: Node, scope: TemplateScope) -> ConsumerGroupStep? {
        guard let f = fields(node, FormatSpec.consumerGroup, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let topic = topicRef(f["topic"], scope: scope)
        let groups = integer(f["groups"], minimum: 1, what: "groups")
        let members = integer(f["members"], minimum: 1, what: "members")
        let within = f.has("within") ? duration(f["within"]) : nil
        let expectNode = f["expect"] ?? Node(.mapping([]), at: node.location)
        guard let e = fields(expectNode, FormatSpec.consumerGroupExpect, owner: f.keyNode("expect")) else { return nil }
        var perGroup: GroupExpectation?
        if let g = e["per_group"] {
            if g.scalarText == "all" {
                perGroup = .all
            } else if g.scalarText.flatMap(Comparison.parse) != nil || g.scalarValue?.doubleValue != nil {
                perGroup = comparison(g).map(GroupExpectation.count)
            } else {
                report(g, "expected 'all' or a comparison like \">= 10\" for per_group, got \(g.describedValue)",
                       help: "all: every message produced to the topic in this scenario reaches each group")
            }
        }
        if case .all? = perGroup, case .literal(.string(let name))? = topic {
            usage.perGroupAll.append((topic: name, node: e.keyNode("per_group") ?? key))
        }
        let perMember = e.has("per_member") ? comparison(e["per_member"]) : nil
        let duplicates = e.has("duplicates") ? comparison(e["duplicates"]) : nil
        guard let topic, let groups, let members, let perGroup, f.has("within") == (within != nil),
              e.has("per_member") == (perMember != nil), e.has("duplicates") == (duplicates != nil) else { return nil }
        return ConsumerGroupStep(topic: topic, groups: groups, members: members, within: within, perGroup: perGroup,
                                 perMember: perMember, duplicates: duplicates)
    }

    private func cluster(_ node: Node, key: Node) -> ClusterStep? {
        let value = node.isNull ? Node(.mapping([]), at: node.location) : node
        guard let f = fields(value, FormatSpec.cluster, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let brokers = f.has("brokers") ? comparison(f["brokers"]) : nil
        let controller = f.has("controller") ? bool(f["controller"]) : nil
        let connect = f.has("connect_within") ? duration(f["connect_within"]) : nil
        guard f.has("brokers") == (brokers != nil), f.has("controller") == (controller != nil),
              f.has("connect_within") == (connect != nil) else { return nil }
        return ClusterStep(brokers: brokers, controller: controller, connectWithin: connect)
    }

    private func topicStep(_ node: Node, key: Node, scope: TemplateScope) -> TopicStep? {
        guard let f = fields(node, FormatSpec.topic, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let name = topicRef(f["name"], scope: scope)
        let exists = bool(f["exists"])
        let partitions = f.has("partitions") ? comparison(f["partitions"]) : nil
        let replication = f.has("replication_factor") ? comparison(f["replication_factor"]) : nil
        let config = f.has("config") ? stringMap(f["config"]) : []
        guard let name, let exists, let config, f.has("partitions") == (partitions != nil),
              f.has("replication_factor") == (replication != nil) else { return nil }
        return TopicStep(name: name, exists: exists, partitions: partitions, replicationFactor: replication, config: config)
    }

    private func load(_ node: Node, key: Node, scope: TemplateScope) -> LoadStep? {
        guard let f = fields(node, FormatSpec.load, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        var inner = scope
        inner.index = true
        let topic = topicRef(f["topic"], scope: inner)
        let messages = integer(f["messages"], minimum: 1, what: "messages")
        var payload: LoadPayload?
        if f.has("size"), f.has("value"), let second = f.keyNode("value") {
            report(second, "'size' and 'value' cannot be used together in load",
                   help: "size generates a payload of that many bytes; value gives the payload itself", length: second.length)
        } else if f.has("value") {
            payload = value(f["value"], scope: inner).map(LoadPayload.value)
        } else {
            payload = integer(f["size"], minimum: 1, what: "size").map { LoadPayload.generated(size: $0) }
        }
        let rate = rate(f["rate"], unlimited: true)
        let within = f.has("within") ? duration(f["within"]) : nil
        var expectations: Fields?
        if let e = f["expect"] { expectations = fields(e, FormatSpec.loadExpect, owner: f.keyNode("expect")) }
        let e = expectations
        let produceThroughput = e?.has("produce_throughput") == true ? comparison(e?["produce_throughput"]) : nil
        let consumeThroughput = e?.has("consume_throughput") == true ? comparison(e?["consume_throughput"]) : nil
        let latency = e?.has("latency") == true ? latency(e?["latency"], owner: e?.keyNode("latency")) : nil
        let lost = e?.has("lost") == true ? comparison(e?["lost"]) : nil
        let duplicates = e?.has("duplicates") == true ? comparison(e?["duplicates"]) : nil
        func complete(_ key: String, _ value: Any?) -> Bool { e?.has(key) != true || value != nil }
        guard let topic, let messages, let payload, let rate, f.has("within") == (within != nil),
              f.has("expect") == (e != nil),
              complete("produce_throughput", produceThroughput), complete("consume_throughput", consumeThroughput),
              complete("latency", latency), complete("lost", lost), complete("duplicates", duplicates) else { return nil }
        return LoadStep(topic: topic, messages: messages, payload: payload, rate: rate,
                        produceThroughput: produceThroughput, consumeThroughput: consumeThroughput, latency: latency,
                        lost: lost, duplicates: duplicates, within: within)
    }

    /// An error name to inject, spelled as librdkafka's mock cluster accepts it (any case, `RD_KAFKA_RESP_ERR_` and
    /// leading underscores optional); reports a name librdkafka does not have.
    private func knownInjectedError(_ node: Node) -> Bool {
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

    private func fault(_ node: Node, key: Node) -> FaultStep? {
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
