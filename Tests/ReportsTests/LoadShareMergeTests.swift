import Foundation
import Histogram
import LatencyHistogram
@testable import Reports
import ScenarioResults
import XCTest

/// Shards of a `load` merged by `report`: exact percentiles from the merged histogram, counts added,
/// thresholds judged on the merged figures.
final class LoadShareMergeTests: XCTestCase {
    private func histogram(_ micros: [UInt64]) -> Histogram<UInt64> {
        var h = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        for m in micros { h.record(m) }
        return h
    }

    /// Four shards with different latency distributions, as four machines would see them.
    private func shardSamples() -> [[UInt64]] {
        var generator = SeededGenerator(seed: 26)
        return (0..<4).map { shard in
            (0..<(2_000 + shard * 700)).map { _ in
                // Shard 3 is slow: its tail must move the merged p99, which an average of p99s would hide.
                let base = UInt64.random(in: 200...5_000, using: &generator)
                return shard == 3 && UInt64.random(in: 0..<10, using: &generator) == 0 ? base * 60 : base
            }
        }
    }

    private func share(_ index: Int, of count: Int, samples: [UInt64], messages: Int, received: Int? = nil,
                       thresholds: [LoadThreshold] = [], start: Double = 0, end: Double = 10) -> LoadShare {
        LoadShare(topic: "events", shard: "\(index)/\(count)", messages: messages, firstSequence: (index - 1) * (messages / count),
                  count: messages / count, acknowledged: messages / count, received: received ?? messages / count, duplicates: 0,
                  startedAt: 1_000.25 + start, producedAt: 1_000.25 + end, lastArrival: 1_000.25 + end, latency: CompressedHistogram.encode(histogram(samples)),
                  thresholds: thresholds)
    }

    func testMergedPercentilesEqualThoseOfOneHistogramOfEverySample() throws {
        let samples = shardSamples()
        let shares = samples.enumerated().map { share($0.offset + 1, of: 4, samples: $0.element, messages: 40_000) }
        let merged = try LoadShareMerge.figures(shares)
        let all = histogram(samples.flatMap { $0 })
        for (name, percentile) in [("p50", 50.0), ("p95", 95.0), ("p99", 99.0)] {
            XCTAssertEqual(merged.latency[name], Double(all.valueAtPercentile(percentile)) / 1_000_000, name)
        }
        XCTAssertEqual(merged.latency["max"], Double(all.max) / 1_000_000)
        // Not what averaging the shards' p99s gives: the merge is exact, not an approximation of one.
        let averaged = samples.map { Double(histogram($0).valueAtPercentile(99)) }.reduce(0, +) / 4 / 1_000_000
        XCTAssertNotEqual(merged.latency["p99"]!, averaged, accuracy: 0.0001)
    }

    func testCountsAddUpAndThroughputIsOverTheCommonSpan() throws {
        let samples = shardSamples()
        var shares = samples.enumerated().map { share($0.offset + 1, of: 4, samples: $0.element, messages: 40_000,
                                                      start: Double($0.offset) / 4, end: 10 + Double($0.offset) / 4) }
        shares[2].received -= 7
        shares[1].duplicates = 3
        let merged = try LoadShareMerge.figures(shares)
        XCTAssertEqual(merged.received, 40_000 - 7)
        XCTAssertEqual(merged.lost, 7)
        XCTAssertEqual(merged.duplicates, 3)
        XCTAssertEqual(merged.shards, 4)
        // From the first shard's start (0) to the last one's end (10.75), to the millisecond: never the sum of the shards' rates.
        XCTAssertEqual(merged.produceThroughput!, 40_000 / 10.75, accuracy: 0.001)
        XCTAssertEqual(merged.consumeThroughput!, Double(40_000 - 7) / 10.75, accuracy: 0.001)
    }

    private func copy(_ share: LoadShare, status: Status = .passed) -> ScenarioResult {
        var result = ScenarioResult(name: "burst", suite: "Load", file: "load.yaml", line: 3, status: status, duration: 12,
                                    verified: [.loadShareSent(topic: "events", shard: share.shard, count: share.count, messages: share.messages)],
                                    metrics: [Metric(name: "load.latency.p99", label: "p99 latency (events)", value: 9, unit: .seconds, step: 1, topic: "events")])
        result.loadShares = [share]
        return result
    }

    private func environment() -> RunEnvironment {
        RunEnvironment(brokerMode: .external, bootstrapServers: "127.0.0.1:9092", librdkafkaVersion: "2.16.0", toolVersion: "0", hostname: "h")
    }

    private func run(_ scenarios: [ScenarioResult], shard: String) -> RunResult {
        var run = RunResult(runID: "r-\(shard)", startedAt: Date(timeIntervalSince1970: 1_000), duration: 12, environment: environment(),
                            suites: [SuiteResult(name: "Load", file: "load.yaml", scenarios: scenarios)])
        run.shard = shard
        return run
    }

