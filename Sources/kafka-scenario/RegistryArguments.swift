import ArgumentParser
import Foundation
import ScenarioEngine
import ScenarioSpec

/// `--schema-registry URL` and `--schema-registry-auth USER:PASSWORD` (docs/schemas.md).
struct RegistryArguments: ParsableArguments {
    @Option(help: ArgumentHelp("A Confluent-compatible schema registry, http(s)://host:port (default: the profile's schema_registry, else $SCHEMA_REGISTRY_URL; without one, file schemas get local ids).",
                               valueName: "url"))
    var schemaRegistry: String?

    @Option(help: ArgumentHelp("Basic auth for the schema registry; ${env:NAME} is replaced from the environment. The password is never shown.",
                               valueName: "user:password"))
    var schemaRegistryAuth: String?

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// The registry the run uses: the command line, else the profile's (whose `auth` goes only with its own URL),
    /// else SCHEMA_REGISTRY_URL; nil for none. As with bootstrap_servers, a profile wins over the environment:
    /// naming it is the more explicit choice. `${env:NAME}` is replaced in the URL and the auth.
    func resolve(profile: Profile.SchemaRegistry?, environment: [String: String]) throws -> SchemaRegistryOptions? {
        let fromEnvironment = environment["SCHEMA_REGISTRY_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let url: String
        var credentials: String?
        var authOrigin = "--schema-registry-auth"
        if let given = schemaRegistry {
            url = try substitute(given, origin: "--schema-registry", environment: environment)
        } else if let profile {
            url = profile.url
            credentials = profile.auth
            authOrigin = "the profile's schema_registry.auth"
        } else if let fromEnvironment {
            url = try substitute(fromEnvironment, origin: "SCHEMA_REGISTRY_URL", environment: environment)
        } else {
            if schemaRegistryAuth != nil {
                throw Problem(description: "--schema-registry-auth needs a registry: pass --schema-registry URL or set SCHEMA_REGISTRY_URL")
            }
            return nil
        }
        if let auth = schemaRegistryAuth {
            credentials = try substitute(auth, origin: "--schema-registry-auth", environment: environment)
            authOrigin = "--schema-registry-auth"
        }
        // The URL is shown without its user info: it may hold a password.
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parts.host, !host.isEmpty else {
            throw Problem(description: "the schema registry URL must be http:// or https:// with a host, e.g. http://localhost:8081"
                          + (url.contains("@") ? "" : ", got '\(url)'"))
        }
        if let credentials, !credentials.contains(":") {
            // Never quoted: it may be the password alone.
            throw Problem(description: "\(authOrigin) takes user:password (the value is not shown)")
        }
        return SchemaRegistryOptions(url: url, credentials: credentials)
    }

    private func substitute(_ text: String, origin: String, environment: [String: String]) throws -> String {
        do {
            return try ClientProperties.substitute(text, environment: environment, origin: origin)
        } catch let problem as ClientProperties.Problem {
            throw Problem(description: problem.description)
        }
    }
}

/// A `subject:` schema needs a registry to read it from: known before the run.
enum SubjectWithoutRegistry {
    static func problem(in plan: RunPlan) -> String? {
        let selected = Set(plan.runnable.map(\.suite))
        for index in selected.sorted() {
            let suite = plan.suites[index]
            guard let declaration = suite.schemas.first(where: {
                if case .subject = $0.source { return true }
                return false
            }) else { continue }
            return "schema '\(declaration.name)' (\(declaration.location)) is a registry subject and no schema registry is given:"
                + " pass --schema-registry URL, set SCHEMA_REGISTRY_URL, or name one in a profile's schema_registry:"
        }
        return nil
    }
}
