import Foundation
import ScenarioResults
import ScenarioSpec
import SystemUnderTest

/// `http`: sends one request to the system under test, checks status, headers and body, and captures from the answer.
struct HTTPRunner {
    let step: HTTPStep

    func run(_ ctx: ScenarioContext, deadline: Deadline) throws {
        let cancellation = ctx.cancellation
        let exchange = HTTPExchange(step: step, transport: ctx.http, templates: ctx.variables.templateContext(),
                                    cancelled: { cancellation.cancelledReason != nil },
                                    traceparent: ctx.trace.sends && step.sendsTraceparent
                                        ? String(decoding: ctx.trace.header().value ?? [], as: UTF8.self) : nil)
        do {
            let answer = try exchange.perform(deadline: deadline)
            answer.captures.forEach { ctx.variables.capture($0.name, $0.value) }
            ctx.records.note("http \(answer.requestLine): \(answer.status) in \(format(answer.seconds))")
            ctx.records.verify(.httpAnswered(request: answer.requestLine, status: answer.status))
        } catch is HTTPExchange.Interrupted {
            try cancellation.check()
            throw StepError.couldNotRun("interrupted")
        }
    }
}

/// One request and the checks on its answer, without a scenario context (so it can be tested with a fake transport).
struct HTTPExchange {
    let step: HTTPStep
    let transport: HTTPTransport
    let templates: TemplateContext
    let cancelled: @Sendable () -> Bool
    /// The scenario attempt's `traceparent` to send, unless the step's headers give one (nil: none).
    var traceparent: String? = nil

    struct Answer {
        var requestLine: String
        var status: Int
        var seconds: Double
        var captures: [(name: String, value: JSONValue)]
    }

    struct Interrupted: Error, Equatable {}

    /// Header names whose values are never shown (request and response): any name with one of these in it
    /// (Authorization, X-Auth-Token, X-Api-Key, Set-Cookie, X-Client-Secret, …).
    static let secretHeaderWords = ["token", "secret", "key", "auth", "password", "cookie", "session", "credential"]

