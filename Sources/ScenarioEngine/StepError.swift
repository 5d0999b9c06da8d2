import KafkaClient
import ScenarioResults

/// Why a step did not pass.
enum StepError: Error {
    /// An assertion was not met (JUnit failure).
    case failed(Failure)
    /// The broker or client returned an error; `expect_error` may accept it by name.
    case kafka(name: String, message: String)
    /// The step could not run (JUnit error).
    case couldNotRun(String)
    /// The broker lacks a capability the step needs.
    case skipped(String)

    /// Runs `body`; a librdkafka error becomes `.kafka`, so `expect_error` can accept it by name.
    static func fromKafka<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as KafkaError {
            throw StepError.kafka(name: error.name, message: error.message)
        }
    }

    static func assertion(_ message: String, details: String? = nil, type: String = "AssertionFailed") -> StepError {
        .failed(Failure(message: message, type: type, details: details))
    }
}
