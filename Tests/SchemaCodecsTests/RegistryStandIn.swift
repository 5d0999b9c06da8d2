import Foundation
import XCTest

/// Fixtures/registry_stand_in.py, started by a test on a port it binds itself (127.0.0.1 only) and stopped by the
/// same test: it ends when its stdin closes.
final class RegistryStandIn {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    let port: Int
    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    static var fixtures: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures") }

    init(arguments: [String] = ["--user", "alice", "--password", "s3cr3t:pw", "--deny-user", "mallory"]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.fixtures.appendingPathComponent("registry_stand_in.py").path] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(30)
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
            if Date() > deadline { break }
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw NSError(domain: "RegistryStandIn", code: 1, userInfo: [NSLocalizedDescriptionKey: "no port: \(text)"])
        }
        self.port = port
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
