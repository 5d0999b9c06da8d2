import ArgumentParser
import Foundation
import ScenarioEngine
import ScenarioSpec

struct PeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peek",
        abstract: "Print a topic's messages as JSON lines (partition, offset, timestamp, key, headers, value), to look before writing a check.")

    @Argument(help: "The topic to read (its name on the broker).")
    var topic: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Where to start in each partition: beginning, end, or -N (the last N messages).", valueName: "beginning|end|-N"))
    var from = "beginning"

    @Option(help: "Stop after this many messages.")
    var count: Int?

    @Flag(help: "Keep reading new messages until interrupted (without it, peek ends at the end offsets seen at start).")
    var follow = false

    @Option(help: "Kafka bootstrap servers host:port,... (default: the profile's, else $KAFKA_BOOTSTRAP_SERVERS).")
    var bootstrapServers: String?

    @Option(name: .customShort("X"), help: ArgumentHelp("A librdkafka property key=value (repeatable).", valueName: "key=value"))
    var properties: [String] = []

    @Option(help: "A properties file of librdkafka settings; ${env:NAME} is replaced from the environment.",
            completion: .file())
    var clientConfig: String?

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var registry: RegistryArguments

    @Option(help: "How long to wait for the broker to answer at start, e.g. 10s.")
    var connectTimeout = "10s"

    @Option(help: "Without --follow: give up (exit 3) when the end is not reached within this, e.g. 30s.")
    var timeout = "30s"

    func validate() throws {
        if Self.start(from) == nil {
            throw ValidationError("--from takes beginning, end or -N (the last N messages of each partition), got '\(from)'")
        }
        if let count, count < 1 { throw ValidationError("--count takes a number of at least 1, got \(count)") }
        if Duration.parse(connectTimeout) == nil {
            throw ValidationError("--connect-timeout takes a duration like 500ms, 10s or 1m; got '\(connectTimeout)'")
        }
        if Duration.parse(timeout) == nil { throw ValidationError("--timeout takes a duration like 30s or 2m; got '\(timeout)'") }
    }

    static func start(_ text: String) -> TopicPeek.Start? {
        switch text {
        case "beginning": return .beginning
        case "end": return .end
        default:
            guard text.hasPrefix("-"), let n = Int(text.dropFirst()), n >= 1 else { return nil }
            return .last(n)
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let profile = try profileOptions.load(scenarioPaths: ["."], environment: environment)
        var clientProperties: [String: String]
        do {
            clientProperties = (profile?.client ?? [:])
                .merging(try ClientProperties.load(file: clientConfig, overrides: properties, environment: environment)) { $1 }
        } catch let problem as ClientProperties.Problem {
            printError("error: \(problem.description)")
            throw Exit.invalidInput
        }
        guard let servers = bootstrapServers ?? clientProperties["bootstrap.servers"] ?? profile?.bootstrapServers
                ?? environment["KAFKA_BOOTSTRAP_SERVERS"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            printError("error: peek reads a running broker, so it needs --bootstrap-servers (or a --profile with bootstrap_servers, or $KAFKA_BOOTSTRAP_SERVERS): the embedded broker lives only inside each run's own process.")
            throw Exit.invalidInput
        }
        clientProperties.removeValue(forKey: "bootstrap.servers")
        var peek = TopicPeek(topic: topic, bootstrapServers: servers, properties: clientProperties)
        peek.start = Self.start(from) ?? .beginning
        peek.count = count
        peek.follow = follow
        peek.connectTimeout = Duration.parse(connectTimeout)?.seconds ?? 10
        peek.timeout = Duration.parse(timeout)?.seconds
        do {
            peek.schemaRegistry = try registry.resolve(profile: profile?.schemaRegistry, environment: environment)
        } catch let problem as RegistryArguments.Problem {
            printError("error: \(problem.description)")
            throw Exit.invalidInput
        }
        let scrub = SecretScrubber(properties: clientProperties).adding(peek.schemaRegistry?.secrets ?? [])
        do {
            try peek.run { line in
                print(line)
                fflush(nil)
            }
        } catch let problem as TopicPeek.Problem {
            printError("error: \(scrub(problem.description))")
            throw problem.kind == .broker ? Exit.infrastructure : Exit.invalidInput
        }
    }
}
