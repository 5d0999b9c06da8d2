import Foundation
import ScenarioResults

/// Everything the command line decides about a run.
public struct RunOptions: Sendable {
    /// nil: start the embedded broker.
    public var bootstrapServers: String?
    public var embeddedBrokers = 3
    /// -X and --client-config properties, applied to every client.
    public var clientProperties: [String: String] = [:]
    public var jobs = 1
    public var shard: Shard?
    public var failFast = false
    /// `--retries N`: for scenarios without `retries:` of their own.
    public var retries = 0
    public var variables: [(String, String)] = []
    public var keepTopics = false
    /// False with `--no-traceparent`: produce and http steps send no W3C trace header of their scenario attempt.
    public var traceparent = true
    public var connectTimeout = 10.0
    public var observer: RunObserver?
    public var toolVersion = "0.1.0"
    /// Where each service's log is written: `<report-dir>/services`.
    public var serviceLogDirectory = "reports/services"
    /// Every secret the command line knows (client properties, registry auth): service logs hide them too.
    public var knownSecrets: [String] = []
    /// `--schema-registry` (or SCHEMA_REGISTRY_URL, or the profile's): nil means local schema ids.
    public var schemaRegistry: SchemaRegistryOptions?

    public init() {}
}

/// `--shard I/N`: the I-th (1-based) of N deterministic slices of the scenarios.
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int
    /// `I/N` with I in 1...N; `0/N` is shard N, so that an index counted from 0 (a Kubernetes Indexed Job's
    /// `JOB_COMPLETION_INDEX`) names every shard once as well.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0...n).contains(i) else { return nil }
        index = i == 0 ? n : i
        count = n
    }
}

/// Where the schema registry is and how to sign in; the password is never shown.
public struct SchemaRegistryOptions: Sendable {
    public var url: String
    /// `user:password` with `${env:NAME}` already replaced.
    public var credentials: String?

    public init(url: String, credentials: String? = nil) {
        self.url = url
        self.credentials = credentials
    }

    /// What must never appear in any output: the password, from the auth or from the URL's user info, and
    /// the Basic credentials as they travel (base64 of user:password), which a registry's error body may echo.
    public var secrets: [String] {
        var found = Self.secrets(ofCredentials: credentials)
        if let parts = URLComponents(string: url), let password = parts.password {
            found.append(password)
            found.append(password.removingPercentEncoding ?? password)
            found += Self.secrets(ofCredentials: "\(parts.user ?? ""):\(password.removingPercentEncoding ?? password)")
        }
        return found.filter { !$0.isEmpty }
    }

    /// The password of `user:password` and the base64 of the whole; empty for nil.
    public static func secrets(ofCredentials credentials: String?) -> [String] {
        guard let credentials, let colon = credentials.firstIndex(of: ":") else { return [] }
        return [String(credentials[credentials.index(after: colon)...]), Data(credentials.utf8).base64EncodedString()]
    }
}
