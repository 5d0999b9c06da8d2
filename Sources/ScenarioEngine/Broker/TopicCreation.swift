import KafkaClient
import ScenarioSpec

/// The one place a declared topic is created under its run name (suite `topics:` and `create_topics` steps).
enum TopicCreation {
    /// `acceptExisting`: a shared (`isolate: false`) suite topic that already exists is what the suite asks
    /// for; a `create_topics` step reports TOPIC_ALREADY_EXISTS, so `expect_error` can accept it.
    static func create(_ declaration: TopicDeclaration, isolationID: String, session: any KafkaSession,
                       acceptExisting: Bool, deadline: Deadline) throws -> String {
        let real = declaration.isolate ? Isolation.name(declaration.name, isolationID: isolationID) : declaration.name
        guard TopicNames.isLegal(real) else { throw TopicNames.illegalNameError(declaration.name) }
        do {
            try session.createTopic(Isolation.newTopic(declaration, realName: real), timeout: deadline.remaining)
        } catch let error as KafkaError where error.name == "TOPIC_ALREADY_EXISTS" && acceptExisting && !declaration.isolate {
            // Already there: a shared topic is used as it stands.
        } catch let error as KafkaError {
            throw StepError.kafka(name: error.name, message: "cannot create topic '\(declaration.name)': \(error.message)")
        }
        try? session.prepareProducer(topic: real, timeout: min(deadline.remaining, 5))
        return real
    }
}
