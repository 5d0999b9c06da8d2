import Foundation
import ScenarioResults
import ScenarioSpec
import SystemUnderTest
import XCTest
@testable import ScenarioEngine

/// The `http` step against a fake transport: what it sends, how it judges the answer, what it captures, and
/// how a missing answer becomes an error.
final class HTTPStepTests: XCTestCase {
    /// Answers every request with `answer` (or throws `error`) and keeps what it was sent.
    final class FakeTransport: HTTPTransport, @unchecked Sendable {
        // @unchecked: the tests send one request at a time.
        var answer: HTTPResponse
        var error: HTTPClientError?
        private(set) var sent: [HTTPRequest] = []

        init(_ answer: HTTPResponse = HTTPResponse(status: 200), error: HTTPClientError? = nil) {
            self.answer = answer
            self.error = error
        }

        func send(_ request: HTTPRequest, cancelled: @escaping @Sendable () -> Bool) throws -> HTTPResponse {
            sent.append(request)
            if let error { throw error }
            return answer
        }
    }

    /// The http step of a one-step scenario written as YAML (the mapping under `- http:`).
    private func step(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) throws -> HTTPStep {
        let text = "name: t\nvars: { user: u1, token: s3cr3t-token }\nsteps:\n  - http:\n"
            + yaml.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n"
        let loaded = SpecLoader().load(bytes: Array(text.utf8), file: "t.yaml")
        let suite = try XCTUnwrap(loaded.suite, "\(loaded.diagnostics)", file: file, line: line)
        return try XCTUnwrap(suite.scenarios.first?.steps.first?.kind as? HTTPStep, "no http step", file: file, line: line)
    }

    private func perform(_ step: HTTPStep, _ transport: FakeTransport,
                         variables: [String: JSONValue] = ["user": .string("u1"), "token": .string("s3cr3t-token")]) throws -> HTTPExchange.Answer {
        try HTTPExchange(step: step, transport: transport, templates: TemplateContext(variables: variables),
                         cancelled: { false }).perform(deadline: Deadline.after(30))
    }

    private func json(_ text: String) -> Data { Data(text.utf8) }

