import Foundation
import RegistryStandIn
import XCTest

/// -X, --client-config with ${env:NAME}, and secrets that never leave the process (embedded broker).
final class ClientPropertiesTests: XCTestCase {
    private let cliSecret = "S3cr3t-cli-\(UUID().uuidString.prefix(8))"
    private let fileSecret = "S3cr3t-file-\(UUID().uuidString.prefix(8))"
    private let registrySecret = "S3cr3t-registry-\(UUID().uuidString.prefix(8))"

    func testPlantedSecretsAppearInNoOutput() throws {
        let folder = try CLI.temporaryDirectory()
        let config = folder.appendingPathComponent("client.properties")
        try "# SASL over TLS, password from the environment\nssl.key.password=${env:KS_FILE_SECRET}\nsasl.username = alice\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let reports = folder.appendingPathComponent("reports")
        // The registry takes the password (a run with schemas asks it before any scenario: a wrong one would be
        // exit 3); registry.yaml passes beside the failing secrets.yaml, registering its schemas with it.
        let registry = try RegistryStandIn(arguments: ["--user", "alice", "--password", registrySecret, "--log-requests"])
        defer { registry.stop() }
        // The scenario fails and its failure shows the message it produced, built from both secrets.
        let result = try CLI.run(["run", CLI.fixtures.appendingPathComponent("brokers/secrets.yaml").path,
                                  CLI.fixtures.appendingPathComponent("schemas/registry.yaml").path,
                                  "-X", "sasl.password=\(cliSecret)", "--client-config", config.path,
                                  "--schema-registry", registry.url.absoluteString, "--schema-registry-auth", "alice:\(registrySecret)",
                                  "--report-dir", reports.path, "--junit-style", "rich", "--verbose"],
                                 environment: ["KS_CLI_SECRET": cliSecret, "KS_FILE_SECRET": fileSecret])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(registry.requests().contains { $0.hasPrefix("POST /subjects/") }, "the registry took the password: \(registry.requests())")
        // The secrets did reach the run: the message's text is there, with the values masked.
        XCTAssertTrue(result.stdout.contains("token=****** and ******"), result.stdout)

        var outputs = ["stdout": result.stdout, "stderr": result.stderr]
        for name in try FileManager.default.contentsOfDirectory(atPath: reports.path) {
            outputs[name] = try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8)
        }
        XCTAssertEqual(Set(outputs.keys), ["stdout", "stderr", "junit.xml", "report.md", "results.json"])
        for (name, text) in outputs {
            for secret in [cliSecret, fileSecret, registrySecret, "S3cr3t"] {
                XCTAssertFalse(text.contains(secret), "\(name) shows a secret:\n\(text)")
            }
        }
        // The configuration section lists the properties, secrets masked, others as given.
        let markdown = outputs["report.md"] ?? ""
        XCTAssertTrue(markdown.contains("sasl.password") && markdown.contains("ssl.key.password") && markdown.contains("alice"), markdown)
    }

    func testMissingEnvironmentVariableIsExitTwoNamingIt() throws {
        let folder = try CLI.temporaryDirectory()
        let config = folder.appendingPathComponent("client.properties")
        try "sasl.username=alice\nsasl.password=${env:KS_UNSET_PASSWORD}\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", seedConnectivity, "--client-config", config.path, "--report-dir", folder.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "error: \(config.path):2: environment variable KS_UNSET_PASSWORD is not set\n")

        let set = try CLI.run(["run", seedConnectivity, "--client-config", config.path, "--report-dir", folder.path],
                              environment: ["KS_UNSET_PASSWORD": "x"])
        XCTAssertEqual(set.status, 0, set.stderr)
    }

    func testPropertiesReachLibrdkafka() throws {
        let folder = try CLI.temporaryDirectory()
        let config = folder.appendingPathComponent("client.properties")
        // librdkafka rejects the value (exit 2, as any invalid input): proof the file's property, after
        // substitution, was handed to it.
        try "socket.timeout.ms=${env:KS_TIMEOUT}\n".write(to: config, atomically: true, encoding: .utf8)
        let rejected = try CLI.run(["run", seedConnectivity, "--client-config", config.path, "--report-dir", folder.path],
                                   environment: ["KS_TIMEOUT": "5"])
        XCTAssertEqual(rejected.status, 2, rejected.stderr)
        XCTAssertTrue(rejected.stderr.contains("socket.timeout.ms") && rejected.stderr.contains("value 5 is outside"), rejected.stderr)

        let accepted = try CLI.run(["run", seedConnectivity, "--client-config", config.path, "--report-dir", folder.path],
                                   environment: ["KS_TIMEOUT": "30000"])
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        // -X wins over the file.
        let overridden = try CLI.run(["run", seedConnectivity, "--client-config", config.path, "-X", "socket.timeout.ms=7",
                                      "--report-dir", folder.path], environment: ["KS_TIMEOUT": "30000"])
        XCTAssertEqual(overridden.status, 2, overridden.stderr)
        XCTAssertTrue(overridden.stderr.contains("value 7 is outside"), overridden.stderr)
    }

    func testSecurityPropertiesPassThroughUntouched() throws {
        let folder = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", seedConnectivity, "--report-dir", folder.path,
                                  "-X", "sasl.mechanisms=SCRAM-SHA-512", "-X", "sasl.username=alice", "-X", "sasl.password=\(cliSecret)",
                                  "-X", "ssl.endpoint.identification.algorithm=none"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try String(contentsOf: folder.appendingPathComponent("results.json"), encoding: .utf8)
        for shown in ["SCRAM-SHA-512", "alice", "\"none\""] { XCTAssertTrue(json.contains(shown), json) }
        XCTAssertFalse(json.contains(cliSecret))
    }

    func testAMalformedPropertyIsExitTwoWithoutEchoingIt() throws {
        let result = try CLI.run(["run", seedConnectivity, "-X", "sasl.password \(cliSecret)"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("-X #1: expected key=value"), result.stderr)
        XCTAssertFalse(result.stderr.contains(cliSecret), result.stderr)
    }

    func testAPropertyThatHidesDeliveryReportsIsRefused() throws {
        let result = try CLI.run(["run", seedConnectivity, "-X", "delivery.report.only.error=true"])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("delivery.report.only.error=true: produce and load steps count every delivery report"),
                      result.stderr)
        XCTAssertEqual(try CLI.run(["run", seedConnectivity, "-X", "delivery.report.only.error=1"]).status, 2, "librdkafka's other spelling")
        XCTAssertEqual(try CLI.run(["run", seedConnectivity, "-X", "delivery.report.only.error=false", "--report-dir",
                                    try CLI.temporaryDirectory().path]).status, 0)
    }

    private var seedConnectivity: String { CLI.repository.appendingPathComponent("scenarios/seed/1_connectivity.yaml").path }
}
