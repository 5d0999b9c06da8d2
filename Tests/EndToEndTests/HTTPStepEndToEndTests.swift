import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SystemUnderTest
import XCTest

/// The `http` step through the built binary against Fixtures/http/server.py, a real server this test starts and stops:
/// scenarios that pass, ones that must fail (exit 1, the reason in junit.xml), and requests that get no answer.
final class HTTPStepEndToEndTests: XCTestCase {
    private var server: FixtureHTTPServer!
    private var closedURL = ""

    override func setUpWithError() throws {
        closedURL = try FixtureHTTPServer.closedURL()
        server = try FixtureHTTPServer()
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    private var environment: [String: String] { ["FIXTURE_HTTP": server.url, "FIXTURE_CLOSED": closedURL] }

    private func run(_ folder: String) throws -> (outcome: CLI.Outcome, junit: JUnitFile, text: String) {
        let reports = try CLI.temporaryDirectory()
        let path = CLI.fixtures.appendingPathComponent("http/\(folder)").path
        let outcome = try CLI.run(["run", path, "--report-dir", reports.path, "--jobs", "2"], environment: environment)
        let junitURL = reports.appendingPathComponent("junit.xml")
        return (outcome, try JUnitFile(junitURL), try String(contentsOf: junitURL, encoding: .utf8))
    }

    /// The message and body of a testcase's `<failure>` or `<error>`.
    private func problem(_ junit: JUnitFile, _ name: String, _ element: String,
                         file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let testcase = try XCTUnwrap(junit.testcase(named: name), "no testcase '\(name)'", file: file, line: line)
        let found = try XCTUnwrap(testcase.child(element), "'\(name)': no <\(element)> in \(testcase.xmlString)", file: file, line: line)
        return (found.attr("message") ?? "") + "\n" + (found.stringValue ?? "")
    }

    func testPassingScenariosPass() throws {
        let (outcome, junit, _) = try run("passing")
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        let cases = try junit.testcases()
        XCTAssertEqual(cases.count, 7)
        for testcase in cases {
            XCTAssertTrue(testcase.child("failure") == nil && testcase.child("error") == nil && testcase.child("skipped") == nil,
                          testcase.xmlString)
        }
    }

    func testMustFailScenariosFailWithTheRequestStatusAndBody() throws {
        let (outcome, junit, text) = try run("failing")
        XCTAssertEqual(outcome.status, 1, outcome.stdout + outcome.stderr)
        XCTAssertEqual(try junit.testcases().count, 4)
        let expectations: [(String, [String])] = [
            ("wrong status", ["GET \(server.url)/status/503: status: expected 2xx, got 503", "request: GET \(server.url)/status/503",
                              "Authorization: ******", "response: 503", #""status": 503"#]),
            ("wrong json", ["POST \(server.url)/orders: json.received.bet: expected 50, got 5", "response: 201",
                            #""bet": 5"#, "Content-Type: application/json"]),
            ("header mismatch", [#"GET \#(server.url)/hello: headers.x-served-by: expected "someone-else", got "fixture""#]),
            ("secret echoed", [#"json.method: expected "POST", got "GET""#, "X-Api-Key: ******", #""authorization": "******""#]),
        ]
        for (name, texts) in expectations {
            let failure = try problem(junit, name, "failure")
            for expected in texts { XCTAssertTrue(failure.contains(expected), "'\(name)' lacks '\(expected)':\n\(failure)") }
        }
        for secret in ["e2e-secret-token", "e2e-api-key", "e2e-cookie"] {
            XCTAssertFalse(text.contains(secret), "junit.xml shows the secret '\(secret)'")
            XCTAssertFalse(outcome.stdout.contains(secret) || outcome.stderr.contains(secret), "the console shows '\(secret)'")
        }
    }

    func testNoAnswerIsAnErrorNamingTheURL() throws {
        let (outcome, junit, _) = try run("errors")
        XCTAssertEqual(outcome.status, 1, outcome.stdout + outcome.stderr)
        let refused = try problem(junit, "connection refused", "error")
        XCTAssertTrue(refused.contains("TRANSPORT: GET \(closedURL)/health: could not connect"), refused)
        let timeout = try problem(junit, "timeout", "error")
        XCTAssertTrue(timeout.contains("TIMED_OUT: GET \(server.url)/slow?ms=3000: timed out (no answer within 0.5s)"), timeout)
    }

    func testTimeoutEndsARequestInFlight() throws {
        let reports = try CLI.temporaryDirectory()
        let outcome = try CLI.run(["run", CLI.fixtures.appendingPathComponent("http/slow_call.yaml").path, "--report-dir", reports.path,
                                   "--timeout", "1s"], environment: environment)
        XCTAssertEqual(outcome.status, 1, outcome.stdout + outcome.stderr)
        let error = try problem(JUnitFile(reports.appendingPathComponent("junit.xml")), "slow call", "error")
        XCTAssertTrue(error.contains("interrupted: --timeout 1s reached"), error)
    }

    func testJSONAndBodyTogetherIsInvalidInput() throws {
        let path = CLI.fixtures.appendingPathComponent("http/json_and_body.yaml").path
        let outcome = try CLI.run(["validate", path])
        XCTAssertEqual(outcome.status, 2, outcome.stdout + outcome.stderr)
        XCTAssertTrue((outcome.stdout + outcome.stderr).contains("\(path):7:7: error: 'json' and 'body' cannot be used together in http"),
                      outcome.stdout + outcome.stderr)
    }

    // MARK: - the client itself

    private func send(_ path: String, method: String = "GET", headers: [(name: String, value: String)] = [],
                      body: String? = nil, timeout: Double = 10, base: String? = nil) throws -> HTTPResponse {
        let request = HTTPRequest(method: method, url: try XCTUnwrap(URL(string: (base ?? server.url) + path)), headers: headers,
                                  body: body.map { Data($0.utf8) }, timeout: timeout)
        return try URLSessionTransport().send(request, cancelled: { false })
    }

    func testTheClientSendsMethodHeadersAndBodyAndReadsTheAnswer() throws {
        let answer = try send("/echo", method: "PATCH", headers: [("X-One", "1")], body: "payload")
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(answer.header("content-type"), "application/json")
        let echoed = try XCTUnwrap(JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
        XCTAssertEqual(echoed["method"] as? String, "PATCH")
        XCTAssertEqual(echoed["body"] as? String, "payload")
        XCTAssertEqual((echoed["headers"] as? [String: String])?["x-one"], "1")
        XCTAssertNil((echoed["headers"] as? [String: String])?["cookie"], "no cookies of its own")
    }

    func testTheClientDoesNotFollowRedirects() throws {
        let answer = try send("/redirect")
        XCTAssertEqual(answer.status, 302)
        XCTAssertEqual(answer.header("Location"), "/hello")
    }

    func testTheClientTellsRefusedFromTimedOut() throws {
        XCTAssertThrowsError(try send("/x", base: closedURL)) {
            XCTAssertEqual(($0 as? HTTPClientError)?.kind, .connectionRefused, "\($0)")
        }
        XCTAssertThrowsError(try send("/slow?ms=2000", timeout: 0.3)) {
            XCTAssertEqual(($0 as? HTTPClientError)?.kind, .timedOut, "\($0)")
        }
        XCTAssertThrowsError(try URLSessionTransport().send(
            HTTPRequest(method: "GET", url: try XCTUnwrap(URL(string: server.url + "/slow?ms=2000")), timeout: 10),
            cancelled: { true })) {
            XCTAssertEqual(($0 as? HTTPClientError)?.kind, .cancelled, "\($0)")
        }
    }
}
