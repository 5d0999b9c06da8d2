import Foundation
import SchemaCodecs
import ScenarioSpec
import XCTest

/// schema/results.schema.json, checked against every results.json a `run` or `report` of the end-to-end tests writes
/// (CLI.run calls `checkWritten` after each command).
enum ResultsSchema {
    static let schema: JSONSchema? = {
        let url = CLI.repository.appendingPathComponent("schema/results.schema.json")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return try? JSONSchema(text: text)
    }()

    /// Checks the results.json the command wrote, if it wrote one (modified since `since`).
    static func checkWritten(by arguments: [String], in directory: URL?, since: Date, file: StaticString, line: UInt) {
        guard let url = resultsFile(of: arguments, in: directory),
              let modified = (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate,
              modified >= since.addingTimeInterval(-1) else { return }
        for problem in problems(in: url) {
            XCTFail("\(url.path) does not follow schema/results.schema.json: \(problem)", file: file, line: line)
        }
    }

    /// What is wrong with a results file, as sentences (empty: it follows the schema).
    static func problems(in url: URL) -> [String] {
        guard let schema else { return ["schema/results.schema.json is missing or not a schema the validator reads"] }
        guard let data = try? Data(contentsOf: url) else { return ["cannot read it"] }
        do {
            return schema.errors(in: try JSONText.parse(bytes: [UInt8](data))).map { "\($0)" }
        } catch {
            return ["not JSON: \(error)"]
        }
    }

    /// Where `run`/`report` (run is the default subcommand) writes results.json with these arguments.
    static func resultsFile(of arguments: [String], in directory: URL?) -> URL? {
        let subcommands: Set = ["validate", "list", "init", "schema", "peek", "broker", "--help", "-h", "--version",
                                "--generate-completion-script", "help"]
        if let first = arguments.first, subcommands.contains(first) { return nil }
        func value(_ option: String) -> String? {
            if let index = arguments.firstIndex(of: option), index + 1 < arguments.count { return arguments[index + 1] }
            return arguments.first { $0.hasPrefix(option + "=") }.map { String($0.dropFirst(option.count + 1)) }
        }
        let base = directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func resolved(_ path: String) -> URL { path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path) }
        if let json = value("--json") { return resolved(json) }
        return resolved(value("--report-dir") ?? "reports").appendingPathComponent("results.json")
    }
}
