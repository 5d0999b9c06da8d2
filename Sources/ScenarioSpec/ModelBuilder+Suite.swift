/// Suites, scenarios, topic declarations and processors.
extension ModelBuilder {
    func buildSuite(_ root: Node) -> Suite? {
        guard let pairs = root.mappingPairs else {
            report(root, "expected a suite (a mapping) at the top of the file, got \(root.kindDescription)",
                   help: root.sequenceItems != nil
                       ? "put the list under 'scenarios:' (or under 'steps:' with a 'name:' for a single scenario)"
                       : "a file is a mapping with 'scenarios:', or 'name:' and 'steps:'")
            return nil
        }
        let keys = Set(pairs.compactMap { $0.key.scalarText })
        let single = !keys.contains("scenarios") && (keys.contains("steps") || keys.contains("name"))
        let spec = single ? FormatSpec.singleScenarioSuite : FormatSpec.suite
        guard let f = fields(root, spec, siblings: [FormatSpec.scenario, FormatSpec.suite]) else { return nil }

        let varPairs = f["vars"].flatMap { node -> [(key: Node, value: Node)]? in
            if let pairs = node.mappingPairs { return pairs }
            report(node, "expected a mapping of names to values for vars, got \(node.describedValue)",
                   help: "e.g. vars: { user: user_12345 }")
            return nil
        } ?? []
        let varNames = Set(varPairs.compactMap { $0.key.scalarText }).union(knownVariables)
        let scope = TemplateScope(names: varNames)
        var vars: [(name: String, value: ValueTemplate)] = []
        for pair in varPairs {
            if let value = value(pair.value, scope: scope) { vars.append((name: pair.key.scalarText ?? "", value: value)) }
        }

        let schemas = schemaDeclarations(f["schemas"], scope: scope)
        let topics = (list(f["topics"], of: "topic declarations") ?? []).compactMap(topicDeclaration)
        let processors = (list(f["processors"], of: "processors") ?? []).compactMap { processor($0, names: varNames) }
        usage.suiteProcessorOutputs = processors.map(\.to)
        let services = (list(f["services"], of: "services") ?? []).compactMap { service($0, scope: scope) }
        checkDuplicateServices(f["services"])
        let requiresExternal = f.has("requires") ? enumerationWord(f["requires"], ["external_broker"], what: "requires") : nil
        let suiteName = f.has("suite") ? string(f["suite"]) : nil
        let description = f.has("description") ? string(f["description"]) : nil
        let tags = f.has("tags") ? stringList(f["tags"], of: "tags") ?? [] : []

        var scenarios: [Scenario] = []
        if single {
            if let s = scenario(root, fields: f, names: varNames) { scenarios.append(s) }
        } else if let items = list(f["scenarios"], of: "scenarios") {
            if items.isEmpty, let key = f.keyNode("scenarios") {
                report(key, "a suite needs at least one scenario", help: "add '- name: ...' with its steps under 'scenarios:'")
            }
            var firstLine: [String: Int] = [:]
            for item in items {
                guard let sf = fields(item, FormatSpec.scenario, siblings: [FormatSpec.suite]),
                      let s = scenario(item, fields: sf, names: varNames) else { continue }
                if let line = firstLine[s.name], let nameNode = sf["name"] {
                    report(nameNode, "duplicate scenario name '\(s.name)' (first at line \(line))",
                           help: "scenario names must be unique within a suite: they name the JUnit testcases")
                }
                firstLine[s.name] = firstLine[s.name] ?? s.location.line
                scenarios.append(s)
            }
        }
        checkUndeclaredTopics(declared: topics)
        checkNamedReferences(topics: topics, servicesNode: f["services"])
        checkSchemaReferences(schemasNode: f["schemas"])
        warnUnused(varPairs: varPairs, topics: topics)
        var suite = Suite(file: file, name: suiteName ?? Self.humanize(fileName: file), description: description,
                     tags: single ? [] : tags, vars: vars, topics: topics, processors: processors,
                     scenarios: scenarios, location: root.location, services: services,
                     requiresExternalBroker: requiresExternal != nil)
        suite.schemas = schemas
        if f.has("traceparent") { suite.sendsTraceparent = bool(f["traceparent"]) ?? true }
        return suite
    }

