import Foundation

/// librdkafka properties from `--client-config FILE` and `-X key=value`, with `${env:NAME}`
/// substituted so secrets never have to be written in files or on the command line.
enum ClientProperties {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func load(file: String?, overrides: [String], environment: [String: String]) throws -> [String: String] {
        var properties: [String: String] = [:]
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw Problem(description: "cannot read --client-config file '\(file)'")
            }
            for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
                let (key, value) = try pair(line, origin: "\(file):\(number + 1)")
                properties[key] = try substitute(value, environment: environment, origin: "\(file):\(number + 1)")
            }
        }
        for (index, item) in overrides.enumerated() {
            // The origin never quotes the argument: its value may be a secret.
            let (key, value) = try pair(item, origin: "-X #\(index + 1)")
            properties[key] = try substitute(value, environment: environment, origin: "-X \(key)")
        }
        return properties
    }

    /// Properties that would take away what a run relies on: every produce and load step counts
    /// delivery reports to know what the broker acknowledged.
    static func refuseWhatRunsNeed(_ properties: [String: String]) throws {
        // librdkafka reads "true", "t" and "1" (any case) as true.
        if let value = properties["delivery.report.only.error"], ["true", "t", "1"].contains(value.lowercased()) {
            throw Problem(description: "delivery.report.only.error=true: produce and load steps count every delivery report "
                          + "to know what the broker acknowledged, and without them each would wait out its deadline; remove it")
        }
    }

    private static func pair(_ text: String, origin: String) throws -> (String, String) {
        guard let eq = text.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
            throw Problem(description: "\(origin): expected key=value (the line is not shown: it may hold a secret)")
        }
        let key = text[..<eq].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw Problem(description: "\(origin): the property name is empty") }
        return (key, value)
    }

    static func substitute(_ value: String, environment: [String: String], origin: String) throws -> String {
        var result = ""
        var rest = Substring(value)
        while let open = rest.range(of: "${env:") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw Problem(description: "\(origin): unterminated ${env:...}")
            }
            let name = String(rest[open.upperBound..<close])
            guard let found = environment[name] else {
                throw Problem(description: "\(origin): environment variable \(name) is not set")
            }
            result += found
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
