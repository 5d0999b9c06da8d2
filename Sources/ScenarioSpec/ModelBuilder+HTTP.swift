/// The `http` step: request, expectations on the answer, captures.
extension ModelBuilder {
    func http(_ node: Node, key: Node, scope: TemplateScope) -> HTTPStep? {
        let node = withoutTLS(node)
        guard let f = fields(node, FormatSpec.http, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let method = httpMethod(f["method"])
        let url = template(f["url"], scope: scope)
        if let url, let urlNode = f["url"] { checkLiteralURL(url, urlNode) }
        let headers = f.has("headers") ? templateMap(f["headers"], scope: scope) : []
        var body: HTTPStep.Body??
        if f.has("json"), f.has("body"), let second = [f.keyNode("json"), f.keyNode("body")].compactMap({ $0 })
            .max(by: { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }) {
            report(second, "'json' and 'body' cannot be used together in http",
                   help: "json sends a JSON body (Content-Type: application/json); body sends text: keep one of them",
                   length: second.length)
        } else if f.has("json") {
            body = value(f["json"], scope: scope).map { .some(.json($0)) }
        } else if f.has("body") {
            body = template(f["body"], scope: scope).map { .some(.text($0)) }
        } else {
            body = .some(nil)
        }
        let within = duration(f["within"])
        var expectation: Fields?
        if let e = f["expect"] { expectation = fields(e, FormatSpec.httpExpect, owner: f.keyNode("expect")) }
        let e = expectation
        let status = e?["status"].map(httpStatus) ?? .some(.success)
        let expectedHeaders = e?.has("headers") == true ? headerMatchers(e?["headers"], scope: scope) : []
        let json = e?["json"].flatMap { node in matcher(node, scope: scope) { try Matcher.compile($0) } }
        let text = e?["body"].flatMap { node in matcher(node, scope: scope) { try MessageMatcher.compilePart("key", $0) } }
        let capture = f.has("capture") ? captureSources(f["capture"]) : []
        guard let method, let url, let headers, let body, let within, f.has("expect") == (e != nil), let status,
              let expectedHeaders, e?.has("json") != true || json != nil, e?.has("body") != true || text != nil,
              let capture else { return nil }
        var step = HTTPStep(method: method, url: url, headers: headers, body: body, within: within, status: status,
                            expectedHeaders: expectedHeaders, json: json, text: text, capture: capture)
        if f.has("traceparent") { step.sendsTraceparent = bool(f["traceparent"]) ?? true }
        return step
    }

    /// `tls:` is reported once with the reason it cannot work, and left out of the key check.
    private func withoutTLS(_ node: Node) -> Node {
        guard let pairs = node.mappingPairs, let tls = pairs.first(where: { $0.key.scalarText == "tls" }) else { return node }
        report(tls.key, "tls is not supported in http: URLSession on Linux cannot trust a private CA",
               help: "swift-corelibs-foundation hands libcurl the system CA bundle and delivers no server-trust challenge; "
                   + "add the CA to the system trust store (update-ca-certificates) or call the service over http",
               length: tls.key.length)
        var trimmed = node
        trimmed.kind = .mapping(pairs.filter { $0.key.scalarText != "tls" })
        return trimmed
    }

    private func httpMethod(_ node: Node?) -> String? {
        guard let node, let text = string(node) else { return nil }
        let method = text.uppercased()
        guard FormatSpec.httpMethods.contains(method) else {
            report(node, "expected 'method' to be one of \(FormatSpec.httpMethods.joined(separator: ", ")), got \(node.describedValue)",
                   help: Suggestion.help(for: method, in: FormatSpec.httpMethods))
            return nil
        }
        return method
    }

    /// A URL written without templates must be an absolute http(s) URL; one with templates is checked when the step runs.
    private func checkLiteralURL(_ url: ValueTemplate, _ node: Node) {
        guard case .literal(.string(let text)) = url else { return }
        let lower = text.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return }
        report(node, "url '\(text)' is not an http or https URL",
               help: text.hasPrefix("/") ? "give the whole URL, e.g. \"{{ env.BACKEND_URL }}\(text)\"" : "e.g. url: http://\(text)")
    }