    static func isSecretHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        return secretHeaderWords.contains { lower.contains($0) }
    }
    /// How much of a body a failure shows.
    static let bodyLimit = 2048

    func perform(deadline: Deadline) throws -> Answer {
        let request = try makeRequest(deadline: deadline)
        let shown = ShownRequest(request)
        let start = Deadline.now()
        let response: HTTPResponse
        do {
            response = try transport.send(request, cancelled: cancelled)
        } catch let error as HTTPClientError {
            throw Self.stepError(error, shown)
        }
        let seconds = Deadline.now() - start
        let view = ResponseView(response)
        var differences = statusDifferences(response.status)
        differences += step.expectedHeaders.flatMap {
            $0.matcher.mismatches(view.headers[$0.name], at: "headers.\($0.name)", context: templates)
        }
        if let json = step.json {
            if let body = view.json {
                differences += json.mismatches(body, at: "json", context: templates)
            } else {
                differences.append(MatchFailure(path: "json", expected: "a JSON body", actual: view.describeNonJSON()))
            }
        }
        if let text = step.text { differences += text.mismatches(.string(view.text), at: "body", context: templates) }
        if !differences.isEmpty {
            let first = differences.prefix(2).map(\.description).joined(separator: "; ") + (differences.count > 2 ? " …" : "")
            throw StepError.failed(Failure(message: shown.scrub("\(shown.line): \(first)"), type: "HTTPExpectationFailed",
                                           details: shown.scrub(Self.details(shown, response, seconds, differences))))
        }
        var captures: [(name: String, value: JSONValue)] = []
        for capture in step.capture {
            guard let value = view.value(of: capture.source) else {
                throw StepError.failed(Failure(
                    message: shown.scrub("\(shown.line): capture '\(capture.name)': \(Self.describe(capture.source)) is not in the answer"),
                    type: "AssertionFailed", details: shown.scrub(Self.details(shown, response, seconds, []))))
            }
            captures.append((name: capture.name, value: value))
        }
        return Answer(requestLine: shown.line, status: response.status, seconds: seconds, captures: captures)
    }

    private func makeRequest(deadline: Deadline) throws -> HTTPRequest {
        let urlText = try renderText(step.url, what: "url")
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host?.isEmpty == false else {
            throw StepError.couldNotRun("url '\(ShownRequest.redactUserInfo(urlText))' is not an http or https URL")
        }
        var headers = try step.headers.map { (name: $0.name, value: try renderText($0.value, what: "header '\($0.name)'")) }
        var body: Data?
        switch step.body {
        case .json(let template)?:
            body = Data(try render(template).compactJSON.utf8)
            if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
                headers.append((name: "Content-Type", value: "application/json"))
            }
        case .text(let template)?:
            body = Data(try renderText(template, what: "body").utf8)
        case nil:
            break
        }
        if let traceparent, !headers.contains(where: { $0.name.lowercased() == AttemptTrace.headerName }) {
            headers.append((name: AttemptTrace.headerName, value: traceparent))
        }
        let remaining = deadline.remaining
        guard remaining > 0 else { throw StepError.couldNotRun("the scenario's timeout passed before the request was sent") }
        return HTTPRequest(method: step.method, url: url, headers: headers, body: body, timeout: min(step.within.seconds, remaining))
    }

    private func render(_ template: ValueTemplate) throws -> JSONValue {
        do {
            return try template.render(in: templates)
        } catch let error as TemplateError {
            throw StepError.couldNotRun("template error: \(error.message)")
        }
    }

    private func renderText(_ template: ValueTemplate, what: String) throws -> String {
        switch try render(template) {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return JSONValue.double(d).compactJSON
        case .bool(let b): return String(b)
        case let other: throw StepError.couldNotRun("\(what) must be text, got \(MessageView.compact(other))")
        }
    }

    private func statusDifferences(_ status: Int) -> [MatchFailure] {
        let (ok, expected): (Bool, String) = {
            switch step.status {
            case .success: return ((200..<300).contains(status), "2xx")
            case .comparison(let c): return (c.holds(for: Double(status)), c.description)
            case .oneOf(let codes): return (codes.contains(status), "one of " + codes.map(String.init).joined(separator: ", "))
            }
        }()
        return ok ? [] : [MatchFailure(path: "status", expected: expected, actual: String(status))]
    }

    /// No answer: an error named like librdkafka's own (TRANSPORT, RESOLVE, TIMED_OUT, SSL), so expect_error can name it.
    static func stepError(_ error: HTTPClientError, _ shown: ShownRequest) -> Error {
        let (name, what): (String, String)
        switch error.kind {
        case .cancelled: return Interrupted()
        case .connectionRefused: (name, what) = ("TRANSPORT", "could not connect")
        case .hostNotFound: (name, what) = ("RESOLVE", "host not found")
        case .timedOut: (name, what) = ("TIMED_OUT", "timed out")
        case .tls: (name, what) = ("SSL", "TLS failed")
        case .other: (name, what) = ("FAIL", "request failed")
        }
        return StepError.kafka(name: name, message: shown.scrub("\(shown.line): \(what) (\(error.detail))"))
    }

    static func describe(_ source: HTTPStep.CaptureSource) -> String {
        switch source {
        case .status: return "status"
        case .body: return "body"
        case .json(let path): return path.steps.isEmpty ? "the JSON body" : path.description
        case .header(let name): return "header '\(name)'"
        }
    }

    /// The request line and headers, the status, response headers and the body (trimmed), then the differences.
    static func details(_ shown: ShownRequest, _ response: HTTPResponse, _ seconds: Double, _ differences: [MatchFailure]) -> String {
        var lines = ["request: \(shown.line)"]
        lines += shown.headers.map { "  \($0.name): \($0.value)" }
        lines.append("response: \(response.status) \(response.reasonPhrase) (\(format(seconds)))")
        lines += response.headers.map { "  \($0.name): \(isSecretHeader($0.name) ? Redaction.mask : $0.value)" }
        lines.append(contentsOf: bodyLines(response.body, omitted: response.bodyOmitted))
        if !differences.isEmpty {
            lines.append("differences:")
            lines += differences.map { "  \($0.description)" }
        }
        return lines.joined(separator: "\n")
    }

    static func bodyLines(_ body: Data, omitted: Int = 0) -> [String] {
        guard !body.isEmpty else { return ["body: empty"] }
        let total = omitted > 0 ? "\(body.count + omitted) bytes, only the first \(body.count) kept" : "\(body.count) bytes"
        // As sent: a re-printed JSON body would lose the server's member order.
        var text = String(decoding: body, as: UTF8.self)
        var note = ""
        if text.utf8.count > bodyLimit {
            text = String(decoding: Array(text.utf8.prefix(bodyLimit)), as: UTF8.self)
            note = " (first \(bodyLimit) bytes shown)"
        }
        return ["body (\(total))\(note):"] + text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
    }
}

