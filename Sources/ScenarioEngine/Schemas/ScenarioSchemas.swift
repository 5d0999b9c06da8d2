import KafkaClient
import ScenarioResults
import SchemaCodecs
import ScenarioSpec

/// The schemas one scenario encodes and decodes with: the run's `SchemaSession` and its suite's `schemas:`.
/// Without a session (the run declares no schema and names no registry) nothing is framed or unframed.
struct ScenarioSchemas: Sendable {
    let session: SchemaSession?
    let declarations: [SchemaDeclaration]
    let scenarioFile: String

    static let none = ScenarioSchemas(session: nil, declarations: [], scenarioFile: "")

    /// A declared schema ready to use: a file's is registered under the topic's subject on first use, a
    /// subject's keeps the id of its latest version.
    private struct Resolved {
        var schema: ParsedSchema
        var subjectID: Int32?
        var strategy: SchemaDeclaration.SubjectStrategy = .topic

        /// The subject a file schema is registered under for this topic.
        func subject(topic: String, isKey: Bool, reference: SchemaReference) throws -> String {
            guard let subject = FramedCodec.subject(topic: topic, isKey: isKey, strategy: strategy.codec, schema: schema) else {
                throw StepError.couldNotRun("schema '\(reference.name)': subject_strategy \(strategy.rawValue) needs a record name and the schema has none")
            }
            return subject
        }
    }

    /// The bytes of `value` framed with the referenced schema; nil for a null value (a null key, a tombstone).
    func encode(_ value: JSONValue, with reference: SchemaReference, topic: (declared: String, real: String), isKey: Bool,
                variables: ScenarioVariables) throws -> [UInt8]? {
        if value == .null { return nil }
        let (session, resolved) = try resolve(reference, variables: variables)
        let role = isKey ? "key" : "value"
        if let id = resolved.subjectID {
            do { return WireFormat.frame(schemaID: id, payload: try resolved.schema.encode(value)) } catch {
                throw Self.misfit(error, role: role, reference: reference)
            }
        }
        let subject = try resolved.subject(topic: topic.real, isKey: isKey, reference: reference)
        do {
            return try FramedCodec.encode(value, with: resolved.schema, subject: subject, registry: session.registry).bytes
        } catch {
            switch error {
            case .value(let misfit): throw Self.misfit(misfit, role: role, reference: reference)
            case .registry(let registryError):
                throw session.stepError(registryError, context: "\(role)_schema '\(reference.name)' for '\(topic.declared)'")
            default: throw StepError.couldNotRun("\(role)_schema '\(reference.name)': \(error.description)")
            }
        }
    }

    /// The id matched messages must carry for `expect`'s `schema:` (a file schema is registered to learn it).
    func id(of reference: SchemaReference, topic: (declared: String, real: String), isKey: Bool,
            variables: ScenarioVariables) throws -> Int32 {
        let (session, resolved) = try resolve(reference, variables: variables)
        if let id = resolved.subjectID { return id }
        let subject = try resolved.subject(topic: topic.real, isKey: isKey, reference: reference)
        do {
            return try session.registry.register(subject: subject, schema: resolved.schema)
        } catch {
            throw session.stepError(error, context: "schema '\(reference.name)' for '\(topic.declared)'")
        }
    }

    /// A framed key or value decoded through the registry by its id; nil when the bytes are not framed, or
    /// when this run has no schemas and no registry (then nothing is unframed).
    func decode(_ bytes: [UInt8], topic: String, isKey: Bool = false) throws -> (schemaID: Int32, value: JSONValue, message: String?)? {
        guard let session else { return nil }
        do {
            return try FramedCodec.decodeNamingMessage(bytes, registry: session.registry)
        } catch {
            let what = isKey ? "a key" : "a value"
            switch error {
            case .registry(let registryError):
                throw session.stepError(registryError, context: "\(what) on '\(topic)'")
            default:
                throw StepError.couldNotRun("\(what) on '\(topic)': \(error.description)")
            }
        }
    }

    /// The Protobuf message values of a schema are written as (nil for Avro and JSON Schema): one .proto has one
    /// id in a registry, so `expect`'s `schema:` also compares the message the frame names.
    func protobufMessage(of reference: SchemaReference, variables: ScenarioVariables) throws -> String? {
        let (_, resolved) = try resolve(reference, variables: variables)
        if case .protobuf(let proto) = resolved.schema { return proto.messageName }
        return nil
    }

    /// A message as matchers see it (`MessageView.json`), framed keys and values decoded.
    func view(_ message: Message, declaredTopic: String) throws -> DecodedMessage {
        let value = try message.value.flatMap { try decode($0, topic: declaredTopic) }
        let key = try message.key.flatMap { try decode($0, topic: declaredTopic, isKey: true) }
        let unread = session == nil ? message.value.flatMap { try? WireFormat.unframe($0)?.schemaID } : nil
        return DecodedMessage(json: MessageView.json(message, declaredTopic: declaredTopic, value: value?.value, key: key?.value),
                              valueSchemaID: value?.schemaID, keySchemaID: key?.schemaID, unreadFrameID: unread,
                              valueMessage: value?.message)
    }

    private func resolve(_ reference: SchemaReference, variables: ScenarioVariables) throws -> (SchemaSession, Resolved) {
        guard let declaration = declarations.first(where: { $0.name == reference.name }) else {
            throw StepError.couldNotRun("no schema named '\(reference.name)' in the suite's schemas:")
        }
        guard let session else {
            throw StepError.couldNotRun("schema '\(reference.name)' is used but the run has no schema session")
        }
        switch declaration.source {
        case .avro(let path):
            return (session, Resolved(schema: try session.file(path, type: .avro, scenarioFile: scenarioFile, name: reference.name),
                                      strategy: declaration.subjectStrategy))
        case .jsonSchema(let path):
            return (session, Resolved(schema: try session.file(path, type: .json, scenarioFile: scenarioFile, name: reference.name),
                                      strategy: declaration.subjectStrategy))
        case .protobuf(let path, let message):
            return (session, Resolved(schema: try session.file(path, type: .protobuf, message: message, scenarioFile: scenarioFile,
                                                               name: reference.name),
                                      strategy: declaration.subjectStrategy))
        case .subject(let template):
            let subject = try variables.renderString(template, what: "subject")
            do {
                let latest = try session.registry.latest(subject: subject)
                return (session, Resolved(schema: latest.schema, subjectID: latest.id))
            } catch {
                throw session.stepError(error, context: "schema '\(reference.name)'")
            }
        }
    }

    /// `value_schema 'spin': the value does not fit: reward.amount: expected long, got string "x"`.
    private static func misfit(_ error: SchemaValueError, role: String, reference: SchemaReference) -> StepError {
        .errored(Failure(message: "\(role)_schema '\(reference.name)': the \(role) does not fit: \(error.description)",
                         type: StepError.schemaMisfitType,
                         reason: .schemaMisfit(role: role, schema: reference.name, problem: error.description)))
    }
}

/// A message read by a step, with the schema ids its key and value were framed with.
struct DecodedMessage {
    var json: JSONValue
    var valueSchemaID: Int32?
    var keySchemaID: Int32?
    /// A value that looks Confluent-framed in a run that unframes nothing (no schemas, no registry): its id.
    var unreadFrameID: Int32? = nil
    /// The Protobuf message a framed value's indexes name.
    var valueMessage: String? = nil
}

private extension SchemaDeclaration.SubjectStrategy {
    var codec: FramedCodec.SubjectStrategy {
        switch self {
        case .topic: return .topic
        case .record: return .record
        case .topicRecord: return .topicRecord
        }
    }
}
