import Foundation
import ScenarioResults
import XCTest
@testable import ScenarioEngine

final class RedactionTests: XCTestCase {
    func testSecretPropertyNames() {
        for key in ["sasl.password", "ssl.key.password", "ssl.keystore.password", "sasl.oauthbearer.client.secret",
                    "sasl.oauthbearer.config", "ssl.key.pem", "sasl.jaas.config", "SASL.PASSWORD"] {
            XCTAssertTrue(Redaction.isSecret(key), key)
        }
        for key in ["sasl.username", "sasl.mechanisms", "security.protocol", "ssl.ca.location", "bootstrap.servers"] {
            XCTAssertFalse(Redaction.isSecret(key), key)
        }
    }

    func testScrubsSecretValuesOnlyAndLongestFirst() {
        let scrub = SecretScrubber(properties: ["sasl.password": "hunter2-long", "ssl.key.password": "hunter2",
                                                "sasl.username": "alice", "sasl.oauthbearer.config": "abc"])
        XCTAssertEqual(scrub("auth failed for alice with hunter2-long, key hunter2"),
                       "auth failed for alice with ******, key ******")
        // Shorter values than the minimum would mask ordinary text; they are left in free text.
        XCTAssertEqual(scrub("abc"), "abc")
        XCTAssertTrue(SecretScrubber(properties: ["sasl.username": "alice"]).isEmpty)
    }

    func testScrubsEveryStringOfAResultButNoKey() {
        let secret = "line-with-\"quotes\"-and-\\"
        let scrub = SecretScrubber(properties: ["sasl.password": secret, "ssl.key.password": "status"])
        let result = ScenarioResult(name: "n \(secret)", suite: "s", file: "f", line: 1, status: .failed, duration: 1,
                                    failure: Failure(message: "got \(secret)", type: "T", details: "x\(secret)y"))
        let scrubbed = scrub.scrub(result)
        XCTAssertEqual(scrubbed.name, "n ******")
        XCTAssertEqual(scrubbed.failure?.message, "got ******")
        XCTAssertEqual(scrubbed.failure?.details, "x******y")
        XCTAssertEqual(scrubbed.status, .failed)
        XCTAssertEqual(scrubbed.suite, "s")
        // Without secrets nothing changes.
        XCTAssertEqual(SecretScrubber(properties: [:]).scrub(result).failure?.message, "got \(secret)")
    }

    /// The run the console prints at the end goes through the observer too: a secret learnt during the run
    /// (a service's env value) is hidden there as in every live event.
    func testTheScrubbingObserverHidesLearntSecretsInTheFinishedRun() {
        let seen = FinishedRunRecorder()
        let observer = ScrubbingObserver(seen, scrubber: SecretScrubber(properties: ["sasl.password": "from-the-cli"]))
        observer.alsoHide { ["token-of-a-service"] }
        let scenario = ScenarioResult(name: "n", suite: "s", file: "f", line: 1, status: .failed, duration: 1,
                                      failure: Failure(message: "from-the-cli and token-of-a-service", type: "T"))
        let environment = RunEnvironment(brokerMode: .embedded, bootstrapServers: "b", librdkafkaVersion: "v",
                                         toolVersion: "t", hostname: "h")
        observer.runFinished(RunResult(runID: "r", startedAt: Date(), duration: 1, environment: environment,
                                       suites: [SuiteResult(name: "s", file: "f", scenarios: [scenario])]))
        XCTAssertEqual(seen.finished?.scenarios.first?.failure?.message, "****** and ******")
    }

    /// Every event costs the same however many came before (issue 21 item 33): the learnt secrets'
    /// closure, once stored as `Locked`'s generic value, gained two reabstraction thunks per event, so
    /// 10,000 scenarios spent their time in a chain thousands of calls deep.
    func testTheScrubbingObserverCostsTheSamePerEventThroughAWholeRun() {
        let observer = ScrubbingObserver(FinishedRunRecorder(), scrubber: SecretScrubber(properties: [:]))
        observer.alsoHide { ["token-of-a-service"] }
        func timeEvents(_ count: Int) -> Double {
            let start = Date()
            for _ in 0..<count { observer.scenarioStarted(suite: "s", scenario: "n") }
            return Date().timeIntervalSince(start)
        }
        let first = timeEvents(5_000)
        _ = timeEvents(20_000)
        let later = timeEvents(5_000)
        XCTAssertLessThan(later, max(first * 3, 0.05), "5,000 events took \(first) s at the start of a run and \(later) s after 25,000")
    }
}

private final class FinishedRunRecorder: RunObserver, @unchecked Sendable {  // written and read on the test's thread
    var finished: RunResult?
    func runStarted(scenarioCount: Int, environment: RunEnvironment) {}
    func scenarioStarted(suite: String, scenario: String) {}
    func stepProgress(suite: String, scenario: String, step: String, done: Int, total: Int) {}
    func scenarioFinished(_ result: ScenarioResult) {}
    func warning(_ message: String) {}
    func runFinished(_ result: RunResult) { finished = result }
}
