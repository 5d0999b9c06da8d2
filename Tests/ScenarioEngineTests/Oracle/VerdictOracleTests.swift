import Foundation
import KafkaClient
import PropertyBased
import ScenarioResults
import ScenarioSpec
import XCTest
@testable import ScenarioEngine

/// Property tests: random message streams, expectations and window cuts, where the engine's verdict must equal
/// the oracle model's (OracleModel.swift, written from DESIGN §1.4 and §2). Every failure names its seed:
/// `ORACLE_SEED=<seed> swift test --filter VerdictOracleTests` replays that one case.
final class VerdictOracleTests: XCTestCase {
    private static let replay = ProcessInfo.processInfo.environment["ORACLE_SEED"]

    /// Runs `body` on `count` cases, each from its own seeded generator (one case when a seed is replayed).
    private func cases(_ count: Int, _ body: (inout OracleGenerators, String) throws -> Void) rethrows {
        for _ in 0..<(Self.replay == nil ? count : 1) {
            let rng = Self.replay.flatMap { Xoshiro(seed: $0) } ?? Xoshiro()
            var generators = OracleGenerators(rng: rng)
            try body(&generators, rng.currentSeed)
        }
    }

    private func node(_ yaml: String) throws -> Node {
        let (root, diagnostics) = YAMLReader().read(Array(yaml.utf8), file: "oracle.yaml")
        XCTAssertEqual(diagnostics.map(\.message), [], yaml)
        return try XCTUnwrap(root, yaml)
    }

    private func view(_ message: OMessage, offset: Int64 = 0) -> JSONValue {
        MessageView.json(Message(topic: "t", partition: 0, offset: offset, key: message.key.map { Array($0.utf8) },
                                 value: message.valueText.map { Array($0.utf8) }, headers: [], timestampMs: nil, receivedAtMs: 0),
                         declaredTopic: "t")
    }

    // MARK: matchers: types, text, absent keys, null and tombstones, scalars

    func testMatchersAgreeWithTheModel() throws {
        try cases(4000) { gen, seed in
            let expected = gen.messageMatcher()
            let message = gen.message()
            let yaml = OYAML.messageMatcher(expected)
            let engine = try MessageMatcher.compile(node(yaml)).mismatches(view(message), context: TemplateContext())
            let model = OModel.holds(expected, message)
            if engine.isEmpty != model {
                XCTFail("seed \(seed): \(yaml) on \(message): model says \(model ? "match" : "no match"), engine says \(engine.isEmpty ? "match" : engine.map(\.description).joined(separator: "; "))")
            }
        }
    }

    // MARK: assignment of expectations (order: any), with and without exact

    func testAssignmentAgreesWithTheModelWhateverTheOrderOfTheList() throws {
        try cases(2500) { gen, seed in
            let expectations = (0..<gen.int(1...3)).map { _ in gen.messageMatcher() }
            let messages = (0..<gen.int(0...4)).map { _ in gen.message() }
            let exact = gen.chance(30)
            let model = OModel.assignable(expectations, messages, exact: exact)
            for list in [expectations, expectations.reversed()] {
                let compiled = try list.map { try MessageMatcher.compile(node(OYAML.messageMatcher($0))) }
                var matcher = ExpectationMatcher(expectations: compiled, order: .any, exact: exact, context: TemplateContext())
                var engine = true
                do {
                    for (i, message) in messages.enumerated() { try matcher.consume(view(message, offset: Int64(i))) }
                    engine = matcher.allMatched
                } catch {
                    engine = false
                }
                if engine != model {
                    XCTFail("seed \(seed): expectations \(list.map(OYAML.messageMatcher)) exact \(exact) on \(messages): model \(model), engine \(engine)")
                }
            }
        }
    }

    // MARK: counts, bounds, uniqueness and windows cut short, through the expect runner

    private enum Verdict: Equatable { case passed, failed, error }

