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

    /// What is wrong with a set of shard results: "shard 2/2 is missing" for each slice of `I/N` not given (also
    /// for a single shard's file), a shard that two runs ran (doubled), a mix of slice counts. Empty for whole runs.
    public static func shardWarnings(_ runs: [RunResult]) -> [String] {
        let shards = runs.compactMap(\.shard).compactMap { text -> (index: Int, count: Int)? in
            let parts = text.split(separator: "/")
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
            return (i, n)
        }
        guard !shards.isEmpty else { return [] }
        // Two runs of one shard are two runs (merged), but the shard's scenarios then count twice: say so.
        var doubled: [String] = []
        for shard in Set(runs.compactMap(\.shard)).sorted() {
            let ids = runs.filter { $0.shard == shard }.map(\.runID)
            if Set(ids).count > 1 {
                doubled.append("shard \(shard) is doubled: runs \(ids.joined(separator: " and ")) both ran it, so its scenarios are counted twice")
            }
        }
        let counts = Set(shards.map(\.count))
        guard counts.count == 1, let count = counts.first else {
            return doubled + ["the results are of shards of different splits (\(runs.compactMap(\.shard).joined(separator: ", "))): "
                    + "they are not the slices of one selection"]
        }
        let given = Set(shards.map(\.index))
        let missing = (1...max(count, 1)).filter { !given.contains($0) }
        guard !missing.isEmpty else { return doubled }
        let list = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
        return doubled + ["shard\(missing.count == 1 ? "" : "s") \(list) \(missing.count == 1 ? "is" : "are") missing: "
                + "this report holds \(given.count) of \(count) shards, so scenarios of the missing ones are in no report"]
    }

    /// One run out of several (e.g. `--shard` slices): suites of the same file are joined, in file order.
    /// The same results twice (same run id and shard) are refused: every scenario would count twice.
    /// `paths` name the files in the problem's sentence (default: their positions).
    public static func merge(_ runs: [RunResult], paths: [String]? = nil) throws -> RunResult {
        guard var merged = runs.first else { throw Problem(description: "no results file given") }
        let names = paths ?? runs.indices.map { "results #\($0 + 1)" }
        var seen: [String: Int] = [:]
        for (index, run) in runs.enumerated() {
            let key = run.runID + "/" + (run.shard ?? "")
            if let first = seen[key] {
                let what = run.shard.map { "run \(run.runID), shard \($0)" } ?? "run \(run.runID)"
                throw Problem(description: "'\(names[index])' holds the same results as '\(names[first])' (\(what)): "
                    + "merging them would count every scenario twice; pass each shard's results.json once")
            }
            seen[key] = index
        }
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
            // A sharded load's scenario ran on every shard: its copies become one, its figures merged.
            // One shard's file alone is reported as that shard saw it (its thresholds not judged).
            if runs.count > 1 || runs[0].shard == nil {
                merged.suites[i].scenarios = LoadShareMerge.merge(merged.suites[i].scenarios)
            }
        }
        if runs.count > 1 {
            merged.runID = runs.map(\.runID).joined(separator: "+")
            merged.shard = nil
            let environments = runs.flatMap { run in
                run.shardEnvironments ?? [ShardEnvironment(runID: run.runID, shard: run.shard, environment: run.environment)]
            }
            if Set(environments.map(\.environment.brokerIdentity)).count > 1 { merged.shardEnvironments = environments }
        }
        return merged
    }
}
