import Foundation
import ScenarioResults

/// Reads `results.json` files back into the results model, so reports can be written again
/// (in another language or style) or shards of one run merged into one report.
public enum ResultsReader {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(_ path: String) throws -> RunResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "cannot read results file '\(path)'")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(RunResult.self, from: data)
        } catch {
            throw Problem(description: "'\(path)' is not a kafka-scenario results.json: \(error)")
        }
    }

    /// One run out of several (e.g. `--shard` slices): suites of the same file are joined, in file order.
    public static func merge(_ runs: [RunResult]) -> RunResult? {
        guard var merged = runs.first else { return nil }
        for run in runs.dropFirst() {
            for suite in run.suites {
                if let i = merged.suites.firstIndex(where: { $0.file == suite.file }) {
                    merged.suites[i].scenarios += suite.scenarios
                    merged.suites[i].loadError = merged.suites[i].loadError ?? suite.loadError
                } else {
                    merged.suites.append(suite)
                }
            }
            merged.startedAt = min(merged.startedAt, run.startedAt)
            merged.duration = max(merged.duration, run.duration)
            merged.interruption = merged.interruption ?? run.interruption
        }
        merged.suites.sort { $0.file < $1.file }
        for i in merged.suites.indices {
            merged.suites[i].scenarios.sort { $0.line < $1.line }
        }
        if runs.count > 1 { merged.runID = runs.map(\.runID).joined(separator: "+") }
        return merged
    }
}
