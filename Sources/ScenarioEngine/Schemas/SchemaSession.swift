import Foundation
import SchemaCodecs
import ScenarioSpec

/// The run's schema registry (a Confluent-compatible one with `--schema-registry`, else local ids) and the
/// schema files read so far, shared by every scenario (docs/schemas.md). Its registry client blocks: it is
/// only called from step threads, never from Swift's cooperative pool.
final class SchemaSession: Sendable {
    let registry: any SchemaRegistry
    /// How the registry is named in messages: its URL without credentials, or "(local)".
    let registryName: String
    private let files = Locked([String: ParsedSchema]())
    private let lostRegistry = Locked<String?>(nil)

    init(registry: any SchemaRegistry, registryName: String) {
        self.registry = registry
        self.registryName = registryName
    }

    /// nil when the run neither declares schemas nor names a registry: then no value is unframed, and a
    /// plain value starting with byte 0 keeps its meaning. A registry must answer and accept the credentials
    /// before anything runs (`InfrastructureError`, exit 3) when the run declares schemas; a run without them
    /// (a profile naming a registry for other suites) only asks it when it reads a framed value.
    static func open(for plan: RunPlan, options: RunOptions, cancellation: Cancellation) throws -> SchemaSession? {
        let declaresSchemas = plan.suites.contains { !$0.schemas.isEmpty }
        guard let registryOptions = options.schemaRegistry else {
            return declaresSchemas ? SchemaSession(registry: LocalSchemaRegistry(), registryName: LocalSchemaRegistry.name) : nil
        }
        guard let url = URL(string: registryOptions.url), url.scheme == "http" || url.scheme == "https" else {
            throw InfrastructureError(description: "the schema registry URL is not an http(s) URL")
        }
        let credentials = registryOptions.credentials.flatMap(RegistryCredentials.init(parsing:))
        let client = SchemaRegistryClient(url: url, credentials: credentials, timeout: options.connectTimeout,
                                          cancelled: { cancellation.cancelledReason != nil })
        let session = SchemaSession(registry: client, registryName: client.registry)
        if declaresSchemas { try session.probe() }
        return session
    }

    /// Asks for an id no registry hands out: "not found" proves that it answers and takes the credentials.
    private func probe() throws {
        do {
            _ = try registry.schema(id: 0)
        } catch let error where error.isConnectionProblem {
            throw InfrastructureError(description: error.description)
        } catch {
            // Any other answer (404 for the id) is an answer.
        }
    }

    /// The registry stopped answering or refused the credentials during the run: the run's infrastructure
    /// error (`Engine.run` throws it once the scenarios ended).
    var connectionProblem: String? { lostRegistry.withLock { $0 } }

    /// A step error for a registry error; a connection problem is also kept for the run.
    func stepError(_ error: SchemaRegistryError, context: String) -> StepError {
        if error.isConnectionProblem { lostRegistry.withLock { if $0 == nil { $0 = error.description } } }
        return .couldNotRun(context.isEmpty ? error.description : "\(context): \(error.description)")
    }

    /// A schema file, read and parsed once per run.
    func file(_ path: String, type: SchemaType, message: String? = nil, scenarioFile: String, name: String) throws -> ParsedSchema {
        let resolved = Self.resolve(path, scenarioFile: scenarioFile)
        let key = "\(type.rawValue) \(resolved) \(message ?? "")"
        if let known = files.withLock({ $0[key] }) { return known }
        if type == .protobuf {
            let schema: ParsedSchema
            do { schema = .protobuf(try ProtobufSchema(file: resolved, message: message)) } catch {
                throw StepError.couldNotRun("schema '\(name)' (\(resolved)): \(error.message)")
            }
            files.withLock { $0[key] = schema }
            return schema
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw StepError.couldNotRun("schema '\(name)': cannot read \(resolved)")
        }
        let schema: ParsedSchema
        do { schema = try ParsedSchema(type: type, text: String(decoding: data, as: UTF8.self)) } catch {
            throw StepError.couldNotRun("schema '\(name)' (\(resolved)): \(error.message)")
        }
        files.withLock { $0[key] = schema }
        return schema
    }

    /// The model's paths are already resolved against the scenario file's folder; a relative one that
    /// does not exist as given is taken relative to that folder.
    static func resolve(_ path: String, scenarioFile: String) -> String {
        if path.hasPrefix("/") || FileManager.default.fileExists(atPath: path) { return path }
        let folder = (scenarioFile as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }
}
