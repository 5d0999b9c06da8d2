import Foundation
import KafkaClient
import ScenarioResults
import ScenarioSpec
import SystemUnderTest

/// The services of one suite (docs/services.md): started in order, each ready before the next, with the
/// suite's topic names, the broker and the ports of earlier services in their templates; stopped in
/// reverse. Knows the services, not the scenarios: the engine asks it what went wrong and when.
final class SuiteServices: @unchecked Sendable {   // unchecked: `running` is touched by the engine's one thread
    struct Running {
        var declaration: ServiceDeclaration
        var process: ServiceProcess
        var port: Int?
    }

    private(set) var running: [Running] = []
    private let logDirectory: String
    private let cancellation: Cancellation
    /// `{ NAME: { port, url } }` for the services started so far.
    private var variable: [JSONMember] = []
    var variableValue: JSONValue { .object(variable) }

    /// Describes a consumer group (`ready.group`); nil: the coordinator does not know it yet.
    private let describeGroup: @Sendable (String) -> Result<GroupDescription?, Error>

    /// Told every secret value of a service's env, so the reports can hide it too.
    private let secretSink: ([String]) -> Void
    /// The run's own secrets (client properties, registry auth): a service that echoes one has it hidden.
    private let knownSecrets: [String]

    init(logDirectory: String, cancellation: Cancellation,
         describeGroup: @escaping @Sendable (String) -> Result<GroupDescription?, Error>,
         secretSink: @escaping ([String]) -> Void = { _ in }, knownSecrets: [String] = []) {
        self.secretSink = secretSink
        self.knownSecrets = knownSecrets
        self.logDirectory = logDirectory
        self.cancellation = cancellation
        self.describeGroup = describeGroup
    }

    private func groupCheck(_ name: String) -> @Sendable () -> String? {
        let describe = describeGroup
        return {
            let seen: String
            switch describe(name) {
            case .success(let group?) where group.isStableWithAssignments: return nil
            case .success(let group?): seen = "\(group.state), \(group.members) members, \(group.assignedPartitions) partitions assigned"
            case .success(nil): seen = "unknown to the broker"
            case .failure(let error): seen = "\(error)"
            }
            return "consumer group '\(name)' was not stable with members holding partitions (\(seen))"
        }
    }

    static let lastLines = 20

    /// Why group readiness can never be known from this broker, if so: librdkafka's mock (the embedded
    /// broker, or `kafka-scenario broker`) answers no DescribeGroups (2.0.2: UNSUPPORTED_FEATURE).
    static func cannotDescribeGroups(_ answer: Result<GroupDescription?, Error>) -> String? {
        guard case .failure(let error as KafkaError) = answer, error.name == "UNSUPPORTED_FEATURE" else { return nil }
        return "it answers DescribeGroups with UNSUPPORTED_FEATURE (librdkafka's mock cluster, as the embedded broker is)"
    }

    /// Starts every service; nil when all are ready, else the sentence that makes the suite's scenarios errors.
    func start(_ declarations: [ServiceDeclaration], variables: [String: JSONValue], environment: [String: String]) -> Failure? {
        for declaration in declarations {
            if let failure = start(declaration, variables: variables, environment: environment) { return failure }
        }
        return nil
    }

    private func start(_ declaration: ServiceDeclaration, variables: [String: JSONValue],
                       environment: [String: String]) -> Failure? {
        let name = declaration.name
        func problem(_ text: String, log: ServiceLog? = nil) -> Failure {
            let tail = log.map { ServiceLog.render($0.last(Self.lastLines)) } ?? ""
            let where_ = log == nil ? "" : " (last \(Self.lastLines) log lines below; all in \(logPath(name)))"
            return Failure(message: "service '\(name)' \(text)\(where_)", type: "ServiceError",
                           details: tail.isEmpty ? nil : "service '\(name)', last log lines:\n" + tail)
        }
        var port: Int?
        switch declaration.port {
        case .auto?:
            do { port = try Probe.freePort() } catch { return problem("could not get a free port: \(error)") }
        case .fixed(let n)?: port = n
        case nil: port = nil
        }
        var vars = variables
        vars["services"] = .object(variable + [JSONMember(name, Self.entry(port: port))])
        let context = TemplateContext(variables: vars, environment: environment)
        let argv: [String], env: [(String, String)], readyURL: URL?
        do {
            argv = try declaration.command.map { try Self.text($0.render(in: context)) }
            env = try declaration.env.map { ($0.name, try Self.text($0.value.render(in: context))) }
            readyURL = try declaration.ready?.http.map { template -> URL in
                let text = try Self.text(template.render(in: context))
                let full = text.hasPrefix("/") ? "http://127.0.0.1:\(port ?? 80)\(text)" : text
                guard let url = URL(string: full), url.scheme == "http" else {
                    throw TemplateError("ready.http '\(text)' is not a path or an http:// URL")
                }
                return url
            }
        } catch {
            return problem("could not be started: \(error)")
        }
        var groupName: String?
        do {
            groupName = try declaration.ready?.group.map { try Self.text($0.render(in: context)) }
        } catch {
            return problem("could not be started: \(error)")
        }
        if let groupName, let reason = Self.cannotDescribeGroups(describeGroup(groupName)) {
            // Waiting could never succeed: say why at once instead of waiting out `within`.
            return problem("has ready.group '\(groupName)', which this broker cannot check: \(reason); wait for the service with ready.log or ready.http instead")
        }
        var childEnvironment = environment
        if let port { childEnvironment["PORT"] = String(port) }
        // Python block-buffers stdout into a pipe: without this, log lines (and ready.log) would come late.
        if childEnvironment["PYTHONUNBUFFERED"] == nil { childEnvironment["PYTHONUNBUFFERED"] = "1" }
        for (key, value) in env { childEnvironment[key] = value }
        let secrets = env.filter { Self.isSecretName($0.0) }.map(\.1)
        secretSink(secrets)
        let log: ServiceLog
        let process: ServiceProcess
        do {
            log = try ServiceLog(path: logPath(name), secrets: secrets + knownSecrets)
            process = try ServiceProcess(name: name, argv: argv, cwd: declaration.cwd, environment: childEnvironment, log: log)
        } catch {
            return problem("could not be started: \(error)")
        }
        running.append(Running(declaration: declaration, process: process, port: port))
        let readiness: Readiness
        do {
            readiness = Readiness(http: readyURL, log: try declaration.ready?.log.map { try NSRegularExpression(pattern: $0) },
                                  port: declaration.ready?.port ?? (declaration.ready == nil ? port : nil),
                                  extra: groupName.map { [groupCheck($0)] } ?? [])
        } catch {
            return problem("has an invalid ready.log expression: \(error)", log: log)
        }
        let within = declaration.ready?.within.seconds ?? 30
        let started = Date()
        switch readiness.wait(for: process, seconds: within, cancelled: { cancellation.cancelledReason }) {
        case .ready:
            log.note(String(format: "ready after %.3fs", Date().timeIntervalSince(started)))
            variable.append(JSONMember(name, Self.entry(port: port, group: groupName)))
            return nil
        case .exited(let status):
            return problem("exited with \(status) before it was ready", log: log)
        case .notReady(let unmet):
            return problem("was not ready within \(Duration(seconds: within)): \(unmet.joined(separator: "; "))", log: log)
        case .cancelled(let reason):
            return problem("was not ready: interrupted: \(reason)", log: log)
        }
    }