    func scenario(_ node: Node, fields f: Fields, names: Set<String>) -> Scenario? {
        let single = f.spec.name != FormatSpec.scenario.name
        let name = string(f["name"])
        let description = f.has("description") ? string(f["description"]) : nil
        let tags = f.has("tags") ? stringList(f["tags"], of: "tags") ?? [] : []
        let timeout = duration(f["timeout"])
        let expectFailure = f.has("expect_failure") ? string(f["expect_failure"]) : nil
        let retries = f.has("retries") ? integer(f["retries"], minimum: 0, what: "retries") : nil
        let processors = single ? [] : (list(f["processors"], of: "processors") ?? []).compactMap { processor($0, names: names) }
        let stepNodes = list(f["steps"], of: "steps") ?? []
        if let items = f["steps"]?.sequenceItems, items.isEmpty, let key = f.keyNode("steps") {
            report(key, "a scenario needs at least one step", help: "add a step under 'steps:', e.g. '- produce: ...'")
        }
        usage.scenarioCaptures = captures(inSteps: stepNodes)
        var scope = TemplateScope(names: names.union(TemplateScope.scenarioBuiltins))
        var steps: [Step] = []
        for stepNode in stepNodes {
            usage.pendingCaptures = []
            if let s = step(stepNode, scope: scope) { steps.append(s) }
            scope.names.formUnion(usage.pendingCaptures)
        }
        usage.scenarioCaptures = [:]
        checkPerGroupAll(steps: steps, processors: processors)
        if let timeout { checkWindowsFit(steps, timeout: timeout) }
        guard let name, let timeout, f.has("steps"), f.has("retries") == (retries != nil) else { return nil }
        return Scenario(name: name, description: description, tags: tags, timeout: timeout,
                        processors: processors, steps: steps, location: node.location, expectFailure: expectFailure,
                        retries: retries)
    }

    func topicDeclaration(_ node: Node) -> TopicDeclaration? {
        guard let f = fields(node, FormatSpec.topicDeclaration) else { return nil }
        let name = string(f["name"])
        let partitions = integer(f["partitions"], minimum: 1, what: "partitions")
        let replication = integer(f["replication_factor"], minimum: 1, what: "replication_factor")
        let config = f.has("config") ? stringMap(f["config"]) : []
        let isolate = bool(f["isolate"])
        guard let name, let partitions, let replication, let config, let isolate else { return nil }
        return TopicDeclaration(name: name, partitions: partitions, replicationFactor: replication,
                                config: config, isolate: isolate, location: node.location)
    }

    func processor(_ node: Node, names: Set<String>) -> ProcessorDeclaration? {
        guard let f = fields(node, FormatSpec.processor) else { return nil }
        var scope = TemplateScope(names: names.union(TemplateScope.scenarioBuiltins))
        scope.input = true
        let name = string(f["name"])
        let from = topicRef(f["from"], scope: scope)
        let to = topicRef(f["to"], scope: scope)
        let when = f.has("when") ? messageMatcher(f["when"], scope: scope) : nil
        guard let emitNode = f["emit"], let e = fields(emitNode, FormatSpec.emit, owner: f.keyNode("emit")) else { return nil }
        let key = e.has("key") ? template(e["key"], scope: scope, nullable: true) : nil
        let value = value(e["value"], scope: scope)
        let headers = e.has("headers") ? templateMap(e["headers"], scope: scope) : []
        let valueSchema = e.has("value_schema") ? schemaReference(e["value_schema"]) : nil
        let keySchema = e.has("key_schema") ? schemaReference(e["key_schema"]) : nil
        guard let name, let from, let to, let value, let headers, f.has("when") == (when != nil),
              e.has("key") == (key != nil), e.has("value_schema") == (valueSchema != nil),
              e.has("key_schema") == (keySchema != nil) else { return nil }
        var processor = ProcessorDeclaration(name: name, from: from, to: to, when: when, emitKey: key, emitValue: value,
                                             emitHeaders: headers, location: node.location)
        processor.emitValueSchema = valueSchema
        processor.emitKeySchema = keySchema
        processor.emitValueNode = e["value"]
        processor.emitKeyNode = e["key"]
        return processor
    }

