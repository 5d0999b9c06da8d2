import Foundation
import KafkaClient
import ScenarioResults

/// Who a trace id of this run belongs to: one attempt of one scenario.
struct TraceOwner: Sendable, Hashable {
    let scenario: String
    let attempt: Int
}

/// Every trace id this run gave out (§1.7), so that a reader can tell another attempt's message from its own.
final class TraceRegistry: Sendable {
    private let owners = Locked([String: TraceOwner]())

    func register(_ traceID: String, _ owner: TraceOwner) { owners.withLock { $0[traceID] = owner } }
    func owner(of traceID: String) -> TraceOwner? { owners.withLock { $0[traceID] } }
}

/// One scenario attempt's W3C trace context: `produce` and `http` send its `traceparent` (unless turned off), and
/// readers leave out messages that carry another attempt's trace id of this run, counting them.
final class AttemptTrace: Sendable {
    static let headerName = "traceparent"
    let traceID: String
    /// False with `--no-traceparent` or the suite's `traceparent: false`: nothing is sent (readers still filter).
    let sends: Bool
    let registry: TraceRegistry
    private let ignoredCounts = Locked([IgnoredKey: Int]())

    struct IgnoredKey: Hashable {
        let topic: String
        let owner: TraceOwner
    }

    init(owner: TraceOwner, sends: Bool, registry: TraceRegistry) {
        traceID = Self.randomHex(bytes: 16)
        self.sends = sends
        self.registry = registry
        registry.register(traceID, owner)
    }

    /// A tracing that sends nothing and knows no other attempt (unit tests, tools).
    static var none: AttemptTrace { AttemptTrace(owner: TraceOwner(scenario: "", attempt: 1), sends: false, registry: TraceRegistry()) }

    /// A fresh `traceparent` header: this attempt's trace id, a new span id, sampled.
    func header() -> Header {
        Header(name: Self.headerName, value: Array("00-\(traceID)-\(Self.randomHex(bytes: 8))-01".utf8))
    }

    /// The trace id of a `traceparent` value, or nil when it is not one.
    static func traceID(ofHeaderValue bytes: [UInt8]?) -> String? {
        guard let bytes, bytes.count >= 55 else { return nil }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[1].count == 32, parts[1].allSatisfy(\.isHexDigit) else { return nil }
        return parts[1].lowercased()
    }

    /// What a reader does with a message: nil when it belongs to another attempt of this run (left out and
    /// counted); else the message without the runner's own `traceparent`, which never takes part in matching.
    func admit(_ message: Message, topic: String) -> Message? {
        var runnersOwn = false
        for header in message.headers where header.name.lowercased() == Self.headerName {
            guard let id = Self.traceID(ofHeaderValue: header.value), let owner = registry.owner(of: id) else { continue }
            if id != traceID {
                ignoredCounts.withLock { $0[IgnoredKey(topic: topic, owner: owner), default: 0] += 1 }
                return nil
            }
            runnersOwn = true
        }
        guard runnersOwn else { return message }
        var own = message
        own.headers.removeAll { $0.name.lowercased() == Self.headerName && Self.traceID(ofHeaderValue: $0.value) == traceID }
        return own
    }

    /// The messages left out so far, as facts for the reports ("2 messages of scenario X ignored").
    func ignoredFacts() -> [Fact] {
        ignoredCounts.withLock { counts in
            counts.sorted { ($0.key.topic, $0.key.owner.scenario, $0.key.owner.attempt) < ($1.key.topic, $1.key.owner.scenario, $1.key.owner.attempt) }
                .map { .otherScenarioMessagesIgnored(topic: $0.key.topic, scenario: $0.key.owner.scenario,
                                                     attempt: $0.key.owner.attempt, count: $0.value) }
        }
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        repeat {
            text = (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        } while text.allSatisfy { $0 == "0" }   // all zeros is invalid in W3C trace context
        return text
    }
}
