import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Runs the built `kafka-scenario` binary as a user would.
enum CLI {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        // The test bundle sits beside the built products (.build/<config>/).
        let products = Bundle.main.bundleURL.pathExtension == "xctest"
            ? Bundle.main.bundleURL.deletingLastPathComponent() : Bundle.main.bundleURL
        return products.appendingPathComponent("kafka-scenario")
    }

    /// Why the binary cannot be trusted to be the current code, or nil: missing, or older than a file
    /// under Sources/ (a build of the test target alone, or an edit after the build).
    static let staleBinary: String? = staleness(of: binary, sources: repository)

    static func staleness(of binary: URL, sources repository: URL) -> String? {
        func modified(_ url: URL) -> Date? {
            (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
        }
        guard let built = modified(binary) else { return "\(binary.path) does not exist: run swift build" }
        // Sources only: a manifest edit need not change the binary, so SwiftPM may rightly not relink it.
        var inputs: [URL] = []
        let walker = FileManager.default.enumerator(at: repository.appendingPathComponent("Sources"),
                                                    includingPropertiesForKeys: [.contentModificationDateKey])
        while let url = walker?.nextObject() as? URL { inputs.append(url) }
        guard let newer = inputs.first(where: { (modified($0) ?? .distantPast) > built }) else { return nil }
        return "\(binary.path) is older than \(newer.path): run swift build before the end-to-end tests"
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The binary set up to run with `arguments` on the embedded broker (whatever the caller's
    /// KAFKA_BOOTSTRAP_SERVERS); the caller starts it.
    static func process(_ arguments: [String], environment: [String: String] = [:]) -> Process {
        if let staleBinary { XCTFail(staleBinary) }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["KAFKA_BOOTSTRAP_SERVERS"] = nil
        env["SCHEMA_REGISTRY_URL"] = nil
        // Tests that run in GitHub Actions must not annotate it or write its summary unless they ask to.
        env["GITHUB_ACTIONS"] = nil
        env["GITHUB_STEP_SUMMARY"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        // A folder of its own, so that a run without --report-dir never writes into the repository's reports/.
        process.currentDirectoryURL = try? temporaryDirectory()
        return process
    }

    /// `directory`: the working directory (default: a new temporary folder), for relative paths.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120, in directory: URL? = nil,
                    file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        let process = process(arguments, environment: environment)
        if let directory { process.currentDirectoryURL = directory }
        let started = Date()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes while the process runs so a chatty child never blocks.
        let stdout = Drained(out), stderr = Drained(err)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            XCTFail("kafka-scenario \(arguments.joined(separator: " ")) did not finish within \(timeout)s", file: file, line: line)
        }
        process.waitUntilExit()
        ResultsSchema.checkWritten(by: arguments, in: process.currentDirectoryURL, since: started, file: file, line: line)
        return Outcome(status: process.terminationStatus, stdout: stdout.text(), stderr: stderr.text())
    }

    /// A pipe read to its end on a background queue.
    private final class Drained: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ pipe: Pipe) {
            DispatchQueue.global().async { [self] in
                data = pipe.fileHandleForReading.readDataToEndOfFile()
                done.signal()
            }
        }

        /// Waits for the end of the pipe.
        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-scenario-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The few facts the tests read out of junit.xml.
struct JUnitFile {
    let xml: XMLDocument

    init(_ url: URL) throws {
        xml = try XMLDocument(contentsOf: url)
    }

    func testcases() throws -> [XMLElement] {
        try xml.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
    }

    func testcase(named name: String) throws -> XMLElement? {
        try testcases().first { $0.attribute(forName: "name")?.stringValue == name }
    }
}

extension XMLElement {
    func child(_ name: String) -> XMLElement? { elements(forName: name).first }
    func attr(_ name: String) -> String? { attribute(forName: name)?.stringValue }
}