    /// The failure a step raises; fails the test when it passes or raises something else.
    private func failure(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> Failure? {
        do {
            try body()
            XCTFail("expected the step to fail, it passed", file: file, line: line)
        } catch StepError.failed(let f) {
            return f
        } catch {
            XCTFail("expected a failure, got \(error)", file: file, line: line)
        }
        return nil
    }

    // MARK: - the request

    func testGetIsTheDefaultAndTemplatesAreRendered() throws {
        let transport = FakeTransport()
        _ = try perform(step("url: \"http://svc/users/{{ user }}\"\nheaders: { X-User: \"{{ user }}\" }"), transport)
        let sent = try XCTUnwrap(transport.sent.first)
        XCTAssertEqual(sent.method, "GET")
        XCTAssertEqual(sent.url.absoluteString, "http://svc/users/u1")
        XCTAssertEqual(sent.headers.map(\.name), ["X-User"])
        XCTAssertEqual(sent.headers.first?.value, "u1")
        XCTAssertNil(sent.body)
        XCTAssertEqual(sent.timeout, 10, "within defaults to 10s")
    }

    func testJSONBodyIsSentAsJSONWithItsContentType() throws {
        let transport = FakeTransport()
        _ = try perform(step("method: post\nurl: http://svc/spin\njson: { user_id: \"{{ user }}\", bet: 50 }\nwithin: 2s"), transport)
        let sent = try XCTUnwrap(transport.sent.first)
        XCTAssertEqual(sent.method, "POST", "methods are upper-cased")
        XCTAssertEqual(String(decoding: sent.body ?? Data(), as: UTF8.self), #"{"user_id":"u1","bet":50}"#)
        XCTAssertEqual(sent.headers.first { $0.name == "Content-Type" }?.value, "application/json")
        XCTAssertEqual(sent.timeout, 2)
    }

    func testTextBodyKeepsTheContentTypeTheHeadersGive() throws {
        let transport = FakeTransport()
        _ = try perform(step("method: PUT\nurl: http://svc/x\nheaders: { content-type: text/csv }\nbody: \"a,b\""), transport)
        let sent = try XCTUnwrap(transport.sent.first)
        XCTAssertEqual(String(decoding: sent.body ?? Data(), as: UTF8.self), "a,b")
        XCTAssertEqual(sent.headers.map(\.name), ["content-type"])
    }

    func testTheScenarioDeadlineShortensTheRequestTimeout() throws {
        let transport = FakeTransport()
        _ = try HTTPExchange(step: step("url: http://svc/"), transport: transport, templates: TemplateContext(),
                             cancelled: { false }).perform(deadline: Deadline.after(3))
        XCTAssertLessThanOrEqual(try XCTUnwrap(transport.sent.first).timeout, 3)
    }

    func testAURLThatIsNotHTTPIsAnErrorWhenTheStepRuns() throws {
        let transport = FakeTransport()
        XCTAssertThrowsError(try perform(step("url: \"{{ user }}/x\""), transport)) { error in
            guard case StepError.couldNotRun(let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(message, "url 'u1/x' is not an http or https URL")
        }
        XCTAssertTrue(transport.sent.isEmpty)
    }

    // MARK: - status

    func testWithoutExpectedStatusA2xxPassesAndAnythingElseFails() throws {
        let s = try step("url: http://svc/")
        for status in [200, 201, 204, 299] { XCTAssertNoThrow(try perform(s, FakeTransport(HTTPResponse(status: status)))) }
        for status in [199, 302, 404, 500] {
            let f = failure { _ = try perform(s, FakeTransport(HTTPResponse(status: status))) }
            XCTAssertEqual(f?.message, "GET http://svc/: status: expected 2xx, got \(status)")
        }
    }

    func testStatusAsNumberComparisonAndList() throws {
        let number = try step("url: http://svc/\nexpect: { status: 404 }")
        XCTAssertNoThrow(try perform(number, FakeTransport(HTTPResponse(status: 404))))
        XCTAssertEqual(failure { _ = try perform(number, FakeTransport(HTTPResponse(status: 200))) }?.message,
                       "GET http://svc/: status: expected 404, got 200")

        let comparison = try step("url: http://svc/\nexpect: { status: \"< 300\" }")
        XCTAssertNoThrow(try perform(comparison, FakeTransport(HTTPResponse(status: 101))))
        XCTAssertEqual(failure { _ = try perform(comparison, FakeTransport(HTTPResponse(status: 302))) }?.message,
                       "GET http://svc/: status: expected < 300, got 302")

        let list = try step("url: http://svc/\nexpect: { status: [200, 201] }")
        XCTAssertNoThrow(try perform(list, FakeTransport(HTTPResponse(status: 201))))
        XCTAssertEqual(failure { _ = try perform(list, FakeTransport(HTTPResponse(status: 202))) }?.message,
                       "GET http://svc/: status: expected one of 200, 201, got 202")
    }

    // MARK: - headers and bodies

    func testHeaderNamesAreCaseInsensitiveAndValuesAreMatchedAsText() throws {
        let s = try step("url: http://svc/\nexpect: { headers: { content-type: { $regex: json }, X-Count: 3 } }")
        let answer = HTTPResponse(status: 200, headers: [("Content-Type", "application/json"), ("x-count", "3")])
        XCTAssertNoThrow(try perform(s, FakeTransport(answer)))

        let wrong = HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")])
        let f = failure { _ = try perform(s, FakeTransport(wrong)) }
        XCTAssertEqual(f?.message, #"GET http://svc/: headers.content-type: expected matching /json/, got "text/plain"; headers.x-count: expected "3", got nothing (key absent)"#)
    }

    func testJSONMatchersOnTheBody() throws {
        let s = try step("url: http://svc/\nexpect: { json: { accepted: true, spin_id: { $type: string }, bet: { $gte: 50 } } }")
        XCTAssertNoThrow(try perform(s, FakeTransport(HTTPResponse(status: 200, body: json(#"{"accepted":true,"spin_id":"s-1","bet":50}"#)))))

        let wrong = HTTPResponse(status: 200, body: json(#"{"accepted":false,"spin_id":7,"bet":50}"#))
        let f = failure { _ = try perform(s, FakeTransport(wrong)) }
        XCTAssertEqual(f?.message, "GET http://svc/: json.accepted: expected true, got false; json.spin_id: expected a value of type string, got 7 (number)")
        XCTAssertEqual(f?.type, "HTTPExpectationFailed")

        let text = failure { _ = try perform(s, FakeTransport(HTTPResponse(status: 200, body: json("not json")))) }
        XCTAssertEqual(text?.message, #"GET http://svc/: json: expected a JSON body, got text "not json""#)
    }

    func testBodyMatchersSeeTheBodyAsText() throws {
        let contains = try step("url: http://svc/\nexpect: { body: { $contains: ok } }")
        XCTAssertNoThrow(try perform(contains, FakeTransport(HTTPResponse(status: 200, body: json("all ok")))))
        XCTAssertEqual(failure { _ = try perform(contains, FakeTransport(HTTPResponse(status: 200, body: json("bad")))) }?.message,
                       #"GET http://svc/: body: expected containing "ok", got "bad""#)

        let equal = try step("url: http://svc/\nexpect: { body: \"42\" }")
        XCTAssertNoThrow(try perform(equal, FakeTransport(HTTPResponse(status: 200, body: json("42")))), "a JSON-looking body is still text")
    }

    // MARK: - what a failure shows

    func testAFailureShowsRequestStatusAndBodyWithSecretsRedacted() throws {
        let s = try step("""
            method: POST
            url: "http://svc/login"
            headers: { Authorization: "Bearer {{ token }}", Cookie: "session=abcdef", X-Api-Key: key-123456, X-Trace: t1 }
            json: { user: "{{ user }}" }
            """)
        let echo = #"{"error":"denied","saw":"Bearer s3cr3t-token","cookie":"session=abcdef","key":"key-123456"}"#
        let answer = HTTPResponse(status: 401, headers: [("Content-Type", "application/json"), ("Set-Cookie", "id=zzz")],
                                  body: json(echo))
        let f = try XCTUnwrap(failure { _ = try perform(s, FakeTransport(answer)) })
        XCTAssertEqual(f.message, "POST http://svc/login: status: expected 2xx, got 401")
        let details = try XCTUnwrap(f.details)
        for line in ["request: POST http://svc/login", "  Authorization: ******", "  Cookie: ******", "  X-Api-Key: ******",
                     "  X-Trace: t1", "response: 401 unauthorized", "  Set-Cookie: ******", "body (\(echo.utf8.count) bytes):",
                     #"  {"error":"denied","#, "  status: expected 2xx, got 401"] {
            XCTAssertTrue(details.lowercased().contains(line.lowercased()), "details lack '\(line)':\n\(details)")
        }
        for secret in ["s3cr3t-token", "session=abcdef", "key-123456", "zzz"] {
            XCTAssertFalse(details.contains(secret) || f.message.contains(secret), "'\(secret)' shown:\n\(details)")
        }
    }

    func testALongBodyIsTrimmedToTwoKilobytes() throws {
        let s = try step("url: http://svc/\nexpect: { status: 201 }")
        let long = String(repeating: "x", count: 10_000)
        let f = try XCTUnwrap(failure { _ = try perform(s, FakeTransport(HTTPResponse(status: 200, body: json(long)))) })
        let details = try XCTUnwrap(f.details)
        XCTAssertTrue(details.contains("body (10000 bytes) (first 2048 bytes shown):"), details)
        XCTAssertLessThan(details.count, 3000)
    }

    func testAPasswordInTheURLIsHidden() throws {
        let f = failure { _ = try perform(step("url: \"http://me:pa55word@svc/\""), FakeTransport(HTTPResponse(status: 500))) }
        XCTAssertEqual(f?.message, "GET http://me:******@svc/: status: expected 2xx, got 500")
    }

    // MARK: - captures

    func testCapturesFromJSONHeadersStatusAndBody() throws {
        let s = try step("url: http://svc/\ncapture: { id: json.order.id, first: \"json.items[0]\", all: json, where: headers.Location, code: status, text: body }")
        let answer = HTTPResponse(status: 201, headers: [("location", "/orders/7")], body: json(#"{"order":{"id":"o-7"},"items":[3,4]}"#))
        let captured = Dictionary(uniqueKeysWithValues: try perform(s, FakeTransport(answer)).captures.map { ($0.name, $0.value) })
        XCTAssertEqual(captured["id"], .string("o-7"))
        XCTAssertEqual(captured["first"], .int(3))
        XCTAssertEqual(captured["where"], .string("/orders/7"))
        XCTAssertEqual(captured["code"], .int(201))
        XCTAssertEqual(captured["text"], .string(#"{"order":{"id":"o-7"},"items":[3,4]}"#))
        XCTAssertEqual(captured["all"]?["items"], .array([.int(3), .int(4)]))
    }

    func testACaptureThatIsNotInTheAnswerFails() throws {
        let s = try step("url: http://svc/\ncapture: { id: json.order_id }")
        let f = failure { _ = try perform(s, FakeTransport(HTTPResponse(status: 200, body: json(#"{"id":1}"#)))) }
        XCTAssertEqual(f?.message, "GET http://svc/: capture 'id': json.order_id is not in the answer")
    }

    // MARK: - no answer

    func testNoAnswerIsAnErrorNamingTheURLWithANameExpectErrorAccepts() throws {
        let s = try step("url: http://svc:81/health")
        let cases: [(HTTPClientError.Kind, String, String)] = [
            (.connectionRefused, "TRANSPORT", "GET http://svc:81/health: could not connect (refused)"),
            (.hostNotFound, "RESOLVE", "GET http://svc:81/health: host not found (refused)"),
            (.timedOut, "TIMED_OUT", "GET http://svc:81/health: timed out (refused)"),
            (.tls, "SSL", "GET http://svc:81/health: TLS failed (refused)"),
        ]
        for (kind, name, message) in cases {
            XCTAssertThrowsError(try perform(s, FakeTransport(error: HTTPClientError(kind, "refused")))) { error in
                guard case StepError.kafka(let n, let m) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(n, name)
                XCTAssertEqual(m, message)
            }
        }
    }

    func testAnInterruptedRequestIsNoAnswer() throws {
        XCTAssertThrowsError(try perform(step("url: http://svc/"), FakeTransport(error: HTTPClientError(.cancelled, "cancelled")))) {
            XCTAssertTrue($0 is HTTPExchange.Interrupted, "\($0)")
        }
    }
}
