import Foundation
import TestSupport
import XCTest

/// Runs `xmllint` on a document; tests skip when it is not installed.
enum XMLLint {
    static let schemaDirectory = ExpectedOutput.directory.appendingPathComponent("junit-schemas")
    static let schemas = ["windyroad-JUnit.xsd", "jenkins-xunit-junit-10.xsd", "junit5-jenkins-junit.xsd"]

    static func executable() throws -> String {
        for candidate in ["/usr/bin/xmllint", "/usr/local/bin/xmllint", "/opt/homebrew/bin/xmllint"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw missingPart("xmllint is not installed (Debian: libxml2-utils)")
    }

    /// Exit status and stderr of `xmllint --noout [--schema X] file`.
    static func check(_ xml: String, schema: String? = nil) throws -> (ok: Bool, output: String) {
        let tool = try executable()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var arguments = ["--noout"]
        if let schema { arguments += ["--schema", schemaDirectory.appendingPathComponent(schema).path] }
        arguments.append(file.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus == 0, String(decoding: output, as: UTF8.self))
    }
}
