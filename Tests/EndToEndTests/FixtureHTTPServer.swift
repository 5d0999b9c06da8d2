import Foundation
import TestSupport
import XCTest

/// Fixtures/http/server.py on a loopback port it binds itself; the test that starts it stops it. Its stdin is a
/// pipe this object holds: should the test process die, the pipe closes and the server ends too.
final class FixtureHTTPServer {
    let port: Int
    private let process: Process
    private let stdin = Pipe()

    var url: String { "http://127.0.0.1:\(port)" }

    init(file: StaticString = #filePath, line: UInt = #line) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", CLI.fixtures.appendingPathComponent("http/server.py").path]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        process.standardInput = stdin
        try process.run()
        // The first line is `PORT <n>`.
        var line = Data()
        let reader = stdout.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw missingPart("the fixture HTTP server did not start (python3 missing?): '\(text)'")
        }
        self.port = port
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// A loopback URL on which nothing listens: the port a server just gave back.
    static func closedURL() throws -> String {
        let server = try FixtureHTTPServer()
        let url = server.url
        server.stop()
        return url
    }
}
