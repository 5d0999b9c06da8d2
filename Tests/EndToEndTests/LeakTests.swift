import Foundation
import XCTest

/// 200 scenarios in one process: open file descriptors and threads stay flat from start to end.
final class LeakTests: XCTestCase {
    private struct Sample { var fds: Int; var threads: Int }

    private func generateScenarios(count: Int) throws -> URL {
        let folder = try CLI.temporaryDirectory()
        var yaml = "suite: Many small scenarios\ntopics:\n  - name: small\nscenarios:\n"
        for i in 0..<count {
            yaml += """
              - name: small \(i)
                steps:
                  - produce: { topic: small, key: k\(i), value: { n: \(i) } }
                  - expect: { topic: small, messages: [{ key: k\(i) }], within: 5s }

            """
        }
        try yaml.write(to: folder.appendingPathComponent("many.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    private func sample(_ pid: Int32) -> Sample? {
        guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") }),
              let threads = Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) else { return nil }
        return Sample(fds: fds.count, threads: threads)
    }

    func testTwoHundredScenariosKeepFileDescriptorsAndThreadsFlat() throws {
        let folder = try generateScenarios(count: 200)
        let reports = try CLI.temporaryDirectory()
        let process = CLI.process(["run", folder.path, "--jobs", "2", "--quiet", "--report-dir", reports.path])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var samples: [Sample] = []
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline {
            if let s = sample(process.processIdentifier) { samples.append(s) }
            Thread.sleep(forTimeInterval: 0.005) // a run of 200 scenarios takes about a second
        }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let json = try Data(contentsOf: reports.appendingPathComponent("results.json"))
        let suites = (try JSONSerialization.jsonObject(with: json) as? [String: Any])?["suites"] as? [[String: Any]] ?? []
        let statuses = suites.flatMap { $0["scenarios"] as? [[String: Any]] ?? [] }.map { $0["status"] as? String }
        XCTAssertEqual(statuses.filter { $0 == "passed" }.count, 200)

        // Only samples taken while scenarios run: from the first at the running level to the last one.
        XCTAssertGreaterThan(samples.count, 40, "too few samples to judge")
        let quarter = samples.count / 4
        let first = samples[quarter..<(2 * quarter)], last = samples[(3 * quarter)...].dropLast(2)
        let firstFds = first.map(\.fds).max() ?? 0, lastFds = last.map(\.fds).max() ?? 0
        let firstThreads = first.map(\.threads).max() ?? 0, lastThreads = last.map(\.threads).max() ?? 0
        // A leak of one descriptor or thread per scenario would add about 100 between the two quarters.
        XCTAssertLessThanOrEqual(lastFds, firstFds + 10, "open file descriptors grew: \(firstFds) → \(lastFds)")
        XCTAssertLessThanOrEqual(lastThreads, firstThreads + 10, "threads grew: \(firstThreads) → \(lastThreads)")
        print("leak check: fds \(firstFds) → \(lastFds), threads \(firstThreads) → \(lastThreads), \(samples.count) samples")
    }
}
