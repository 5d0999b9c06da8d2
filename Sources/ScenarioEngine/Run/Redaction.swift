import Foundation
import ScenarioResults

/// Hides the values of client properties that hold secrets.
public enum Redaction {
    public static let mask = "******"

    public static func isSecret(_ key: String) -> Bool {
        let k = key.lowercased()
        return ["password", "secret", "token", "credential"].contains { k.contains($0) }
            || k.hasPrefix("sasl.oauthbearer.") || k.hasPrefix("ssl.key.") || k == "sasl.jaas.config"
            || k.hasSuffix(".pem") || k.contains("keystore")
    }

    public static func redact(key: String, value: String) -> String { isSecret(key) ? mask : value }
}

/// Removes the values of secret client properties from any text that leaves the process:
/// librdkafka error strings, failure messages and step logs can echo a value that was never
/// meant to be shown, so every output is scrubbed, not only the property listing.
public struct SecretScrubber: Sendable {
    /// Values shorter than this cannot be told apart from ordinary text; the property
    /// listing still hides them.
    public static let minimumLength = 4

    /// Longest first, so a secret that contains another is replaced whole.
    public let secrets: [String]

    public init(properties: [String: String]) {
        self.init(values: properties.filter { Redaction.isSecret($0.key) }.map(\.value))
    }

    /// Secret values known as such (a service's env entries named like secrets).
    public init(values: [String]) {
        secrets = Set(values.filter { $0.count >= Self.minimumLength }).sorted { $0.count > $1.count }
    }

    /// This scrubber, hiding `values` too.
    public func adding(_ values: [String]) -> SecretScrubber {
        values.isEmpty ? self : SecretScrubber(values: secrets + values)
    }

    public var isEmpty: Bool { secrets.isEmpty }

    public func callAsFunction(_ text: String) -> String {
        Self.maskURLPasswords(secrets.reduce(text) { $0.contains($1) ? $0.replacingOccurrences(of: $1, with: Redaction.mask) : $0 })
    }

    /// `scheme://user:PASSWORD@host` anywhere in a text (a step named after its URL): the password masked,
    /// whether or not it is a known secret.
    public static func maskURLPasswords(_ text: String) -> String {
        guard text.contains("://"), text.contains("@") else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return userInfo.stringByReplacingMatches(in: text, range: range, withTemplate: "$1\(Redaction.mask)@")
    }

    private static let userInfo = try! NSRegularExpression(pattern: "([A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:)[^/\\s@]+@")

    /// Every string of a Codable value (a result, a run), scrubbed: the value goes through its JSON
    /// form, where every string is reachable, so no field can be forgotten. Keys are left alone.
    public func scrub<T: Codable>(_ value: T) -> T {
        guard let data = try? JSONEncoder().encode(value),
              let tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let scrubbed = try? JSONSerialization.data(withJSONObject: scrubStrings(tree), options: [.fragmentsAllowed]),
              let result = try? JSONDecoder().decode(T.self, from: scrubbed)
        else { return value }
        return result
    }

    private func scrubStrings(_ node: Any) -> Any {
        switch node {
        case let text as String: return self(text)
        case let array as [Any]: return array.map(scrubStrings)
        case let object as [String: Any]: return object.mapValues(scrubStrings)
        default: return node
        }
    }
}

/// Passes live run events on with every secret value scrubbed.
public final class ScrubbingObserver: RunObserver, Sendable {
    private let inner: RunObserver
    private let base: SecretScrubber
    /// Secrets learnt during the run (services' env values, known once they start). In a struct: a
    /// closure stored as `Locked`'s generic value is re-wrapped in two reabstraction thunks by every
    /// `withLock` (its inout is converted and written back), so each event cost more than the last and
    /// a run of 10,000 scenarios spent most of its time in a chain thousands of thunks deep.
    private struct Source: Sendable { let secrets: @Sendable () -> [String] }
    private let learnt = Locked(Source(secrets: { [] }))

    public init(_ inner: RunObserver, scrubber: SecretScrubber) {
        self.inner = inner
        self.base = scrubber
    }

    /// Hides what `secrets` returns too, from the next event on.
    public func alsoHide(_ secrets: @escaping @Sendable () -> [String]) { learnt.withLock { $0 = Source(secrets: secrets) } }

    private var scrubber: SecretScrubber { base.adding(learnt.withLock { $0 }.secrets()) }

    public func runStarted(scenarioCount: Int, environment: RunEnvironment) {
        inner.runStarted(scenarioCount: scenarioCount, environment: scrubber.scrub(environment))
    }

    public func scenarioStarted(suite: String, scenario: String) {
        inner.scenarioStarted(suite: scrubber(suite), scenario: scrubber(scenario))
    }

    public func stepProgress(suite: String, scenario: String, step: String, done: Int, total: Int) {
        inner.stepProgress(suite: scrubber(suite), scenario: scrubber(scenario), step: scrubber(step), done: done, total: total)
    }

    public func scenarioFinished(_ result: ScenarioResult) { inner.scenarioFinished(scrubber.scrub(result)) }
    public func warning(_ message: String) { inner.warning(scrubber(message)) }
    public func runFinished(_ result: RunResult) { inner.runFinished(scrubber.scrub(result)) }
}
