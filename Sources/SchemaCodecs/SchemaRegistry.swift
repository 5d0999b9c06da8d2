import Synchronization
import JSONValues

/// Where schemas get their ids and where ids are looked up: a Confluent-compatible registry over HTTP
/// (`SchemaRegistryClient`) or, without one, the runner's own `LocalSchemaRegistry`.
public protocol SchemaRegistry: Sendable {
    /// The schema's id under `subject` (TopicNameStrategy: `<topic>-value`, `<topic>-key`), registering it if new.
    func register(subject: String, schema: ParsedSchema) throws(SchemaRegistryError) -> Int32
    /// The schema a frame's id names.
    func schema(id: Int32) throws(SchemaRegistryError) -> ParsedSchema
    /// The subject's latest version.
    func latest(subject: String) throws(SchemaRegistryError) -> RegisteredSchema
    /// The subjects that hold the id (for errors: best effort, empty when unknown).
    func subjects(id: Int32) -> [String]
}

extension SchemaRegistry {
    public func subjects(id: Int32) -> [String] { [] }
}

public struct RegisteredSchema: Sendable {
    public var subject: String
    public var version: Int
    public var id: Int32
    public var schema: ParsedSchema

    public init(subject: String, version: Int, id: Int32, schema: ParsedSchema) {
        self.subject = subject
        self.version = version
        self.id = id
        self.schema = schema
    }
}

/// Why the registry gave no schema. Never contains the password.
public enum SchemaRegistryError: Error, Sendable, CustomStringConvertible {
    /// No answer (refused, unknown host, timed out, TLS).
    case unreachable(registry: String, detail: String)
    /// HTTP 401 or 403.
    case unauthorized(registry: String, status: Int, withCredentials: Bool)
    /// HTTP 404 for a subject (error_code 40401, or 40402 for its version).
    case subjectNotFound(registry: String, subject: String)
    /// HTTP 404 for an id (error_code 40403), or an id the local registry never handed out.
    case schemaNotFound(registry: String, id: Int32)
    /// Any other error answer, with the registry's error_code and message.
    case refused(registry: String, status: Int, errorCode: Int?, message: String)
    /// An answer that is not what the REST API says (not JSON, no id, ...).
    case badAnswer(registry: String, detail: String)
    /// A schema of a kind the codec does not handle, or whose text does not parse.
    case unusableSchema(registry: String, detail: String)
    /// A reference of a registered schema (by subject and version) that the registry does not hold.
    case missingReference(registry: String, id: Int32?, name: String, subject: String, version: Int)
    case cancelled

    /// Unreachable or refusing the credentials: the run cannot go on (exit 3); the rest is a step error.
    public var isConnectionProblem: Bool {
        switch self {
        case .unreachable, .unauthorized: return true
        default: return false
        }
    }

    /// One sentence.
    public var description: String {
        switch self {
        case .unreachable(let registry, let detail):
            return "the schema registry at \(registry) cannot be reached: \(detail)"
        case .unauthorized(let registry, let status, let withCredentials):
            let why = withCredentials ? "refused the credentials given with --schema-registry-auth"
                : "wants credentials (--schema-registry-auth user:password)"
            return "the schema registry at \(registry) \(why) (HTTP \(status))"
        case .subjectNotFound(LocalSchemaRegistry.name, let subject):
            return "subject \(subject) has no schema of this run (without --schema-registry, subjects are not looked up)"
        case .schemaNotFound(LocalSchemaRegistry.name, let id):
            return "schema id \(id) is not a local id of this run (without --schema-registry, only values this run wrote can be decoded)"
        case .subjectNotFound(let registry, let subject):
            return "subject \(subject) is not in the schema registry at \(registry)"
        case .schemaNotFound(let registry, let id):
            return "schema id \(id) is not in the schema registry at \(registry)"
        case .refused(let registry, let status, let code, let message):
            let detail = code.map { "error_code \($0): \(message)" } ?? message
            return "the schema registry at \(registry) answered HTTP \(status) (\(detail))"
        case .badAnswer(let registry, let detail):
            return "the schema registry at \(registry) gave an answer that is not its REST API's: \(detail)"
        case .unusableSchema(let registry, let detail):
            return "the schema registry at \(registry) holds a schema that cannot be used here: \(detail)"
        case .missingReference(let registry, let id, let name, let subject, let version):
            let of = id.map { "schema id \($0)" } ?? "the schema"
            return "\(of) references \(name) (subject \(subject) version \(version)), which is not in the schema registry at \(registry)"
        case .cancelled:
            return "the schema registry request was cancelled"
        }
    }
}

/// Without a registry: file schemas get ids from the runner itself (1, 2, ... in the order first seen; the same
/// schema under two subjects keeps one id, as in Confluent's registry). A service under test cannot resolve them.
public final class LocalSchemaRegistry: SchemaRegistry {
    private let state = Mutex<State>(State())

    private struct State {
        var byID: [Int32: ParsedSchema] = [:]
        var idByKey: [String: Int32] = [:]
        var versions: [String: [Int32]] = [:]
    }

    /// Stands for the registry in errors; `SchemaRegistryError.description` words local errors on its own.
    public static let name = "(local)"

    public init() {}

    public func register(subject: String, schema: ParsedSchema) throws(SchemaRegistryError) -> Int32 {
        state.withLock { state in
            let key = "\(schema.type.rawValue) \(schema.normalizedJSON)"
            let id: Int32
            if let known = state.idByKey[key] {
                id = known
            } else {
                id = Int32(state.byID.count + 1)
                state.idByKey[key] = id
                state.byID[id] = schema
            }
            if !(state.versions[subject] ?? []).contains(id) {
                state.versions[subject, default: []].append(id)
            }
            return id
        }
    }

    public func schema(id: Int32) throws(SchemaRegistryError) -> ParsedSchema {
        guard let schema = state.withLock({ $0.byID[id] }) else {
            throw .schemaNotFound(registry: Self.name, id: id)
        }
        return schema
    }

    public func subjects(id: Int32) -> [String] {
        state.withLock { state in state.versions.filter { $0.value.contains(id) }.map(\.key).sorted() }
    }

    public func latest(subject: String) throws(SchemaRegistryError) -> RegisteredSchema {
        let found: RegisteredSchema? = state.withLock { state in
            guard let versions = state.versions[subject], let id = versions.last, let schema = state.byID[id] else { return nil }
            return RegisteredSchema(subject: subject, version: versions.count, id: id, schema: schema)
        }
        guard let found else { throw .subjectNotFound(registry: Self.name, subject: subject) }
        return found
    }
}
