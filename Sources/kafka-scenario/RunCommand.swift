import ArgumentParser
import Foundation
import Reports
import ScenarioEngine
import ScenarioResults
import ScenarioSpec

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenarios against the embedded broker (default) or an external cluster and write reports.")

    @OptionGroup var selection: ScenarioSelection

    @Option(help: "Kafka bootstrap servers host:port,... (default: $KAFKA_BOOTSTRAP_SERVERS, else the embedded broker).")
    var bootstrapServers: String?

    @Option(help: "Brokers in the embedded cluster.")
    var embeddedBrokers: Int?

    @Option(name: .customShort("X"), help: ArgumentHelp("A librdkafka property key=value (repeatable).", valueName: "key=value"))
    var properties: [String] = []

    @Option(help: "A properties file of librdkafka settings; ${env:NAME} is replaced from the environment.",
            completion: .file())
    var clientConfig: String?

    @OptionGroup var profileOptions: ProfileOptions

    @OptionGroup var registry: RegistryArguments

    @OptionGroup var reports: ReportOptions

    /// Twice the cores: a small scenario mostly waits for broker round trips (1,000 one-message
    /// scenarios on 2 cores: 4.3-5.3 s with 2 jobs, 3.6 s with 4, at the same CPU; docs/performance.md).
    @Option(help: "Scenarios run at the same time (default: twice the number of cores, \(Self.defaultJobs) here).")
    var jobs: Int?
    static var defaultJobs: Int { 2 * ProcessInfo.processInfo.activeProcessorCount }

    @Flag(help: "Stop starting scenarios after the first failure.")
    var failFast = false

    @Option(help: "Run a failed or erroring scenario again up to N times (a scenario's own retries: wins); one that passes on a retry is passed and marked flaky.")
    var retries: Int?

    @Option(help: "github: append report.md to $GITHUB_STEP_SUMMARY and annotate failures; none: neither (default: github when GITHUB_ACTIONS=true).")
    var ci: CIMode?

    @Option(help: ArgumentHelp("A variable for templates, overriding the suite's vars (repeatable).", valueName: "name=value"))
    var `var`: [String] = []

    @Flag(help: "Keep isolated topics instead of deleting them at the end.")
    var keepTopics = false

    @Flag(help: "Send no W3C traceparent header on produce and http steps (each scenario attempt's trace id otherwise).")
    var noTraceparent = false

    @Option(help: "How long to wait for the broker to answer at start, e.g. 10s.")
    var connectTimeout = "10s"

    @Option(help: "A budget for the whole run, e.g. 10m: when reached, the running scenarios end as errors, the rest are skipped, reports are written and the exit code is 1.")
    var timeout: String?

    @Flag(help: "Only failures and the summary.")
    var quiet = false

    @Flag(help: "Also every step as it finishes.")
    var verbose = false

    @Flag(help: "Accept a run that selects no scenario (exit 0); without it such a run is a usage error (exit 2).")
    var allowEmpty = false

    func validate() throws {
        if bootstrapServers != nil, embeddedBrokers != nil {
            throw ValidationError("--bootstrap-servers and --embedded-brokers exclude each other: the embedded broker is used only without bootstrap servers")
        }
        if let n = embeddedBrokers, !(1...16).contains(n) { throw ValidationError("--embedded-brokers takes 1 to 16, got \(n)") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs takes a number of at least 1, got \(jobs)") }
        if let retries, retries < 0 { throw ValidationError("--retries takes a number of at least 0, got \(retries)") }
        if quiet, verbose { throw ValidationError("--quiet and --verbose exclude each other") }
        if let timeout, Duration.parse(timeout) == nil {
            throw ValidationError("--timeout takes a duration like 30s or 10m; got '\(timeout)'")
        }
        if Duration.parse(connectTimeout) == nil {
            throw ValidationError("--connect-timeout takes a duration like 500ms, 10s or 1m; got '\(connectTimeout)'")
        }
        for item in `var` where !item.contains("=") {
            throw ValidationError("--var takes name=value, got '\(item)'")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let profile = try profileOptions.load(scenarioPaths: selection.resolvedPaths, environment: environment)
        let known = Set((profile?.vars ?? []).map(\.0) + `var`.map { String($0.prefix { $0 != "=" }) })
        let loaded = ScenarioFiles.load(selection.resolvedPaths, quiet: quiet, checkSchemas: true, knownVariables: known)
        if loaded.failedFiles.isEmpty, !allowEmpty, let nothing = selection.nothingSelected(loaded) {
            // A typo in --tag must not make a green gate of a run that checked nothing.
            printError("error: \(nothing); pass --allow-empty if that is intended")
            throw Exit.invalidInput
        }
        do {
            if let file = selection.timingsFile, try selection.timings() == nil {
                printError("warning: --shard-by timings: '\(file)' does not exist yet; shards are cut by count")
            }
        } catch let error as ValidationError {
            printError("error: \(error.message)")
            throw Exit.invalidInput
        }
        if let warning = selection.emptyShardWarning(loaded) { printError("warning: \(warning)") }
        profile?.warn(about: loaded.suites, quiet: quiet)
        var options = RunOptions()
        do {
            options.clientProperties = (profile?.client ?? [:])
                .merging(try ClientProperties.load(file: clientConfig, overrides: properties, environment: environment)) { $1 }
            try ClientProperties.refuseWhatRunsNeed(options.clientProperties)
            options.schemaRegistry = try registry.resolve(profile: profile?.schemaRegistry, environment: environment)
        } catch let problem as ClientProperties.Problem {
            printError("error: \(problem.description)")
            throw Exit.invalidInput
        } catch let problem as RegistryArguments.Problem {
            printError("error: \(problem.description)")
            throw Exit.invalidInput
        }
        let plan = selection.plan(loaded.suites)
        if options.schemaRegistry == nil, let problem = SubjectWithoutRegistry.problem(in: plan) {
            printError("error: \(problem)")
            throw Exit.invalidInput
        }
        // --embedded-brokers chooses the embedded cluster: neither the profile nor $KAFKA_BOOTSTRAP_SERVERS applies.
        options.bootstrapServers = bootstrapServers ?? (embeddedBrokers != nil ? nil : profile?.bootstrapServers
            ?? environment["KAFKA_BOOTSTRAP_SERVERS"].flatMap { $0.isEmpty ? nil : $0 })
        options.embeddedBrokers = embeddedBrokers ?? 3
        options.jobs = jobs ?? Self.defaultJobs
        options.failFast = failFast
        options.retries = retries ?? 0
        options.keepTopics = keepTopics
        options.traceparent = !noTraceparent
        options.shard = selection.shard.flatMap(Shard.init)
        options.connectTimeout = Duration.parse(connectTimeout)?.seconds ?? 10
        options.variables = (profile?.vars ?? []) + `var`.map { item in
            let parts = item.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        options.toolVersion = KafkaScenario.version
        options.serviceLogDirectory = reports.reportDir + "/services"
        // Held until the process ends: the services' logs and the reports of this run go there.
        let reportLock = ReportDirectoryLock.acquire(directory: reports.reportDir) { _ in
            printError("waiting for another run that writes to \(reports.reportDir) (it holds the directory's lock)")
        }
        let console = ConsoleReporter.standardOutput(mode: quiet ? .quiet : verbose ? .verbose : .normal)
        // A profile's registry password is a secret even when --schema-registry replaces its URL (and its auth).
        let scrub = SecretScrubber(properties: options.clientProperties).adding(options.schemaRegistry?.secrets ?? [])
            .adding(SchemaRegistryOptions.secrets(ofCredentials: profile?.schemaRegistry?.auth))
        options.knownSecrets = scrub.secrets
        let observer = ScrubbingObserver(console, scrubber: scrub)
        options.observer = observer

        let engine = Engine(options: options)
        observer.alsoHide { [weak engine] in engine?.serviceSecrets ?? [] }
        let signals = SignalTrap(cancellation: engine.cancellation)
        let runTimeout = timeout.flatMap(Duration.parse)
        if let runTimeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + runTimeout.seconds) { [cancellation = engine.cancellation] in
                cancellation.cancel("--timeout \(runTimeout) reached")
            }
        }
        var run: RunResult
        let startedAt = Date()
        do {
            run = try engine.run(plan)
            // The services' secret env values are known only once they started.
            run = scrub.adding(engine.serviceSecrets).scrub(run)
        } catch let error as InfrastructureError {
            printError("error: \(scrub(error.description))")
            // Reports even so (README, exit code 3): what ran before the registry went away, else every
            // selected scenario an error naming the broker.
            var unreachable = scrub.adding(engine.serviceSecrets).scrub(error.results ?? UnreachableBrokerResult.make(
                plan, options: options, runID: engine.runID, reason: error.description, startedAt: startedAt,
                duration: Date().timeIntervalSince(startedAt)))
            unreachable.suites += loaded.failedFiles.map(Self.invalidFileSuite)
            unreachable.shard = selection.shardLabel
            observer.runFinished(unreachable)
            do { try reports.write(unreachable) } catch { printError("error: \(scrub("\(error)"))") }
            CIMode.resolve(ci, environment: environment).publish(unreachable, language: reports.lang, environment: environment)
            throw Exit.infrastructure
        } catch let error as InvalidConfigurationError {
            printError("error: \(scrub(error.description))")
            throw Exit.invalidInput
        }
        run.suites += loaded.failedFiles.map(Self.invalidFileSuite)
        run.shard = selection.shardLabel
        observer.runFinished(run)
        do {
            try reports.write(run)
        } catch {
            printError("error: \(scrub("\(error)"))")
            CIMode.resolve(ci, environment: environment).publish(run, language: reports.lang, environment: environment)
            throw Exit.infrastructure
        }
        CIMode.resolve(ci, environment: environment).publish(run, language: reports.lang, environment: environment)
        // Exit here, with the engine (and so its broker session) still alive: destroying the embedded
        // cluster sometimes waits out its thread's 1-second poll.
        let timedOut = signals.received == nil && run.interruption?.hasPrefix("--timeout") == true
        withExtendedLifetime((engine, reportLock)) { Exit.now(timedOut ? Exit.failed : exitCode(run, loaded: loaded, signal: signals.received)) }
    }

    private func exitCode(_ run: RunResult, loaded: LoadResult, signal: Int32?) -> ExitCode {
        if let signal { return signal == SIGTERM ? Exit.terminated : Exit.interrupted }
        if !loaded.failedFiles.isEmpty { return Exit.invalidInput }
        // An external broker that died mid-run is infrastructure (README), as one unreachable from the start is
        // (the embedded broker goes down only by a scenario's own `fault`).
        if run.environment.brokerMode != .embedded,
           run.suites.contains(where: { $0.scenarios.contains { $0.failure?.type == "BrokerUnreachable" } }) { return Exit.infrastructure }
        if run.count(.failed) + run.count(.error) > 0 { return Exit.failed }
        return Exit.passed
    }

    /// A file that could not be loaded still shows in the reports, as an error CI can see.
    static func invalidFileSuite(_ failed: (file: String, diagnostics: [Diagnostic])) -> SuiteResult {
        let errors = failed.diagnostics.filter { $0.severity == .error }
        let first = errors.first.map { "\($0.location): \($0.message)" } ?? "invalid scenario file"
        return SuiteResult(name: (failed.file as NSString).lastPathComponent, file: failed.file, scenarios: [],
                           loadError: Failure(message: first, type: "InvalidScenario",
                                              details: errors.map(ScenarioFiles.render).joined(separator: "\n\n"),
                                              location: errors.first.map { "\($0.location)" }))
    }
}

