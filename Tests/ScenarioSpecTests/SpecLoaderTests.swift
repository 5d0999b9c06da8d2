import Foundation
import XCTest
@testable import ScenarioSpec

final class SpecLoaderTests: XCTestCase {
    private var temporary: URL!

    override func setUpWithError() throws {
        temporary = FileManager.default.temporaryDirectory.appendingPathComponent("spec-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary.appendingPathComponent("nested"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: temporary)
    }

    private func write(_ relative: String, _ text: String) throws {
        try text.write(to: temporary.appendingPathComponent(relative), atomically: true, encoding: .utf8)
    }

    private let valid = "name: ok\nsteps:\n  - cluster: { brokers: 1 }\n"

    func testFoldersAreExpandedRecursivelySortedAndFiltered() throws {
        try write("b.yaml", valid)
        try write("a.yml", valid)
        try write("nested/c.yaml", valid)
        try write("notes.txt", "not a scenario")
        let result = SpecLoader().load(paths: [temporary.path])
        let base = temporary.path + "/"
        XCTAssertEqual(result.suites.map { $0.file.replacingOccurrences(of: base, with: "") }, ["a.yml", "b.yaml", "nested/c.yaml"])
        XCTAssertTrue(result.diagnostics.isEmpty)
    }

    /// A one-character file name (`run x`) used to trap inside Foundation's path splitting.
    func testAOneCharacterFileNameLoads() {
        let loaded = SpecLoader().load(bytes: Array(valid.utf8), file: "x")
        XCTAssertNotNil(loaded.suite, "\(loaded.diagnostics)")
    }

    func testMissingPathIsADiagnosticAndOtherFilesStillLoad() throws {
        try write("b.yaml", valid)
        let result = SpecLoader().load(paths: ["does/not/exist.yaml", temporary.appendingPathComponent("b.yaml").path])
        XCTAssertEqual(result.suites.count, 1)
        XCTAssertEqual(result.diagnostics.map(\.message), ["no such file or directory"])
        XCTAssertEqual(result.failedFiles.map(\.file), ["does/not/exist.yaml"])
        XCTAssertEqual(result.render(result.diagnostics[0]), """
            does/not/exist.yaml: error: no such file or directory
              = help: pass scenario files (*.yaml, *.yml) or folders that hold them
            """)
    }

    func testFileWithErrorsYieldsNoSuiteButWarningsOnlyDo() throws {
        try write("bad.yaml", "name: bad\nsteps:\n  - produce: { topc: x, value: 1 }\n")
        try write("warn.yaml", "name: warn\nsteps:\n  - sleep: 1s\n")
        let result = SpecLoader().load(paths: [temporary.path])
        XCTAssertEqual(result.suites.map(\.name), ["Warn"])
        XCTAssertEqual(result.failedFiles.count, 1)
        XCTAssertEqual(result.failedFiles.first?.diagnostics.map(\.message), ["unknown key 'topc' in produce"])
        XCTAssertEqual(result.diagnostics.map(\.severity), [.error, .warning])
    }

    func testValueFileIsResolvedRelativeToTheScenarioFile() throws {
        try write("nested/spin.json", "{}")
        try write("nested/p.yaml", "name: p\nsteps:\n  - produce: { topic: t, value_file: spin.json }\n")
        let result = SpecLoader().load(paths: [temporary.path])
        XCTAssertTrue(result.diagnostics.isEmpty, "\(result.diagnostics)")
        guard let p = result.suites.first?.scenarios.first?.steps.first?.kind as? ProduceStep,
              case .file(let path, _) = p.payload else { return XCTFail("expected a value_file payload") }
        XCTAssertEqual(path, temporary.appendingPathComponent("nested/spin.json").path)
    }

    func testTheRepositoryScenariosLoadWithoutErrors() throws {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.path), "no scenarios folder at \(root.path)")
        let result = SpecLoader().load(paths: [root.path])
        let errors = result.diagnostics.filter { $0.severity == .error }.map(result.render)
        XCTAssertEqual(errors, [], errors.joined(separator: "\n\n"))
        XCTAssertFalse(result.suites.isEmpty)
    }

    func testAThousandFilesEachLoad() throws {
        let text = """
            vars: { user: u1 }
            topics: [{ name: actions, partitions: 3 }, { name: notifications }]
            scenarios:
              - name: flow
                timeout: 20s
                steps:
                  - produce: { topic: actions, key: "{{ user }}", value: { kind: spin, n: "{{ index }}", bet: 50 }, count: 10 }
                  - expect:
                      topic: notifications
                      within: 5s
                      messages: [{ key: "{{ user }}", value: { reward: { $gte: 100 } } }]
                      capture: { reward: value.reward }
                  - consumer_group: { topic: actions, groups: 2, members: 2, within: 10s }
                  - load: { topic: actions, messages: 1000, rate: 500/s, expect: { lost: 0, latency: { p99: "< 250ms" } } }
            """
        let bytes = Array(text.utf8)
        let loader = SpecLoader()
        // Speed is measured by scripts/bench.sh, not asserted here: this checks that every copy loads.
        for i in 0..<1000 {
            let loaded = loader.load(bytes: bytes, file: "scenarios/f\(i).yaml")
            XCTAssertNotNil(loaded.suite)
        }
    }
}