    func testThresholdsAreJudgedOnTheMergedFiguresAndTheReportSaysSo() throws {
        let samples = shardSamples()
        let all = histogram(samples.flatMap { $0 })
        let mergedP99 = Double(all.valueAtPercentile(99)) / 1_000_000
        // Shard 4 alone breaks this bound; every message together keeps it.
        let slowShardP99 = Double(histogram(samples[3]).valueAtPercentile(99)) / 1_000_000
        XCTAssertGreaterThan(slowShardP99, mergedP99 * 1.2)
        let bound = LoadThreshold(metric: "load.latency.p99", op: "<", bound: (mergedP99 + slowShardP99) / 2, written: "< bound")
        let lost = LoadThreshold(metric: "load.lost", op: "==", bound: 0, written: "0")
        let runs = samples.enumerated().map { run([copy(share($0.offset + 1, of: 4, samples: $0.element, messages: 40_000,
                                                              thresholds: [bound, lost]))], shard: "\($0.offset + 1)/4") }
        let merged = try ResultsReader.merge(runs)
        XCTAssertEqual(merged.scenarios.count, 1, "the four copies of the load scenario are one")
        let scenario = merged.scenarios[0]
        XCTAssertEqual(scenario.status, .passed, "\(String(describing: scenario.failure))")
        let p99 = try XCTUnwrap(scenario.metrics.first { $0.name == "load.latency.p99" })
        XCTAssertEqual(p99.value, mergedP99)
        XCTAssertEqual(p99.threshold, "< bound")
        XCTAssertEqual(p99.passed, true)
        XCTAssertEqual(scenario.metrics.filter { $0.name == "load.latency.p99" }.count, 1, "the shards' own p99s are gone")
        XCTAssertTrue(scenario.verified.contains(.loadMerged(topic: "events", shards: 4, messages: 40_000)))
        XCTAssertTrue(scenario.verified.contains(.loadReadBack(topic: "events", produced: 40_000, received: 40_000, lost: 0, duplicates: 0)))
        XCTAssertFalse(scenario.verified.contains { if case .loadShareSent = $0 { return true } else { return false } })

        // Reported again from the merged results.json: the same scenario, its facts not doubled.
        let again = try ResultsReader.merge([merged]).scenarios[0]
        XCTAssertEqual(again.verified, scenario.verified)
        XCTAssertEqual(again.metrics, scenario.metrics)
        XCTAssertEqual(again.status, .passed)

        // One message lost on one shard fails the merged run, with the threshold as data.
        var lossy = runs
        lossy[1].suites[0].scenarios[0].loadShares![0].received -= 1
        let failed = try ResultsReader.merge(lossy).scenarios[0]
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.failure?.reason, .threshold(metric: "load.lost", topic: "events", group: nil, expected: "0", actual: "1"))
    }

    func testSharesSurviveResultsJSONToTheMillisecond() throws {
        let samples = shardSamples()
        let runs = try (1...2).map { i -> RunResult in
            var shard = share(i, of: 2, samples: samples[i - 1], messages: 40_000, start: Double(i) * 0.125, end: 0.5 + Double(i) * 0.125)
            shard.startedAt += 1_800_000_000   // a date of today's size: its fraction must survive the JSON
            shard.producedAt! += 1_800_000_000
            shard.lastArrival! += 1_800_000_000
            let text = JSONReporter().render(run([copy(shard)], shard: "\(i)/2"))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("shares-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(text.utf8).write(to: file)
            return try ResultsReader.read(file.path)
        }
        XCTAssertEqual(runs[0].scenarios[0].loadShares?.first?.latency, CompressedHistogram.encode(histogram(samples[0])))
        let figures = try LoadShareMerge.figures(runs.flatMap { $0.scenarios[0].loadShares ?? [] })
        // From 0.125 to 0.75 after the hour: 0.625 s, not the whole seconds an ISO-8601 date keeps.
        XCTAssertEqual(figures.produceThroughput!, 40_000 / 0.625, accuracy: 1)
    }

    func testAMissingShardCountsItsShareAsLost() throws {
        let samples = shardSamples()
        let lost = LoadThreshold(metric: "load.lost", op: "==", bound: 0, written: "0")
        let runs = (1...3).map { run([copy(share($0, of: 4, samples: samples[$0 - 1], messages: 40_000, thresholds: [lost]))], shard: "\($0)/4") }
        let scenario = try ResultsReader.merge(runs).scenarios[0]
        XCTAssertEqual(scenario.status, .failed)
        XCTAssertEqual(scenario.metrics.first { $0.name == "load.lost" }?.value, 10_000)
    }

    func testOneShardsFileAloneIsReportedAsThatShardSawIt() throws {
        let lost = LoadThreshold(metric: "load.lost", op: "==", bound: 0, written: "0")
        let alone = run([copy(share(2, of: 4, samples: shardSamples()[1], messages: 40_000, thresholds: [lost]))], shard: "2/4")
        let scenario = try ResultsReader.merge([alone]).scenarios[0]
        XCTAssertEqual(scenario.status, .passed, "another language for one shard's report must not turn it red")
        XCTAssertTrue(scenario.verified.contains(.loadShareSent(topic: "events", shard: "2/4", count: 10_000, messages: 40_000)))
    }

    func testAShardThatErredBeforeItsLoadIsStillOneOfTheCopies() throws {
        let samples = shardSamples()
        var runs = (1...3).map { run([copy(share($0, of: 4, samples: samples[$0 - 1], messages: 40_000))], shard: "\($0)/4") }
        var erred = ScenarioResult(name: "burst", suite: "Load", file: "load.yaml", line: 3, status: .error, duration: 1,
                                   failure: Failure(message: "broker unreachable", type: "BrokerUnavailable"))
        erred.loadShares = nil
        runs.append(run([erred], shard: "4/4"))
        let merged = try ResultsReader.merge(runs)
        XCTAssertEqual(merged.scenarios.count, 1)
        XCTAssertEqual(merged.scenarios[0].status, .error)
        XCTAssertEqual(merged.scenarios[0].failure?.type, "BrokerUnavailable")
        XCTAssertEqual(merged.scenarios[0].metrics.first { $0.name == "load.lost" }?.value, 10_000)
    }

    func testTheFactsAreWordedInBothLanguages() {
        let merged = Fact.loadMerged(topic: "events", shards: 4, messages: 40_000)
        let share = Fact.loadShareSent(topic: "events", shard: "2/4", count: 10_000, messages: 40_000)
        XCTAssertTrue(FactWording.english(merged).contains("merged from 4 shards"), FactWording.english(merged))
        XCTAssertTrue(FactWording.korean(merged).contains("샤드 4개에서 병합"), FactWording.korean(merged))
        XCTAssertTrue(FactWording.english(share).contains("10000 of 40000"), FactWording.english(share))
        XCTAssertTrue(FactWording.korean(share).contains("40000개 중 10000개"), FactWording.korean(share))
    }
}