    /// A service that ended while a scenario ran: the sentence that makes it an error.
    func exitedService() -> Failure? {
        for service in running {
            guard let status = service.process.exitStatus else { continue }
            let tail = ServiceLog.render(service.process.log.last(Self.lastLines))
            return Failure(message: "service '\(service.declaration.name)' exited with \(status) while the scenario ran",
                           type: "ServiceError", details: "service '\(service.declaration.name)', last log lines:\n" + tail)
        }
        return nil
    }

    /// The log lines every service wrote in `[from, to]`, for a failing test case's body.
    func logLines(from: Date, to: Date) -> String? {
        let parts = running.compactMap { service -> String? in
            let lines = service.process.log.lines(from: from, to: to)
            guard !lines.isEmpty else { return nil }
            let shown = lines.suffix(200)
            let cut = lines.count > shown.count ? " (last \(shown.count) of \(lines.count))" : ""
            return "service '\(service.declaration.name)' log during the scenario\(cut):\n" + ServiceLog.render(Array(shown))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// Stops every service in reverse order; on an interrupt all at once with at most 2 s of grace.
    /// Returns what makes the suite's last scenario fail: a service that ended badly when asked to stop.
    @discardableResult
    func stopAll() -> Failure? {
        let stopping = running
        let interrupted = cancellation.cancelledReason != nil
        if interrupted {
            let group = DispatchGroup()
            for service in running {
                group.enter()
                Thread {
                    service.process.stop(signal: Self.signal(service.declaration), grace: min(2, service.declaration.stopGrace.seconds))
                    group.leave()
                }.start()
            }
            group.wait()
        } else {
            for service in running.reversed() {
                service.process.stop(signal: Self.signal(service.declaration), grace: service.declaration.stopGrace.seconds)
            }
        }
        running = []
        return stopping.lazy.compactMap(Self.failedOnStop).first
    }

    private static func failedOnStop(_ service: Running) -> Failure? {
        guard let status = service.process.failedOnStop else { return nil }
        let name = service.declaration.name
        let (code, signal): (Int?, Int?) = {
            switch status {
            case .exited(let code): return (code, nil)
            case .signaled(let signal): return (nil, signal)
            }
        }()
        return Failure(message: "service '\(name)' ended with \(status) when it was stopped: a crash on shutdown is a defect of the service",
                       type: "ServiceError",
                       details: "service '\(name)', last log lines:\n" + ServiceLog.render(service.process.log.last(lastLines)),
                       reason: .serviceFailedOnStop(service: name, exitCode: code, signal: signal))
    }

    private func logPath(_ name: String) -> String { "\(logDirectory)/\(name).log" }

    private static func signal(_ declaration: ServiceDeclaration) -> Int32 {
        SignalName.number(declaration.stopSignal) ?? SIGTERM
    }

    /// `group`: its `ready.group`, which `settle: service` reads.
    private static func entry(port: Int?, group: String? = nil) -> JSONValue {
        let named = group.map { [JSONMember("group", .string($0))] } ?? []
        guard let port else { return .object(named) }
        return .object([JSONMember("port", .int(Int64(port))), JSONMember("url", .string("http://127.0.0.1:\(port)"))] + named)
    }

    private static func text(_ value: JSONValue) throws -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        default: throw TemplateError("expected text, got \(value)")
        }
    }

    /// Service `env:` names whose values are secrets (docs/services.md).
    static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["PASSWORD", "SECRET", "TOKEN", "KEY"].contains { upper.contains($0) }
    }
}