/// The request as reports show it: secret header values masked, a password in the URL hidden.
struct ShownRequest {
    let line: String
    let headers: [(name: String, value: String)]
    /// Values of secret headers, to be removed from any text that could echo them (a body, an error).
    private let secrets: [String]

    init(_ request: HTTPRequest) {
        line = "\(request.method) \(Self.redactUserInfo(request.url.absoluteString))"
        headers = request.headers.map {
            (name: $0.name, value: HTTPExchange.isSecretHeader($0.name) ? Redaction.mask : $0.value)
        }
        var secrets = request.headers.filter { HTTPExchange.isSecretHeader($0.name) }.flatMap { header in
            // `Bearer abc…`: the credential alone may be echoed too.
            [header.value] + header.value.split(separator: " ").dropFirst().map(String.init)
        }
        if let password = request.url.password { secrets.append(password) }
        self.secrets = Set(secrets.filter { $0.count >= SecretScrubber.minimumLength }).sorted { $0.count > $1.count }
    }

    func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: Redaction.mask) }
    }

    static func redactUserInfo(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = Redaction.mask
        return parts.string ?? url
    }
}

/// The answer as matchers and captures see it: headers by lower-case name, the body as text and, when it is, JSON.
struct ResponseView {
    let status: Int
    let headers: [String: JSONValue]
    let text: String
    let json: JSONValue?

    init(_ response: HTTPResponse) {
        status = response.status
        var headers: [String: JSONValue] = [:]
        for header in response.headers {
            let name = header.name.lowercased()
            if case .string(let earlier)? = headers[name] {
                headers[name] = .string(earlier + ", " + header.value)
            } else {
                headers[name] = .string(header.value)
            }
        }
        self.headers = headers
        // A body longer than the runner keeps is matched as the text it kept plus a note; it is not JSON.
        let kept = String(decoding: response.body, as: UTF8.self)
        text = response.bodyOmitted > 0 ? kept + "\n… \(response.bodyOmitted) more bytes …" : kept
        json = response.body.isEmpty || response.bodyOmitted > 0 ? nil : try? JSONText.parse(bytes: response.body)
    }

    func value(of source: HTTPStep.CaptureSource) -> JSONValue? {
        switch source {
        case .status: return .int(Int64(status))
        case .body: return .string(text)
        case .header(let name): return headers[name]
        case .json(let path): return json.flatMap(path.value(below:))
        }
    }

    func describeNonJSON() -> String {
        if text.isEmpty { return "an empty body" }
        let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
        return "text \(JSONValue.string(shown).compactJSON)"
    }
}

extension HTTPStep: RunnableStep {
    func run(_ run: StepRun, deadline: Deadline) throws {
        try HTTPRunner(step: self).run(run.ctx, deadline: deadline)
    }
}