/// HdrHistogram's compressed form, as every HdrHistogram library writes and reads it.
final class CompressedHistogramTests: XCTestCase {
    /// Written by the Python `hdrhistogram` package (HdrHistogram(1, 3600000000, 3), values 0, 1, 5,
    /// 999, 1000, 1023, 1024, 2047, 2048, 123456, 3500000 once and 777 41 times).
    private let fromPython = "HISTFAAAADh4nJNpmSzMwMAgwQABzFCaEURcm7yEwf4DRICJiZWplSdoJzMTkzYT029+Jqb+OKbDPkwA9noJig=="

    func testReadsWhatAnotherHdrHistogramLibraryWrote() throws {
        let h = try CompressedHistogram.decode(fromPython)
        var same = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        for v: UInt64 in [0, 1, 5, 999, 1000, 1023, 1024, 2047, 2048, 123_456, 3_500_000] { same.record(v) }
        same.record(777, count: 41)
        XCTAssertEqual(h.totalCount, 52)
        XCTAssertEqual(Array(h.recordedValues().map { [$0.value, UInt64($0.count)] }),
                       Array(same.recordedValues().map { [$0.value, UInt64($0.count)] }))
        XCTAssertEqual(h.valueAtPercentile(50), 777)
        XCTAssertEqual(h.max, same.max)
    }

    func testRoundTripKeepsEveryCount() throws {
        var h = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        for v: UInt64 in [0, 1, 5, 999, 1000, 1023, 1024, 2047, 2048, 123_456, 3_500_000] { h.record(v) }
        h.record(777, count: 41)
        let text = CompressedHistogram.encode(h)
        XCTAssertTrue(text.hasPrefix("HISTF"), text)
        let back = try CompressedHistogram.decode(text)
        XCTAssertEqual(Array(back.recordedValues().map { [$0.value, UInt64($0.count)] }),
                       Array(h.recordedValues().map { [$0.value, UInt64($0.count)] }))
        XCTAssertEqual(back.totalCount, h.totalCount)
    }

    func testRefusesWhatIsNotAHistogram() {
        XCTAssertThrowsError(try CompressedHistogram.decode("bm90IGEgaGlzdG9ncmFt"))
        XCTAssertThrowsError(try CompressedHistogram.decode("%%%"))
    }
}

/// A small deterministic generator (SplitMix64), so the samples are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
