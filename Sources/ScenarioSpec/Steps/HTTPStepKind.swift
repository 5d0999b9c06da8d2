/// `http`: one request to the system under test (its builder: ModelBuilder+HTTP.swift).
/// `http`: one request to the system under test and what its answer must be (docs/http.md).
public struct HTTPStep: Sendable {
    public enum Body: Sendable {
        case json(ValueTemplate)
        case text(ValueTemplate)
    }

    public enum StatusExpectation: Sendable, Equatable {
        /// No `expect.status`: any 2xx.
        case success
        case comparison(Comparison)
        case oneOf([Int])
    }

    /// Where a capture reads from the answer.
    public enum CaptureSource: Sendable, Equatable {
        case status
        case body
        /// The JSON body (`json`), or a path into it (`json.spin_id`, `json.items[0].id`).
        case json(FieldPath)
        /// A header value; the name lower-cased.
        case header(String)
    }

    public var method: String
    public var url: ValueTemplate
    public var headers: [(name: String, value: ValueTemplate)]
    public var body: Body?
    public var within: Duration
    public var status: StatusExpectation
    /// Header names lower-cased; each value a text matcher.
    public var expectedHeaders: [(name: String, matcher: Matcher)]
    public var json: Matcher?
    public var text: Matcher?
    public var capture: [(name: String, source: CaptureSource)]
    /// `traceparent: false`: no W3C trace header of the runner on the request.
    public var sendsTraceparent = true

    public init(method: String, url: ValueTemplate, headers: [(name: String, value: ValueTemplate)] = [], body: Body? = nil,
                within: Duration = Duration(seconds: 10), status: StatusExpectation = .success,
                expectedHeaders: [(name: String, matcher: Matcher)] = [], json: Matcher? = nil, text: Matcher? = nil,
                capture: [(name: String, source: CaptureSource)] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.within = within
        self.status = status
        self.expectedHeaders = expectedHeaders
        self.json = json
        self.text = text
        self.capture = capture
    }
}

extension HTTPStep: BuildableStep {
    public static let stepKey = KeySpec("http", .object("http"), "Sends an HTTP request to the system under test and checks the answer (2xx unless expect.status says otherwise).",
                                        example: "{ method: POST, url: \"{{ env.BACKEND_URL }}/spin\", json: { bet: 50 }, expect: { status: 200 } }")
    static let mapping: MappingSpec? = FormatSpec.http

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> HTTPStep? {
        builder.http(value, key: key, scope: scope)
    }

    public var summary: String {
        if case .template(let t) = url { return "\(method) \(t.source)" }
        return "\(method) \(url.literalText)"
    }
}

extension FormatSpec {
    public static let httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    public static let http = MappingSpec("http", "An HTTP request and what its answer must be; redirects are not followed.", keys: [
        KeySpec("method", .enumeration(httpMethods), default: "GET", "The request method.", example: "POST"),
        KeySpec("url", .template, required: true, "The URL (http or https).", example: "\"{{ env.BACKEND_URL }}/spin\""),
        KeySpec("headers", .map(.template), "Request headers.", example: "{ X-Request-Id: \"{{ uuid() }}\" }"),
        KeySpec("traceparent", .boolean, default: "true",
                "false: no W3C `traceparent` header of the scenario attempt on the request (one in `headers:` wins anyway).",
                example: "false"),
        KeySpec("json", .anyValue, "A JSON body (sent with Content-Type: application/json unless headers give one); instead of body.",
                example: "{ user_id: \"{{ user }}\", bet: 50 }"),
        KeySpec("body", .template, "A text body; instead of json.", example: "\"ping\""),
        KeySpec("within", .duration, default: "10s", "Deadline of the whole request; no answer by then is an error (TIMED_OUT).",
                example: "5s"),
        KeySpec("expect", .object("http expect"), "What the answer must be; without status, a 2xx is required.",
                example: "{ status: 200, json: { accepted: true } }"),
        KeySpec("capture", .map(.string),
                "Names bound from the answer (json, json.PATH, body, status, headers.NAME), usable later as {{ name }}.",
                example: "{ spin: json.spin_id }"),
    ])

    public static let httpExpect = MappingSpec("http expect", "What an HTTP answer must be; every part optional.", keys: [
        KeySpec("status", .oneOf([.comparison, .list(.integer(minimum: 100))]),
                "The status: a number, a comparison (\"< 300\") or a list of accepted numbers; default: any 2xx.", example: "[200, 201]"),
        KeySpec("headers", .map(.matcher), "Matchers on response headers (names case-insensitive; values are text).",
                example: "{ Content-Type: { $regex: json } }"),
        KeySpec("json", .matcher, "Matcher on the body parsed as JSON.", example: "{ accepted: true, spin_id: { $type: string } }"),
        KeySpec("body", .matcher, "Matcher on the body as text.", example: "{ $contains: ok }"),
    ])
}