    func testCountsBoundsUniquenessAndCutWindowsAgreeWithTheModel() throws {
        try cases(120) { gen, seed in
            let ids: [OValue?] = (0..<gen.int(0...3)).map { _ in gen.chance(15) ? nil : gen.pick([.int(1), .int(2), .string(OracleGenerators.nfc), .string(OracleGenerators.nfd)]) }
            let countOp = gen.pick(["", "==", ">=", "<=", "<"])
            let countValue = gen.int(0...3)
            let unique = gen.chance(35)
            let exactNone = !unique && countOp.isEmpty && gen.chance(30)   // messages: [], exact: true
            let cut = gen.chance(35)
            let capture = !exactNone && gen.chance(25)   // capture: needs a message to capture from
            // Without `within` the window is the rest of the scenario (here 60 ms): judged there, never an error.
            let withinGiven = gen.chance(75)

            // The model (DESIGN §2).
            let mustWaitOut = exactNone || unique || ["==", "<=", "<"].contains(countOp)
            let model: Verdict
            if withinGiven && cut && mustWaitOut {
                model = .error
            } else {
                let seen = ids.count
                var holds: Bool
                switch countOp {
                case "==": holds = seen == countValue
                case ">=": holds = seen >= countValue
                case "<=": holds = seen <= countValue
                case "<": holds = seen < countValue
                default: holds = exactNone ? seen == 0 : seen >= 1   // without messages: and count:, at least one
                }
                if unique {
                    for (i, id) in ids.enumerated() {
                        guard let id else { holds = false; break }
                        if ids[..<i].contains(where: { $0.map { OModel.equal($0, id) } ?? false }) { holds = false; break }
                    }
                }
                if capture && ids.isEmpty { holds = false }
                model = holds ? .passed : .failed
            }

            let kafka = FakeKafkaSession()
            kafka.addTopic("orders")
            for id in ids {
                kafka.append(topic: "orders", value: id.map { OValue.object([("id", $0)]).description } ?? "{}")
            }
            var keys = ["topic: orders"] + (withinGiven ? ["within: 40ms"] : [])
            if !countOp.isEmpty { keys.append("count: \"\(countOp == "==" ? "" : countOp + " ")\(countValue)\"") }
            if unique { keys.append("unique: value.id") }
            if exactNone { keys.append(contentsOf: ["messages: []", "exact: true"]) }
            if capture { keys.append("capture: { got: value }") }
            let step = "- expect: { " + keys.joined(separator: ", ") + " }"
            let engine = try run(step, on: kafka, remaining: withinGiven ? (cut ? 0.02 : 30) : 0.06)
            if engine != model {
                XCTFail("seed \(seed): \(step) with ids \(ids.map { $0?.description ?? "missing" }) \(cut ? "cut to 20ms" : ""): model \(model), engine \(engine)")
            }
        }
    }

    func testExpectNoneAndItsCutWindowsAgreeWithTheModel() throws {
        try cases(60) { gen, seed in
            let ids: [OValue?] = (0..<gen.int(0...2)).map { _ in gen.chance(20) ? nil : gen.pick([.int(1), .string(OracleGenerators.nfc), .string(OracleGenerators.nfd)]) }
            let wanted: OValue? = gen.chance(60) ? gen.pick([.int(1), .string(OracleGenerators.nfc), .string(OracleGenerators.nfd)]) : nil
            let cut = gen.chance(35)
            let matching = ids.contains { id in wanted.map { w in id.map { OModel.equal($0, w) } ?? false } ?? true }
            let model: Verdict = cut ? .error : (matching ? .failed : .passed)

            let kafka = FakeKafkaSession()
            kafka.addTopic("orders")
            for id in ids { kafka.append(topic: "orders", value: id.map { OValue.object([("id", $0)]).description } ?? "{}") }
            let step = "- expect_none: { topic: orders, for: 40ms" + (wanted.map { ", matching: { value: { id: \($0) } }" } ?? "") + " }"
            let engine = try run(step, on: kafka, remaining: cut ? 0.02 : 30)
            if engine != model {
                XCTFail("seed \(seed): \(step) with ids \(ids.map { $0?.description ?? "missing" }) \(cut ? "cut to 20ms" : ""): model \(model), engine \(engine)")
            }
        }
    }

    private func run(_ step: String, on kafka: FakeKafkaSession, remaining: Double) throws -> Verdict {
        let yaml = """
            suite: oracle
            topics: [{ name: orders }]
            scenarios:
              - name: one
                timeout: 30s
                steps:
                  \(step)
            """
        let loaded = SpecLoader().load(bytes: Array(yaml.utf8), file: "oracle.yaml")
        let scenario = try XCTUnwrap(loaded.suite?.scenarios.first, "\(loaded.diagnostics)")
        let ctx = ScenarioContext(session: kafka, runID: "oracle", suiteName: "oracle", scenarioName: scenario.name,
                                  scenarioFile: "oracle.yaml", topicNames: [:], variables: [:], environment: [:],
                                  cancellation: Cancellation(), registry: TopicRegistry(), isolationID: "oracle.1")
        let deadline = ctx.clock.begin(timeout: remaining)
        let (outcome, _) = StepExecutor(ctx: ctx, progress: { _, _, _ in }).execute(scenario.steps[0], deadline: deadline)
        switch outcome {
        case .passed: return .passed
        case .failed: return .failed
        default: return .error
        }
    }
}
