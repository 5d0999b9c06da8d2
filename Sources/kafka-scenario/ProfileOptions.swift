import ArgumentParser
import Foundation
import ScenarioSpec

/// `--profile NAME` and `--profiles-dir DIR`, shared by the commands that reach a broker or read vars.
struct ProfileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Settings from profiles/NAME.yaml: bootstrap_servers, client, schema_registry, vars (options on the command line win).",
                               valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("Where profiles are (default: the first profiles/ folder in or above the scenario paths; for peek, the current folder).",
                               valueName: "dir"), completion: .directory)
    var profilesDir: String?

    /// The selected profile, or nil without --profile. A problem is printed (file:line:col) and exits 2.
    func load(scenarioPaths: [String], environment: [String: String]) throws -> Profile? {
        guard let profile else { return nil }
        do {
            let file = try ProfileLocator.file(named: profile, profilesDir: profilesDir, scenarioPaths: scenarioPaths)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ProfileLocator.Problem(description: "cannot read the profile \(file)")
            }
            switch Profile.parse([UInt8](data), file: file, environment: environment) {
            case .success(let loaded):
                return loaded
            case .failure(let failure):
                for diagnostic in failure.diagnostics { printError(DiagnosticRenderer.render(diagnostic, source: failure.source)) }
                throw Exit.invalidInput
            }
        } catch let problem as ProfileLocator.Problem {
            printError("error: \(problem.description)")
            throw Exit.invalidInput
        }
    }
}

extension Profile {
    /// Prints the profile's warnings about the loaded files (unless quiet); returns how many there are.
    @discardableResult
    func warn(about suites: [Suite], quiet: Bool) -> Int {
        let warnings = unusedVarWarnings(suites)
        if !quiet {
            let source = try? String(contentsOfFile: file, encoding: .utf8)
            for warning in warnings { printError(DiagnosticRenderer.render(warning, source: source)) }
        }
        return warnings.count
    }
}

/// Finds `NAME.yaml` in `--profiles-dir`, else in the first `profiles/` folder walking up from the scenario paths.
enum ProfileLocator {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func file(named name: String, profilesDir: String?, scenarioPaths: [String]) throws -> String {
        guard !name.isEmpty, !name.contains("/") else {
            throw Problem(description: "--profile takes a profile name (the file profiles/NAME.yaml), got '\(name)'")
        }
        let directory: String
        if let profilesDir {
            guard isDirectory(profilesDir) else {
                throw Problem(description: "--profiles-dir \(profilesDir) is not a folder")
            }
            directory = profilesDir
        } else {
            guard let found = search(from: scenarioPaths) else {
                throw Problem(description: "--profile \(name): no profiles/ folder found in or above \(scenarioPaths.joined(separator: ", "))"
                              + "; create profiles/\(name).yaml there or pass --profiles-dir")
            }
            directory = found
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        for candidate in ["\(base)/\(name).yaml", "\(base)/\(name).yml"] where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        let existing = names(in: base)
        var message = "no profile '\(name)' in \(base)/"
        message += existing.isEmpty ? " (the folder has no *.yaml profiles)" : " (profiles there: \(existing.joined(separator: ", ")))"
        if let close = Suggestion.closest(to: name, in: existing) { message += "; did you mean '\(close)'?" }
        throw Problem(description: message)
    }

    /// The profile names a folder holds, sorted.
    static func names(in directory: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .map { ($0 as NSString).deletingPathExtension }.sorted()
    }

    /// The first `profiles/` folder in or above each scenario path, in order.
    static func search(from paths: [String]) -> String? {
        let cwd = FileManager.default.currentDirectoryPath
        for path in paths {
            let absolute = path.hasPrefix("/") ? path : "\(cwd)/\(path)"
            var directory = URL(fileURLWithPath: absolute).standardizedFileURL
            if !isDirectory(directory.path) { directory.deleteLastPathComponent() }
            while true {
                let candidate = directory.appendingPathComponent("profiles").path
                if isDirectory(candidate) { return relative(candidate, to: cwd) }
                let parent = directory.deletingLastPathComponent().standardizedFileURL
                if directory.path == "/" || parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }

    private static func relative(_ path: String, to cwd: String) -> String {
        path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }

    private static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}
