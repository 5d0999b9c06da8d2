import KafkaClient
import ScenarioResults

extension FailureReason {
    /// The reasons of several failures of one step; nil when one has none (reports then show the English text whole).
    static func all(of failures: [Failure]) -> FailureReason? {
        let reasons = failures.compactMap(\.reason)
        return reasons.count == failures.count ? .all(reasons) : nil
    }
}

/// Why a step did not pass.
enum StepError: Error {
    /// An assertion was not met (JUnit failure).
    case failed(Failure)
    /// The broker or client returned an error; `expect_error` may accept it by name.
    case kafka(name: String, message: String)
    /// The step could not run (JUnit error).
    case couldNotRun(String)
    /// Could not run, with its failure kept whole (type and reason): a step of a `parallel`.
    case errored(Failure)
    /// The broker lacks a capability the step needs.
    case skipped(String)
    /// Skipped, with the reason as data (so reports word it) and its English `message`.
    case skippedBecause(FailureReason, message: String)
    /// A reading step lost its broker (all brokers down): what it read proves nothing. Never accepted
    /// by `expect_error`.
    case brokerLost(String)

    static let brokerLostType = "BrokerUnreachable"
    /// A value that does not fit its schema (nothing was sent); `expect_error: any` accepts it.
    static let schemaMisfitType = "SchemaMisfit"

    /// Runs `body`; a librdkafka error becomes `.kafka`, so `expect_error` can accept it by name.
    static func fromKafka<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as KafkaError {
            throw StepError.kafka(name: error.name, message: error.message)
        }
    }

    /// `reason`: librdkafka's words, e.g. "1/1 brokers are down: ... Connection refused".
    static func lostBroker(_ session: any KafkaSession, reading topic: String, reason: String) -> StepError {
        let broker = session.isEmbedded ? "the embedded broker (\(session.bootstrapServers))" : "the broker at \(session.bootstrapServers)"
        return .errored(Failure(
            message: "\(broker) stopped answering while reading '\(topic)' (\(reason)): nothing read from it can be trusted",
            type: brokerLostType,
            reason: .lostWhileReading(embedded: session.isEmbedded, bootstrapServers: session.bootstrapServers, topic: topic,
                                      detail: reason)))
    }

    /// Could not run (JUnit error), with the reason as data.
    static func couldNotRun(_ message: String, reason: FailureReason) -> StepError {
        .errored(Failure(message: message, type: "StepError", reason: reason))
    }

    static func assertion(_ message: String, details: String? = nil, type: String = "AssertionFailed",
                          reason: FailureReason? = nil) -> StepError {
        .failed(Failure(message: message, type: type, details: details, reason: reason))
    }
}
