import ArgumentParser
import Foundation
import Reports

@main
struct KafkaScenario: ParsableCommand {
    static let version = "0.1.0"
    static let configuration = CommandConfiguration(
        commandName: "kafka-scenario",
        abstract: "Run declarative Kafka test scenarios written in YAML; write JUnit XML and Markdown reports.",
        version: version,
        subcommands: [RunCommand.self, ValidateCommand.self, ListCommand.self, ReportCommand.self, InitCommand.self,
                      SchemaCommand.self, PeekCommand.self, BrokerCommand.self],
        defaultSubcommand: RunCommand.self)

    /// Exit codes: 0 all passed, 1 a scenario failed, 2 invalid input or usage, 3 infrastructure.
    static func main() {
        StandardStream.ignoreBrokenPipes()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            StandardStream.error.write(fullMessage(for: error) + "\n")
            Foundation.exit(Exit.invalidInput.rawValue)
        }
    }
}

enum Exit {
    static let passed = ExitCode(0)
    static let failed = ExitCode(1)
    static let invalidInput = ExitCode(2)
    static let infrastructure = ExitCode(3)
    static let interrupted = ExitCode(130)
    static let terminated = ExitCode(143)

    static func now(_ code: ExitCode) -> Never {
        fflush(nil)
        Foundation.exit(code.rawValue)
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    StandardStream.error.write(text.hasSuffix("\n") ? text : text + "\n")
}