    /// `status: 200`, `status: "< 300"` or `status: [200, 201]`.
    private func httpStatus(_ node: Node) -> HTTPStep.StatusExpectation? {
        let help = "e.g. status: 200, status: \"< 300\" or status: [200, 201]"
        if let items = node.sequenceItems {
            guard !items.isEmpty else {
                report(node, "status needs at least one number", help: help)
                return nil
            }
            let codes = items.compactMap { item -> Int? in
                guard case .int(let value)? = item.scalarValue, let code = Int(exactly: value), (100...599).contains(code) else {
                    report(item, "expected a status number from 100 to 599, got \(item.describedValue)", help: help)
                    return nil
                }
                return code
            }
            return codes.count == items.count ? .oneOf(codes) : nil
        }
        switch node.scalarValue {
        case .int(let value)? where (100...599).contains(value):
            return .comparison(Comparison(.eq, Double(value)))
        case .string(let text)?:
            if let c = Comparison.parse(text), c.unit == .none { return .comparison(c) }
        default:
            break
        }
        report(node, "expected a status: a number, a comparison or a list of numbers, got \(node.describedValue)", help: help)
        return nil
    }

    /// `headers: { Content-Type: { $regex: json } }`: names lower-cased (HTTP header names are case-insensitive), values
    /// matched as text.
    private func headerMatchers(_ node: Node?, scope: TemplateScope) -> [(name: String, matcher: Matcher)]? {
        guard let node else { return nil }
        guard let pairs = node.mappingPairs else {
            report(node, "expected a mapping of header names to matchers, got \(node.describedValue)",
                   help: "e.g. headers: { Content-Type: { $regex: json } }")
            return nil
        }
        let matchers = pairs.compactMap { pair -> (name: String, matcher: Matcher)? in
            guard let name = string(pair.key),
                  let m = matcher(pair.value, scope: scope, { try MessageMatcher.compilePart("key", $0) }) else { return nil }
            return (name: name.lowercased(), matcher: m)
        }
        return matchers.count == pairs.count ? matchers : nil
    }

    private func matcher(_ node: Node, scope: TemplateScope, _ compile: (Node) throws -> Matcher) -> Matcher? {
        checkTemplates(in: node, scope: scope)
        return catching(node) { try compile(node) }
    }

    static let captureRoots: [PathRoot] = [
        .whole("status", holds: "is a number"), .whole("body", holds: "is text"), .any("json"),
        PathRoot(name: "headers", steps: 1...1, holds: "holds text by header name"),
    ]

    /// `status`, `body`, `json`, `json.PATH` (also `json[0]…`) or `headers.NAME`.
    private func captureSources(_ node: Node?) -> [(name: String, source: HTTPStep.CaptureSource)]? {
        let paths = capturePaths(node) { _, path, at in
            if path.root == "headers", case .element? = path.steps.first {
                report(at, "capture: '\(path)': a header is read by name", help: "write headers.NAME or headers['NAME']")
                return false
            }
            return check(path, at: at, what: "capture", roots: Self.captureRoots) { path in
                let rest = path.description.dropFirst(path.root.count)
                return ("capture: '\(path)' is not a part of the HTTP answer",
                        path.root == "value" && !rest.isEmpty ? "an HTTP answer has no value: for its JSON body write 'json\(rest)'"
                            : Self.rootSuggestion(path, in: Self.captureRoots, otherwise: "capture from status, body, json, json.PATH or headers.NAME"))
            }
        }
        return paths?.map { capture in
            switch (capture.path.root, capture.path.steps.first) {
            case ("status", _): return (name: capture.name, source: .status)
            case ("body", _): return (name: capture.name, source: .body)
            case ("headers", .member(let name)?): return (name: capture.name, source: .header(name.lowercased()))
            default: return (name: capture.name, source: .json(capture.path))
            }
        }
    }
}
