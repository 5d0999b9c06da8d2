import KafkaClient
import ScenarioResults
import ScenarioSpec

/// `create_topics` and `delete_topics` as steps.
struct CreateTopicsRunner {
    let topics: [TopicDeclaration]

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        for declaration in topics {
            let real = try TopicCreation.create(declaration, isolationID: ctx.isolationID, session: ctx.session,
                                                acceptExisting: false, deadline: deadline)
            ctx.names.map(declaration.name, to: real)
            ctx.offsets.recordStartOffsets(real, [:])
            ctx.registerForCleanup(real, isolated: declaration.isolate)
        }
        ctx.records.note("created topics: \(topics.map(\.name).joined(separator: ", "))")
        ctx.records.verify(.topicsCreated(topics: topics.map(\.name)))
    }
}

struct DeleteTopicsRunner {
    let names: [String]

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        if ctx.session.isEmbedded {
            throw StepError.skippedBecause(.embeddedCannot(.deleteTopics),
                                           message: "the embedded broker (librdkafka's mock cluster) does not answer DeleteTopics")
        }
        let real = names.map(ctx.names.real)
        try StepError.fromKafka { try ctx.session.deleteTopics(real, timeout: deadline.remaining) }
        ctx.records.note("deleted topics: \(names.joined(separator: ", "))")
        ctx.records.verify(.topicsDeleted(topics: names))
    }
}

extension CreateTopicsStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try CreateTopicsRunner(topics: topics).run(run.ctx, deadline: deadline)
    }
}

extension DeleteTopicsStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try DeleteTopicsRunner(names: names).run(run.ctx, deadline: deadline)
    }
}
