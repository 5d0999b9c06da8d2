import Foundation
import ScenarioSpec

/// One environment's settings from `profiles/NAME.yaml`, instead of a long command line.
/// `${env:NAME}` in bootstrap_servers, client and schema_registry is replaced from the environment.
struct Profile {
    var file: String
    var bootstrapServers: String?
    /// librdkafka properties; -X and --client-config override them key by key.
    var client: [String: String] = [:]
    /// The schema registry when neither --schema-registry nor SCHEMA_REGISTRY_URL names one (docs/schemas.md).
    var schemaRegistry: SchemaRegistry?
    /// Override the files' `vars:`; `--var` overrides these.
    var vars: [(String, String)] = []
    /// Where each var's name is written, for warnings.
    var varNodes: [String: Node] = [:]

    struct SchemaRegistry {
        var url: String
        var auth: String?
    }

    static let keys = ["bootstrap_servers", "client", "schema_registry", "vars"]
    static let schemaRegistryKeys = ["url", "auth"]
}

extension Profile {
    /// Parses a profile file; every problem is a diagnostic at its place in the file.
    static func parse(_ bytes: [UInt8], file: String, environment: [String: String]) -> Result<Profile, ProfileDiagnostics> {
        let (root, yamlDiagnostics) = YAMLReader().read(bytes, file: file)
        var parser = Parser(profile: Profile(file: file), environment: environment, diagnostics: yamlDiagnostics)
        if let root { parser.read(root) }
        let errors = parser.diagnostics.filter { $0.severity == .error }
        if errors.isEmpty, root == nil {
            parser.diagnostics.append(Diagnostic(at: SourceLocation(file: file, line: 1, column: 1), "the profile is empty",
                                                 help: "write a mapping with some of: \(keys.joined(separator: ", "))"))
        }
        guard parser.diagnostics.allSatisfy({ $0.severity != .error }) else {
            return .failure(ProfileDiagnostics(diagnostics: parser.diagnostics, source: String(decoding: bytes, as: UTF8.self)))
        }
        return .success(parser.profile)
    }

    private struct Parser {
        var profile: Profile
        let environment: [String: String]
        var diagnostics: [Diagnostic]

        mutating func read(_ root: Node) {
            guard let pairs = mapping(root, "a profile") else { return }
            for (key, value) in pairs {
                guard let name = key.scalarText else { continue }
                switch name {
                case "bootstrap_servers":
                    profile.bootstrapServers = string(value, "bootstrap_servers", example: "bootstrap_servers: localhost:9092")
                        .flatMap { substitute($0, at: value, origin: "bootstrap_servers") }
                case "client":
                    for (property, setting) in mapping(value, "client") ?? [] {
                        guard let propertyName = property.scalarText else { continue }
                        guard let text = string(setting, "client.\(propertyName)", example: "\(propertyName): value") else { continue }
                        if let substituted = substitute(text, at: setting, origin: "client.\(propertyName)") {
                            profile.client[propertyName] = substituted
                        }
                    }
                case "schema_registry":
                    readSchemaRegistry(value)
                case "vars":
                    for (variable, setting) in mapping(value, "vars") ?? [] {
                        guard let variableName = variable.scalarText else { continue }
                        guard let text = string(setting, "vars.\(variableName)", example: "\(variableName): value") else { continue }
                        profile.vars.append((variableName, text))
                        profile.varNodes[variableName] = variable
                    }
                default:
                    let help = Suggestion.closest(to: name, in: Profile.keys).map { "did you mean '\($0)'?" }
                        ?? "a profile takes: \(Profile.keys.joined(separator: ", "))"
                    diagnostics.append(Diagnostic(at: key.location, "unknown key '\(name)' in a profile", help: help,
                                                  length: key.length))
                }
            }
        }

