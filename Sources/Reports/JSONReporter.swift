import Foundation
import ScenarioResults

/// `results.json`: the results model as encoded by `RunResult`'s Codable conformance, plus
/// `schemaVersion` and a `summary` of counts (see docs/reports.md).
public struct JSONReporter: Reporter {
    public static let schemaVersion = 1
    public var format: ReportFormat { .json }

    public init() {}

    public func render(_ run: RunResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // A NaN duration must not make the whole report disappear.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            let data = try encoder.encode(Document(run: run))
            return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
        } catch {
            return "{\n  \"encodingError\" : \(JSONReporter.quoted(String(describing: error))),\n  \"schemaVersion\" : 1\n}\n"
        }
    }

    /// The run's own keys, with `schemaVersion` and `summary` added at the top level.
    private struct Document: Encodable {
        var run: RunResult

        enum ExtraKeys: String, CodingKey { case schemaVersion, summary }

        func encode(to encoder: Encoder) throws {
            try run.encode(to: encoder)
            var container = encoder.container(keyedBy: ExtraKeys.self)
            try container.encode(JSONReporter.schemaVersion, forKey: .schemaVersion)
            try container.encode(RunSummary(run), forKey: .summary)
        }
    }

    private static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(data: data, encoding: .utf8) ?? "\"\""
    }
}
