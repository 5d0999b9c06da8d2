import Foundation
import XCTest

/// Runs one of the Fixtures/ scripts that frame a value with confluent-kafka's own serializers and print the
/// frame as hex; the frame's bytes.
enum ConfluentWriter {
    static func frame(python: String, script: String, _ arguments: [String],
                      file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let process = Process()
        let output = Pipe(), errors = Pipe()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(script)").path]
            + arguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let hex = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, stderr, file: file, line: line)
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(try XCTUnwrap(UInt8(hex[index..<next], radix: 16), "not hex: \(hex)", file: file, line: line))
            index = next
        }
        return bytes
    }
}