        private mutating func readSchemaRegistry(_ value: Node) {
            if value.scalarText != nil {
                if let url = string(value, "schema_registry", example: "schema_registry: http://localhost:8081") {
                    substitute(url, at: value, origin: "schema_registry").map { profile.schemaRegistry = SchemaRegistry(url: $0) }
                }
                return
            }
            guard let pairs = mapping(value, "schema_registry") else { return }
            var registry = SchemaRegistry(url: "")
            var sawURL = false
            for (key, setting) in pairs {
                guard let name = key.scalarText else { continue }
                guard Profile.schemaRegistryKeys.contains(name) else {
                    let help = Suggestion.closest(to: name, in: Profile.schemaRegistryKeys).map { "did you mean '\($0)'?" }
                        ?? "schema_registry takes: url, auth"
                    diagnostics.append(Diagnostic(at: key.location, "unknown key '\(name)' in schema_registry", help: help,
                                                  length: key.length))
                    continue
                }
                guard let text = string(setting, "schema_registry.\(name)", example: "\(name): value"),
                      let substituted = substitute(text, at: setting, origin: "schema_registry.\(name)") else { continue }
                if name == "url" {
                    registry.url = substituted
                    sawURL = true
                } else if !substituted.contains(":") {
                    diagnostics.append(Diagnostic(at: setting.location, "schema_registry.auth takes user:password",
                                                  help: "e.g. auth: ${env:REGISTRY_USER}:${env:REGISTRY_PASSWORD}", length: setting.length))
                } else {
                    registry.auth = substituted
                }
            }
            if sawURL { profile.schemaRegistry = registry } else {
                diagnostics.append(Diagnostic(at: value.location, "schema_registry needs a url",
                                              help: "e.g. schema_registry: { url: http://localhost:8081 }"))
            }
        }

        private mutating func mapping(_ node: Node, _ what: String) -> [(key: Node, value: Node)]? {
            if case .mapping(let pairs) = node.kind { return pairs }
            diagnostics.append(Diagnostic(at: node.location, "\(what) must be a mapping, got \(node.kindDescription)",
                                          help: what == "a profile" ? "e.g. bootstrap_servers: localhost:9092" : "e.g. \(what): { name: value }",
                                          length: node.length))
            return nil
        }

        /// A scalar as text (numbers and booleans as written); a list or mapping is an error.
        private mutating func string(_ node: Node, _ what: String, example: String) -> String? {
            if case .scalar(let text, _) = node.kind, node.scalarValue != .null { return text }
            diagnostics.append(Diagnostic(at: node.location, "\(what) must be a string, got \(node.kindDescription)",
                                          help: "e.g. \(example)", length: node.length))
            return nil
        }

        private mutating func substitute(_ text: String, at node: Node, origin: String) -> String? {
            do {
                return try ClientProperties.substitute(text, environment: environment, origin: origin)
            } catch {
                diagnostics.append(Diagnostic(at: node.location, "\(error)",
                                              help: "set it before the run, or write the value in the profile", length: node.length))
                return nil
            }
        }
    }
}

extension Profile {
    /// A var no loaded file declares overrides nothing: most likely a typo, or a profile meant for other files.
    func unusedVarWarnings(_ suites: [Suite]) -> [Diagnostic] {
        let declared = Set(suites.flatMap { $0.vars.map(\.name) })
        return vars.map(\.0).filter { !declared.contains($0) }.compactMap { name in
            // A var no file declares is still known to every file (an environment's `api_url`, DESIGN §1.5):
            // only one that looks like a misspelt declared name is worth a warning.
            guard let node = varNodes[name], let close = Suggestion.closest(to: name, in: declared.sorted()) else { return nil }
            let help = "did you mean '\(close)'?"
            return Diagnostic(.warning, at: node.location, "var '\(name)' is declared in no scenario file's vars:, so it overrides nothing",
                              help: help, length: node.length)
        }
    }
}

/// A profile file that did not parse: its diagnostics with the text they point into.
struct ProfileDiagnostics: Error {
    var diagnostics: [Diagnostic]
    var source: String
}