    private func checkDuplicateServices(_ node: Node?) {
        var seen = Set<String>()
        for item in node?.sequenceItems ?? [] {
            guard let nameNode = item.mappingPairs?.first(where: { $0.key.scalarText == "name" })?.value,
                  let name = nameNode.scalarText else { continue }
            if !seen.insert(name).inserted {
                report(nameNode, "duplicate service name '\(name)'", help: "service names must be unique: they name the log files")
            }
        }
    }

    func enumerationWord(_ node: Node?, _ words: [String], what: String) -> String? {
        guard let node, let text = string(node) else { return nil }
        if words.contains(text) { return text }
        report(node, "unknown \(what) '\(text)'", help: Suggestion.help(for: text, in: words) ?? "one of " + words.joined(separator: ", "))
        return nil
    }

    /// "user_action_pipeline.yaml" → "User action pipeline".
    static func humanize(fileName path: String) -> String {
        var base = Substring(path.split(separator: "/").last ?? Substring(path))
        for ext in [".yaml", ".yml"] where base.hasSuffix(ext) { base = base.dropLast(ext.count) }
        let words = base.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " })
        let text = words.joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}

extension ModelBuilder {
    /// Warnings for vars no template reads and declared topics no step or processor uses.
    func warnUnused(varPairs: [(key: Node, value: Node)], topics: [TopicDeclaration]) {
        // A template that failed to parse reads nothing: "unused" would be noise next to its error.
        guard !hasErrors else { return }
        for pair in varPairs {
            guard let name = pair.key.scalarText, !usage.used.contains(name) else { continue }
            warn(pair.key, "variable '\(name)' is never used", help: "remove it, or use it in a template as {{ \(name) }}")
        }
        guard !usage.topicUseIsDynamic else { return }
        for topic in topics where !usage.topicsUsed.contains(topic.name) {
            report(Diagnostic(.warning, at: topic.location, "topic '\(topic.name)' is declared but no step uses it",
                              help: "remove the declaration, or check the topic names in the steps",
                              length: 1))
        }
    }
}

extension ModelBuilder {
    /// `per_group: all` compares with what the scenario produced to the topic: when no produce, load
    /// or processor of the scenario or suite writes it, the step cannot run, and that is known now.
    func checkPerGroupAll(steps: [Step], processors: [ProcessorDeclaration]) {
        let checks = usage.perGroupAll
        usage.perGroupAll = []
        guard !checks.isEmpty else { return }
        var writers: [ValueTemplate] = processors.map(\.to) + usage.suiteProcessorOutputs
        func collect(_ steps: [Step]) {
            for step in steps {
                writers += step.kind.writtenTopics
                collect(step.kind.nestedSteps ?? [])
            }
        }
        collect(steps)
        var written = Set<String>()
        for writer in writers {
            guard case .literal(.string(let name)) = writer else { return }   // a templated topic: cannot know
            written.insert(name)
        }
        for (topic, node) in checks where !written.contains(topic) {
            report(node, "per_group: all on '\(topic)', but nothing in this scenario produces to it",
                   help: "produce to '\(topic)' earlier in the scenario (or declare a processor with to: \(topic)), or assert a count such as per_group: \">= 1\"")
        }
    }
}
