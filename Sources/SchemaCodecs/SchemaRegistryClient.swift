import Synchronization
import Foundation
import JSONValues
import SystemUnderTest

/// `user:password` for the registry's basic auth. Its description never shows the password.
public struct RegistryCredentials: Sendable, CustomStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// `user:password` (the password may hold colons; the user may not); nil without a colon.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        self.init(user: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }

    public var description: String { "\(user):***" }

    var header: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }
}

/// A Confluent-compatible schema registry over HTTP (Confluent Schema Registry, Karapace, Apicurio's ccompat API):
/// the REST subset `POST /subjects/{s}/versions`, `POST /subjects/{s}`, `GET /schemas/ids/{id}`,
/// `GET /subjects/{s}/versions/latest` and `/versions/{n}` (for references).
/// Answers are cached for the client's life: by id, by (subject, schema) for registrations, by subject for latest.
public final class SchemaRegistryClient: SchemaRegistry {
    /// The URL as shown in messages: without any user info.
    public let registry: String
    private let base: URL
    private let credentials: RegistryCredentials?
    private let transport: any HTTPTransport
    private let timeout: Double
    private let cancelled: @Sendable () -> Bool
    private let cache = Mutex<Cache>(Cache())

    private struct Cache {
        var byID: [Int32: ParsedSchema] = [:]
        var registered: [String: (id: Int32, version: Int?)] = [:]
        var latest: [String: RegisteredSchema] = [:]
    }

    /// `url`: `http://host:8081` (a path prefix is kept). User info in the URL is used as credentials when
    /// none are given, and never shown.
    public init(url: URL, credentials: RegistryCredentials? = nil, transport: any HTTPTransport = URLSessionTransport(),
                timeout: Double = 10, cancelled: @escaping @Sendable () -> Bool = { false }) {
        var parts = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var fromURL: RegistryCredentials?
        if let user = parts?.user {
            fromURL = RegistryCredentials(user: user.removingPercentEncoding ?? user,
                                          password: parts?.password?.removingPercentEncoding ?? "")
        }
        parts?.user = nil
        parts?.password = nil
        if let path = parts?.path, path.hasSuffix("/") { parts?.path = String(path.dropLast()) }
        self.base = parts?.url ?? url
        self.registry = base.absoluteString
        self.credentials = credentials ?? fromURL
        self.transport = transport
        self.timeout = timeout
        self.cancelled = cancelled
    }

    public func register(subject: String, schema: ParsedSchema) throws(SchemaRegistryError) -> Int32 {
        try registered(subject: subject, schema: schema).id
    }

    /// Registers the schema (a .proto's imports first, each under its import path, as Confluent's serializers do,
    /// then referenced), with its id and version.
    private func registered(subject: String, schema: ParsedSchema) throws(SchemaRegistryError) -> (id: Int32, version: Int?) {
        let key = "\(subject)\n\(schema.type.rawValue)\n\(schema.normalizedJSON)"
        if let found = cache.withLock({ $0.registered[key] }) { return found }
        var references: [JSONValue] = []
        if case .protobuf(let proto) = schema {
            for file in proto.imports {
                let dependency: ProtobufSchema
                do {
                    dependency = try ProtobufSchema(text: file.text, references: proto.imports.map { (name: $0.name, text: $0.text) }, importsOnly: true)
                } catch { throw .unusableSchema(registry: registry, detail: "\(file.name): \(error.message)") }
                var version = try registered(subject: file.name, schema: .protobuf(dependency)).version
                if version == nil { version = try lookupVersion(subject: file.name, schema: .protobuf(dependency)) }
                if proto.directImports.contains(file.name) {
                    references.append(SchemaReferenceEntry(name: file.name, subject: file.name, version: version ?? 1).json)
                }
            }
        }
        var body: [JSONMember] = [JSONMember("schema", .string(schema.text))]
        // AVRO is the REST API's default; older registries reject the field.
        if schema.type != .avro { body.append(JSONMember("schemaType", .string(schema.type.rawValue))) }
        if !references.isEmpty { body.append(JSONMember("references", .array(references))) }
        let answer = try request("POST", ["subjects", subject, "versions"], body: .object(body), subject: subject)
        guard case .int(let number)? = answer["id"], let id = Int32(exactly: number) else {
            throw .badAnswer(registry: registry, detail: "no id in \(answer.compactJSON)")
        }
        var version: Int?
        if case .int(let v)? = answer["version"] { version = Int(v) }
        cache.withLock { cache in
            cache.registered[key] = (id, version)
            cache.byID[id] = schema
            // A new version may now be the latest.
            cache.latest[subject] = nil
        }
        return (id, version)
    }

    /// The version under which the subject holds the schema (`POST /subjects/{subject}`).
    private func lookupVersion(subject: String, schema: ParsedSchema) throws(SchemaRegistryError) -> Int {
        var body: [JSONMember] = [JSONMember("schema", .string(schema.text))]
        if schema.type != .avro { body.append(JSONMember("schemaType", .string(schema.type.rawValue))) }
        let answer = try request("POST", ["subjects", subject], body: .object(body), subject: subject)
        guard case .int(let version)? = answer["version"] else {
            throw .badAnswer(registry: registry, detail: "no version in \(answer.compactJSON)")
        }
        return Int(version)
    }

    public func schema(id: Int32) throws(SchemaRegistryError) -> ParsedSchema {
        if let schema = cache.withLock({ $0.byID[id] }) { return schema }
        let answer = try request("GET", ["schemas", "ids", String(id)], body: nil, id: id)
        let schema = try parse(answer, id: id)
        cache.withLock { $0.byID[id] = schema }
        return schema
    }

