import Foundation
import ScenarioResults

/// `junit.xml`: one `<testsuite>` per scenario file, one `<testcase>` per scenario.
/// `.strict` validates against the three schemas in junit-schemas/; `.rich` adds what
/// GitLab, CircleCI and GitHub reporters read although the schemas reject it.
public struct JUnitReporter: Reporter {
    public enum Style: String, CaseIterable, Sendable { case strict, rich }

    public var style: Style
    /// The `package` attribute of every suite.
    public var package: String
    public var format: ReportFormat { .junit }

    public init(style: Style = .strict, package: String = "kafka-scenario") {
        self.style = style
        self.package = package
    }

    public func render(_ run: RunResult) -> String {
        let properties = JUnitProperties.properties(of: run)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites\(attributeList(totals(run)))>\n"
        for (index, suite) in run.suites.enumerated() {
            xml += renderSuite(suite, id: index, run: run, properties: properties[index])
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// The schemas allow no negative time: a results.json edited or written by hand may hold one (`report`).
    static func time(_ seconds: Double) -> String {
        FixedPoint.format(seconds > 0 ? seconds : 0, decimals: 3)
    }

    /// Rich: the run's totals and wall time on `<testsuites>`, where junitparser, xunitparser and the GitHub
    /// publishers read them (xunitparser checks them against the testcases). Strict: none (windyroad's schema
    /// allows `<testsuites>` no attribute); the consumers then add the suites up.
    private func totals(_ run: RunResult) -> [(String, String)] {
        guard style == .rich else { return [] }
        let cases = run.suites.flatMap { JUnitCase.cases(of: $0) }
        return [
            ("name", package),
            ("tests", String(cases.count)),
            ("failures", String(cases.filter { $0.status == .failed }.count)),
            ("errors", String(cases.filter { $0.status == .error }.count)),
            ("skipped", String(cases.filter { $0.status == .skipped }.count)),
            ("time", Self.time(run.duration)),
        ]
    }

    private func renderSuite(_ suite: SuiteResult, id: Int, run: RunResult, properties: [(String, String)]) -> String {
        let cases = JUnitCase.cases(of: suite)
        let attributes: [(String, String)] = [
            ("id", String(id)),
            ("package", package),
            ("name", nonEmpty(suite.name, or: nonEmpty(suite.file, or: "suite"))),
            ("tests", String(cases.count)),
            ("failures", String(cases.filter { $0.status == .failed }.count)),
            ("errors", String(cases.filter { $0.status == .error }.count)),
            ("skipped", String(cases.filter { $0.status == .skipped }.count)),
            ("time", Self.time(suite.wallTime)),
            ("timestamp", ReportDate.junitTimestamp(run.startedAt)),
            ("hostname", nonEmpty(run.environment.hostname, or: "localhost")),
        ]
        var xml = "<testsuite\(attributeList(attributes))>\n  <properties>\n"
        for (name, value) in properties {
            xml += "    <property\(attributeList([("name", name), ("value", value)]))/>\n"
        }
        xml += "  </properties>\n"
        for testCase in cases { xml += renderCase(testCase) }
        xml += "  <system-out>\(XMLEscaping.text(systemOut(of: suite)))</system-out>\n"
        xml += "  <system-err></system-err>\n</testsuite>\n"
        return xml
    }

    private func renderCase(_ testCase: JUnitCase) -> String {
        var attributes: [(String, String)] = [
            ("name", testCase.name),
            ("classname", testCase.classname),
            ("time", Self.time(testCase.duration)),
        ]
        if style == .rich {
            attributes.append(("file", testCase.file))
            if let line = testCase.line { attributes.append(("line", String(line))) }
        }
        var children: [String] = []
        switch testCase.status {
        case .passed:
            break
        case .skipped:
            children.append("<skipped>\(XMLEscaping.text(testCase.failure?.message ?? "skipped"))</skipped>")
        case .failed, .error:
            let tag = testCase.status == .failed ? "failure" : "error"
            let failure = testCase.failure ?? Failure(message: "\(testCase.status.rawValue) without details", type: "Unknown")
            let message = TextSanitizer.oneLine(TextSanitizer.stripANSI(failure.message))
            let body = JUnitCase.failureBody(failure, log: testCase.log)
            children.append("<\(tag)\(attributeList([("message", message), ("type", nonEmpty(failure.type, or: "Unknown"))]))>"
                + XMLEscaping.text(body) + "</\(tag)>")
        }
        if style == .rich { children = Self.surefireOrder(children + rerunElements(testCase)) }
        if style == .rich && !testCase.log.isEmpty {
            children.append("<system-out>\(XMLEscaping.text(testCase.log.joined(separator: "\n")))</system-out>")
        }
        let open = "  <testcase\(attributeList(attributes))"
        guard !children.isEmpty else { return open + "/>\n" }
        return open + ">\n" + children.map { "    " + $0 + "\n" }.joined() + "  </testcase>\n"
    }

    /// Surefire's schema wants the reruns of a failure after it and those of an error after it: failure, rerunFailure,
    /// flakyFailure, skipped, error, rerunError, flakyError (a stable sort keeps the attempts in order).
    private static func surefireOrder(_ elements: [String]) -> [String] {
        let order = ["<failure", "<rerunFailure", "<flakyFailure", "<skipped", "<error", "<rerunError", "<flakyError"]
        func rank(_ element: String) -> Int { order.firstIndex { element.hasPrefix($0 + " ") || element.hasPrefix($0 + ">") } ?? 0 }
        return elements.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    /// Surefire's elements for earlier attempts: `<flakyFailure>`/`<flakyError>` when the scenario passed in the end,
    /// `<rerunFailure>`/`<rerunError>` when it did not.
    private func rerunElements(_ testCase: JUnitCase) -> [String] {
        testCase.earlierAttempts.map { attempt in
            let tag = (testCase.status == .passed ? "flaky" : "rerun") + (attempt.status == .error ? "Error" : "Failure")
            let failure = attempt.failure ?? Failure(message: "\(attempt.status.rawValue) without details", type: "Unknown")
            let message = TextSanitizer.oneLine(TextSanitizer.stripANSI(failure.message))
            return "<\(tag)\(attributeList([("message", message), ("type", nonEmpty(failure.type, or: "Unknown"))]))>"
                + "<stackTrace>\(XMLEscaping.text(JUnitCase.failureBody(failure, log: [])))</stackTrace>"
                + "<system-out>\(XMLEscaping.text(attempt.log.joined(separator: "\n")))</system-out></\(tag)>"
        }
    }

    /// Every scenario's step log, its earlier attempts' first: each failure, then that attempt's log.
    private func systemOut(of suite: SuiteResult) -> String {
        suite.scenarios.flatMap { scenario -> [String] in
            let total = scenario.attemptCount
            let earlier = (scenario.earlierAttempts ?? []).enumerated().flatMap { index, attempt -> [String] in
                let prefix = "[\(scenario.name)] attempt \(index + 1) of \(total)"
                let failure = attempt.failure.map { " (\($0.type)) — \($0.message)" + ($0.location.map { " at \($0)" } ?? "") }
                return ["\(prefix): \(attempt.status.rawValue)" + (failure ?? "")]
                    + attempt.log.map { "\(prefix) \($0)" }
            }
            let final = total > 1 ? "[\(scenario.name)] attempt \(total) of \(total)" : "[\(scenario.name)]"
            return earlier + scenario.log.map { "\(final) \($0)" }
        }
        .joined(separator: "\n")
    }

    private func attributeList(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(XMLEscaping.attribute($0.1))\"" }.joined()
    }

    private func nonEmpty(_ text: String, or fallback: String) -> String {
        TextSanitizer.stripANSI(text).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? fallback : text
    }
}
