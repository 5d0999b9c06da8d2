import Foundation

/// `services:` (the system under test) and the `exec` step (docs/services.md).
extension ModelBuilder {
    func service(_ node: Node, scope: TemplateScope) -> ServiceDeclaration? {
        guard let f = fields(node, FormatSpec.service) else { return nil }
        let name = string(f["name"])
        let command = commandLine(f["command"], owner: f.keyNode("command"), scope: scope)
        let cwd = f.has("cwd") ? string(f["cwd"]) : nil
        // Checked only for a file that is on disk (a scenario given as text has no folder to look in).
        if let cwd, let cwdNode = f["cwd"], fileExists(file) {
            let resolved = cwd.hasPrefix("/") ? cwd : "\(directory.isEmpty ? "." : directory)/\(cwd)"
            if !fileExists(resolved) {
                report(cwdNode, "cwd '\(cwd)' does not exist (looked for \(resolved))", help: "the path is relative to the scenario file")
            }
        }
        let env = f.has("env") ? templateMap(f["env"], scope: scope) : []
        var port: ServicePort?
        if let p = f["port"] {
            if p.scalarText == "auto" {
                port = .auto
            } else if let n = integer(p, minimum: 1, what: "port") {
                if n > 65535 { report(p, "port \(n) is not a TCP port", help: "use 1 to 65535, or auto") } else { port = .fixed(n) }
            }
        }
        var ready: ServiceReadiness?
        if let r = f["ready"], let rf = fields(r, FormatSpec.serviceReady, owner: f.keyNode("ready")) {
            let conditions = ["http", "log", "port", "group"]
            // A misspelt condition (`htpp`) is reported as an unknown key already: saying "no condition" first misleads.
            let known = Set(FormatSpec.serviceReady.keys.map(\.name))
            let misspelt = r.mappingPairs?.contains { !known.contains($0.key.scalarText ?? "") } ?? false
            if !conditions.contains(where: rf.has), !misspelt {
                report(f.keyNode("ready") ?? r, "ready has no condition: give http, log, port or group",
                       help: "e.g. ready: { http: /health } — without ready: the service is ready when its port accepts connections")
            }
            let http = rf.has("http") ? template(rf["http"], scope: scope) : nil
            let log = rf.has("log") ? regex(rf["log"]) : nil
            let readyPort = rf.has("port") ? integer(rf["port"], minimum: 1, what: "port") : nil
            let group = rf.has("group") ? template(rf["group"], scope: scope) : nil
            if let within = duration(rf["within"]), conditions.contains(where: rf.has),
               rf.has("http") == (http != nil), rf.has("log") == (log != nil), rf.has("port") == (readyPort != nil),
               rf.has("group") == (group != nil) {
                ready = ServiceReadiness(http: http, log: log, port: readyPort, group: group, within: within)
            }
        }
        var signal: String?, grace: Duration?
        let stopNode = f["stop"] ?? Node(.mapping([]), at: node.location)
        if let sf = fields(stopNode, FormatSpec.serviceStop, owner: f.keyNode("stop")) {
            signal = string(sf["signal"]).flatMap { text in
                FormatSpec.serviceStopSignals.contains(text) ? text : {
                    report(sf["signal"]!, "unknown signal '\(text)'",
                           help: Suggestion.help(for: text, in: FormatSpec.serviceStopSignals) ?? "one of " + FormatSpec.serviceStopSignals.joined(separator: ", "))
                    return nil
                }()
            }
            grace = duration(sf["grace"])
        }
        if let http = ready?.http, port == nil, case .literal(.string(let path)) = http, path.hasPrefix("/"),
           let key = f.keyNode("ready") {
            report(key, "ready.http '\(path)' is a path, but the service has no port",
                   help: "add 'port: auto' (or the port it listens on), or give a full URL")
        }
        guard let name, let command, f.has("cwd") == (cwd != nil), let env, f.has("port") == (port != nil),
              f.has("ready") == (ready != nil), let signal, let grace else { return nil }
        let folder = directory.isEmpty ? "." : directory
        let resolved = cwd.map { $0.hasPrefix("/") ? $0 : "\(folder)/\($0)" } ?? folder
        return ServiceDeclaration(name: name, command: command, cwd: resolved, env: env, port: port, ready: ready,
                                  stopSignal: signal, stopGrace: grace, location: node.location)
    }

