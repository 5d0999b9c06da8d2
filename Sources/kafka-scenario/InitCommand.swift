import ArgumentParser
import Foundation
import ScenarioSpec

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter folder: commented example scenarios, the JSON Schema for editors, a README and CI snippets.")

    @Argument(help: "The folder to write (created if missing).", completion: .directory)
    var directory = "scenarios"

    func run() throws {
        let files = StarterFolder.files(schema: JSONSchemaGenerator.text())
        let fm = FileManager.default
        let existing = files.map { "\(directory)/\($0.name)" }.filter { fm.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            printError("error: \(existing.joined(separator: ", ")) already exist\(existing.count == 1 ? "s" : "")"
                       + "\n  = help: init never overwrites files; choose another folder, e.g. kafka-scenario init kafka-tests")
            throw Exit.invalidInput
        }
        do {
            for file in files {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(file.name)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
            }
        } catch {
            printError("error: cannot write the starter folder \(directory): \(error.localizedDescription)")
            throw Exit.invalidInput
        }
        print("wrote \(files.count) files to \(directory)/:")
        for file in files { print("  \(directory)/\(file.name)") }
        print("next: kafka-scenario validate \(directory) && kafka-scenario run \(directory)")
    }
}