    public func latest(subject: String) throws(SchemaRegistryError) -> RegisteredSchema {
        if let found = cache.withLock({ $0.latest[subject] }) { return found }
        let answer = try request("GET", ["subjects", subject, "versions", "latest"], body: nil, subject: subject)
        guard case .int(let number)? = answer["id"], let id = Int32(exactly: number),
              case .int(let version)? = answer["version"] else {
            throw .badAnswer(registry: registry, detail: "no id or version in \(answer.compactJSON)")
        }
        let found = RegisteredSchema(subject: subject, version: Int(version), id: id, schema: try parse(answer))
        cache.withLock { cache in
            cache.latest[subject] = found
            cache.byID[id] = found.schema
        }
        return found
    }

    /// `GET /schemas/ids/{id}/versions`; empty when the registry does not answer it.
    public func subjects(id: Int32) -> [String] {
        guard let answer = try? request("GET", ["schemas", "ids", String(id), "versions"], body: nil, id: id),
              case .array(let items) = answer else { return [] }
        return items.compactMap { $0["subject"]?.stringValue }
    }

    /// A schema answer, its references fetched by subject and version (theirs first).
    private func parse(_ answer: JSONValue, id: Int32? = nil) throws(SchemaRegistryError) -> ParsedSchema {
        guard let text = answer["schema"]?.stringValue else {
            throw .badAnswer(registry: registry, detail: "no schema in \(answer.compactJSON)")
        }
        let typeName = answer["schemaType"]?.stringValue ?? "AVRO"
        guard let type = SchemaType(rawValue: typeName) else {
            throw .unusableSchema(registry: registry, detail: "schemaType \(typeName) (only AVRO, JSON and PROTOBUF are supported)")
        }
        var fetched: [FetchedReference] = []
        try fetchReferences(of: answer, into: &fetched, depth: 0, id: id)
        do { return try SchemaReferences.schema(type: type, text: text, references: fetched) } catch {
            throw .unusableSchema(registry: registry, detail: (id.map { "schema id \($0): " } ?? "") + error.message)
        }
    }

    private func fetchReferences(of answer: JSONValue, into fetched: inout [FetchedReference], depth: Int,
                                 id: Int32?) throws(SchemaRegistryError) {
        guard case .array(let references)? = answer["references"], depth < 16 else { return }
        for reference in references {
            guard let name = reference["name"]?.stringValue, let subject = reference["subject"]?.stringValue,
                  case .int(let version)? = reference["version"] else {
                throw .badAnswer(registry: registry, detail: "a reference without name, subject and version: \(reference.compactJSON)")
            }
            if fetched.contains(where: { $0.name == name }) { continue }
            let held: JSONValue
            do {
                held = try request("GET", ["subjects", subject, "versions", String(version)], body: nil, subject: subject)
            } catch {
                if case .subjectNotFound = error {
                    throw .missingReference(registry: registry, id: id, name: name, subject: subject, version: Int(version))
                }
                throw error
            }
            try fetchReferences(of: held, into: &fetched, depth: depth + 1, id: id)
            guard let text = held["schema"]?.stringValue else {
                throw .badAnswer(registry: registry, detail: "no schema in \(held.compactJSON)")
            }
            fetched.append(FetchedReference(name: name, subject: subject, version: Int(version), text: text))
        }
    }

    private func request(_ method: String, _ path: [String], body: JSONValue?, subject: String? = nil,
                         id: Int32? = nil) throws(SchemaRegistryError) -> JSONValue {
        var url = base
        // Each segment percent-encoded on its own: a subject may hold '/' or spaces.
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
        let encoded = path.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }.joined(separator: "/")
        url = URL(string: base.absoluteString + "/" + encoded) ?? url
        var headers: [(name: String, value: String)] = [
            (name: "Accept", value: "application/vnd.schemaregistry.v1+json, application/json"),
        ]
        if body != nil { headers.append((name: "Content-Type", value: "application/vnd.schemaregistry.v1+json")) }
        if let credentials { headers.append((name: "Authorization", value: credentials.header)) }
        let request = HTTPRequest(method: method, url: url, headers: headers,
                                  body: body.map { Data($0.compactJSON.utf8) }, timeout: timeout)
        let response: HTTPResponse
        do { response = try transport.send(request, cancelled: cancelled) } catch {
            if let client = error as? HTTPClientError {
                if client.kind == .cancelled { throw .cancelled }
                throw .unreachable(registry: registry, detail: client.detail)
            }
            throw .unreachable(registry: registry, detail: "\(error)")
        }
        let answer = try? JSONText.parse(String(decoding: response.body, as: UTF8.self))
        switch response.status {
        case 200..<300:
            guard let answer else {
                throw .badAnswer(registry: registry, detail: "HTTP \(response.status) with a body that is not JSON")
            }
            return answer
        case 401, 403:
            throw .unauthorized(registry: registry, status: response.status, withCredentials: credentials != nil)
        default:
            var code: Int?
            if case .int(let number)? = answer?["error_code"] { code = Int(number) }
            let message = answer?["message"]?.stringValue
                ?? String(decoding: response.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if response.status == 404 {
                if code == 40403, let id { throw .schemaNotFound(registry: registry, id: id) }
                if let subject, code == 40401 || code == 40402 || code == nil {
                    throw .subjectNotFound(registry: registry, subject: subject)
                }
                if let id { throw .schemaNotFound(registry: registry, id: id) }
            }
            throw .refused(registry: registry, status: response.status, errorCode: code,
                           message: message.isEmpty ? response.reasonPhrase : message)
        }
    }
}