    func exec(_ node: Node, key: Node, scope: TemplateScope) -> ExecStep? {
        guard let f = fields(node, FormatSpec.exec, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let command = commandLine(f["command"], owner: f.keyNode("command") ?? key, scope: scope)
        let within = duration(f["within"])
        let expectNode = f["expect"] ?? Node(.mapping([]), at: node.location)
        guard let e = fields(expectNode, FormatSpec.execExpect, owner: f.keyNode("expect")) else { return nil }
        let exit = e.has("exit") ? comparison(e["exit"]) : Comparison(.eq, 0)
        func text(_ name: String) -> Matcher? {
            guard let n = e[name] else { return nil }
            checkTemplates(in: n, scope: scope)
            return catching(n) { try MessageMatcher.compilePart("key", n) }
        }
        let stdout = text("stdout"), stderr = text("stderr")
        let capture = f.has("capture") ? capturePaths(f["capture"]) { name, path, at in
            check(path, at: at, what: "capture", roots: [.whole("stdout", holds: "is text"), .any("json")]) { path in
                ("exec captures from stdout or json.…, got '\(path)'",
                 "capture: { \(name): stdout } takes the text; { \(name): json.id } reads stdout as JSON")
            }
        } : []
        guard let command, let within, let exit, e.has("stdout") == (stdout != nil),
              e.has("stderr") == (stderr != nil), let capture else { return nil }
        return ExecStep(command: command, cwd: directory.isEmpty ? "." : directory, within: within, exit: exit,
                        stdout: stdout, stderr: stderr, capture: capture)
    }

    /// argv: a non-empty list of strings (templates allowed).
    private func commandLine(_ node: Node?, owner: Node?, scope: TemplateScope) -> [ValueTemplate]? {
        guard let node else { return nil }
        guard let items = node.sequenceItems else {
            report(node, "expected the command as a list (argv), got \(node.describedValue)",
                   help: node.scalarText.map { text in
                       "no shell runs it: write [\(text.split(separator: " ").joined(separator: ", "))], or [sh, -c, \"\(text)\"] for a shell"
                   })
            return nil
        }
        if items.isEmpty {
            report(owner ?? node, "the command is empty", help: "give the program and its arguments, e.g. [python3, app.py]")
            return nil
        }
        let parts = items.compactMap { template($0, scope: scope) }
        return parts.count == items.count ? parts : nil
    }

    private func regex(_ node: Node?) -> String? {
        guard let node, let text = string(node) else { return nil }
        do {
            _ = try NSRegularExpression(pattern: text)
            return text
        } catch {
            report(node, "ready.log is not a valid regular expression: \(text)", help: "escape special characters with \\\\")
            return nil
        }
    }

    /// `topics.NAME`, `topic('NAME')` and `services.NAME` must name what the suite declares.
    /// `servicesNode`: the `services:` list as written: a service with a mistake of its own is still declared
    /// (its own diagnostic says what is wrong), and whether it has a `port:` is known from it.
    func checkNamedReferences(topics: [TopicDeclaration], servicesNode: Node?) {
        var declaredPorts: [String: Bool] = [:]
        for item in servicesNode?.sequenceItems ?? [] {
            guard let pairs = item.mappingPairs,
                  let name = pairs.first(where: { $0.key.scalarText == "name" })?.value.scalarText else { continue }
            declaredPorts[name] = pairs.contains { $0.key.scalarText == "port" }
        }
        let topicNames = topics.map(\.name), serviceNames = Array(declaredPorts.keys).sorted()
        for reference in usage.namedReferences {
            let (kind, names, key) = reference.root == "topics"
                ? ("topic", topicNames, "topics") : ("service", serviceNames, "services")
            if reference.root == "services", declaredPorts[reference.member] == false, let field = reference.field,
               field == "url" || field == "port" {
                var location = reference.node.location
                var length = reference.node.length
                let written = "\(reference.member).\(field)"
                if let text = reference.node.scalarText, !text.contains("\n"), let range = text.range(of: written) {
                    location.column += text.distance(from: text.startIndex, to: range.lowerBound) + reference.member.count + 1
                        + reference.node.templateColumnOffset
                    length = field.count
                }
                report(Diagnostic(at: location, "service '\(reference.member)' has no port: its \(field) is not known",
                                  help: "add 'port: auto' (or the port it listens on) to service '\(reference.member)'", length: length))
                continue
            }
            guard !names.contains(reference.member) else { continue }
            var location = reference.node.location
            var length = reference.node.length
            if let text = reference.node.scalarText, !text.contains("\n"),
               let offset = Self.offset(of: reference.member, in: text) ?? text.range(of: reference.member).map({ text.distance(from: text.startIndex, to: $0.lowerBound) }) {
                location.column += offset + reference.node.templateColumnOffset
                length = reference.member.count
            }
            let help = Suggestion.closest(to: reference.member, in: names).map { "did you mean '\($0)'?" }
                ?? (names.isEmpty ? "declare it under '\(key):'" : "declared: " + names.joined(separator: ", "))
            report(Diagnostic(at: location, "\(kind) '\(reference.member)' is not declared under '\(key):'", help: help, length: length))
        }
    }
}
