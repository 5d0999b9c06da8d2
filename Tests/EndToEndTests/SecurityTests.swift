import Foundation
import SystemUnderTest
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// TLS, mutual TLS and SASL against real endpoints: Tansu behind stunnel (TLS, certificates made per
/// test with openssl) and noida-db (SASL/PLAIN). Everything a test starts, its tearDown stops.
final class SecurityTests: XCTestCase {
    private var stops: [() -> Void] = []

    override func tearDown() {
        for stop in stops.reversed() { stop() }
        stops = []
    }

    // MARK: TLS with a private CA

    func testSeedSuitePassesOverTLSWithAPrivateCA() throws {
        let (endpoint, tools, certificates) = try tlsBroker()
        let reports = try CLI.temporaryDirectory()
        let result = try run(seed, on: endpoint, tools: tools, reports: reports,
                             properties: ["security.protocol=SSL", "ssl.ca.location=\(certificates.caFile)"])
        XCTAssertEqual(result.status, 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        let cases = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases()
        XCTAssertEqual(cases.count, 12)
        XCTAssertEqual(cases.filter { $0.child("failure") != nil || $0.child("error") != nil || $0.child("skipped") != nil }
            .map { $0.attr("name") ?? "?" }, [])
        // The connection really went through the TLS endpoint.
        XCTAssertTrue(endpoint.log.contains("TLS accepted"), endpoint.log)
    }

    func testAnUntrustedCAIsExitThree() throws {
        let (endpoint, tools, certificates) = try tlsBroker()
        let start = Date()
        let result = try run(connectivity, on: endpoint, tools: tools, properties: ["security.protocol=SSL", "ssl.ca.location=\(certificates.otherCAFile)"],
                             connectTimeout: longConnectTimeout)
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        assertEndedAtOnce(since: start, result, saying: ["certificate verify failed", endpoint.bootstrapServers, "set ssl.ca.location"])
    }

    func testACertificateForAnotherNameIsExitThree() throws {
        let (endpoint, tools, certificates) = try tlsBroker(serverCertificate: \.otherNameCertificate, serverKey: \.otherNameKey)
        let start = Date()
        let result = try run(connectivity, on: endpoint, tools: tools,
                             properties: ["security.protocol=SSL", "ssl.ca.location=\(certificates.caFile)",
                                          "ssl.endpoint.identification.algorithm=https"], connectTimeout: longConnectTimeout)
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        assertEndedAtOnce(since: start, result, saying: ["certificate verify failed", "a host name or address the certificate names"])
    }

    /// Proves the name check above is what fails: the same certificate passes when it is not checked.
    func testACertificateForAnotherNamePassesWithoutTheNameCheck() throws {
        let (endpoint, tools, certificates) = try tlsBroker(serverCertificate: \.otherNameCertificate, serverKey: \.otherNameKey)
        let result = try run(connectivity, on: endpoint, tools: tools,
                             properties: ["security.protocol=SSL", "ssl.ca.location=\(certificates.caFile)",
                                          "ssl.endpoint.identification.algorithm=none"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    }

    // MARK: mutual TLS

    func testMutualTLSPassesWithAnEncryptedClientKeyWhosePasswordComesFromTheEnvironment() throws {
        let (endpoint, tools, certificates) = try tlsBroker(requireClientCertificate: true)
        let reports = try CLI.temporaryDirectory()
        let config = try propertiesFile("""
            security.protocol=SSL
            ssl.ca.location=\(certificates.caFile)
            ssl.certificate.location=\(certificates.clientCertificate)
            ssl.key.location=\(certificates.clientKey)
            ssl.key.password=${env:KS_TEST_KEY_PASSWORD}
            """)
        let result = try run(produceConsume, on: endpoint, tools: tools, reports: reports, clientConfig: config,
                             environment: ["KS_TEST_KEY_PASSWORD": certificates.keyPassword])
        XCTAssertEqual(result.status, 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        XCTAssertTrue(endpoint.log.contains("TLS accepted") && endpoint.log.contains("Certificate accepted at depth=0"), endpoint.log)
        try assertNoOutputShows([certificates.keyPassword], result, reports: reports, logs: ["stunnel": endpoint.log])
    }

    /// The documented way: a profile carries the broker and its security settings, the secret from ${env:}.
    func testMutualTLSFromAProfileWithItsKeyPasswordFromTheEnvironment() throws {
        let (endpoint, tools, certificates) = try tlsBroker(requireClientCertificate: true)
        let reports = try CLI.temporaryDirectory()
        let profiles = try CLI.temporaryDirectory()
        try """
            bootstrap_servers: \(endpoint.bootstrapServers)
            client:
              security.protocol: SSL
              ssl.ca.location: \(certificates.caFile)
              ssl.certificate.location: \(certificates.clientCertificate)
              ssl.key.location: \(certificates.clientKey)
              ssl.key.password: ${env:KS_TEST_KEY_PASSWORD}
            """.write(to: profiles.appendingPathComponent("secure.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", produceConsume, "--profile", "secure", "--profiles-dir", profiles.path,
                                  "--report-dir", reports.path],
                                 environment: ["LD_LIBRARY_PATH": tools.librdkafkaDir, "KS_TEST_KEY_PASSWORD": certificates.keyPassword])
        XCTAssertEqual(result.status, 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        XCTAssertTrue(endpoint.log.contains("Certificate accepted at depth=0"), endpoint.log)
        try assertNoOutputShows([certificates.keyPassword], result, reports: reports, logs: ["stunnel": endpoint.log])
    }

    func testMutualTLSWithoutAClientCertificateIsExitThree() throws {
        let (endpoint, tools, certificates) = try tlsBroker(requireClientCertificate: true)
        let start = Date()
        let result = try run(connectivity, on: endpoint, tools: tools,
                             properties: ["security.protocol=SSL", "ssl.ca.location=\(certificates.caFile)"], connectTimeout: longConnectTimeout)
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        assertEndedAtOnce(since: start, result, saying: ["certificate required", "set ssl.certificate.location and ssl.key.location"])
        XCTAssertTrue(endpoint.log.contains("peer did not return a certificate"), endpoint.log)
    }

    /// A client certificate from a CA the broker does not trust.
    func testMutualTLSWithAnUntrustedClientCertificateIsExitThreeAtOnce() throws {
        let (endpoint, tools, certificates) = try tlsBroker(requireClientCertificate: true)
        let start = Date()
        let result = try run(connectivity, on: endpoint, tools: tools,
                             properties: ["security.protocol=SSL", "ssl.ca.location=\(certificates.caFile)",
                                          "ssl.certificate.location=\(certificates.strangerCertificate)",
                                          "ssl.key.location=\(certificates.strangerKey)"], connectTimeout: longConnectTimeout)
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        // Measured: the broker (stunnel, TLS 1.3) is offered no certificate at all, so it answers as
        // to a client without one.
        assertEndedAtOnce(since: start, result, saying: ["requires a client certificate signed by a CA it trusts"])
    }

    // MARK: SASL

    func testSASLPlainHandshakeRunsAndThePasswordAppearsInNoOutput() throws {
        let broker = try noida()
        let reports = try CLI.temporaryDirectory()
        let password = "planted-sasl-\(UUID().uuidString.prefix(8))"
        let config = try propertiesFile("""
            security.protocol=SASL_PLAINTEXT
            sasl.mechanisms=PLAIN
            sasl.username=alice
            sasl.password=${env:KS_TEST_SASL_PASSWORD}
            """)
        // Debian's librdkafka (no LD_LIBRARY_PATH): noida-db talks to it.
        let result = try CLI.run(["run", seed, "--bootstrap-servers", broker.bootstrapServers, "--client-config", config.path,
                                  "--report-dir", reports.path, "--verbose"],
                                 environment: ["KS_TEST_SASL_PASSWORD": password])
        XCTAssertEqual(result.status, 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        try assertNoOutputShows([password], result, reports: reports, logs: ["noida-db": broker.log])
        let json = try String(contentsOf: reports.appendingPathComponent("results.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("SASL_PLAINTEXT") && json.contains("alice"), json)
    }

    /// ClientPropertiesTests.testPlantedSecretsAppearInNoOutput on a broker that really logs in with the
    /// password: the failing scenario shows a message built from both secrets, masked.
    func testPlantedSecretsAppearInNoOutputOnARealSASLBroker() throws {
        let broker = try noida()
        let reports = try CLI.temporaryDirectory()
        let saslPassword = "planted-sasl-\(UUID().uuidString.prefix(8))", keyPassword = "planted-key-\(UUID().uuidString.prefix(8))"
        let config = try propertiesFile("security.protocol=SASL_PLAINTEXT\nsasl.mechanisms=PLAIN\nsasl.username=alice\nssl.key.password=${env:KS_FILE_SECRET}")
        let result = try CLI.run(["run", CLI.fixtures.appendingPathComponent("brokers/secrets.yaml").path,
                                  "--bootstrap-servers", broker.bootstrapServers, "-X", "sasl.password=\(saslPassword)",
                                  "--client-config", config.path, "--report-dir", reports.path, "--junit-style", "rich", "--verbose"],
                                 environment: ["KS_CLI_SECRET": saslPassword, "KS_FILE_SECRET": keyPassword])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("token=****** and ******"), result.stdout)
        try assertNoOutputShows([saslPassword, keyPassword], result, reports: reports, logs: ["noida-db": broker.log])
    }

    /// SASL inside TLS: stunnel in front of noida-db. noida-db advertises its own (plain) port, so only
    /// the bootstrap connection runs through TLS: enough for the handshake and the cluster's metadata.
    func testSASLOverTLSHandshakeRunsAndThePasswordAppearsInNoOutput() throws {
        let broker = try noida()
        let certificates = try TestCertificates()
        stops.append(certificates.remove)
        let tlsPort = try ReservedPort()
        let endpoint = try TLSEndpoint(port: tlsPort.port, backendPort: broker.port,
                                       certificate: certificates.serverCertificate, key: certificates.serverKey)
        tlsPort.release()
        stops.append(endpoint.stop)
        let reports = try CLI.temporaryDirectory()
        let password = "planted-sasl-\(UUID().uuidString.prefix(8))"
        let config = try propertiesFile("""
            security.protocol=SASL_SSL
            ssl.ca.location=\(certificates.caFile)
            sasl.mechanisms=PLAIN
            sasl.username=alice
            sasl.password=${env:KS_TEST_SASL_PASSWORD}
            """)
        let result = try CLI.run(["run", connectivity, "--bootstrap-servers", endpoint.bootstrapServers, "--client-config", config.path,
                                  "--report-dir", reports.path, "--verbose"],
                                 environment: ["KS_TEST_SASL_PASSWORD": password])
        XCTAssertEqual(result.status, 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        XCTAssertTrue(endpoint.log.contains("TLS accepted"), endpoint.log)
        try assertNoOutputShows([password], result, reports: reports, logs: ["noida-db": broker.log, "stunnel": endpoint.log])
    }

    /// noida-db speaks only SASL/PLAIN: its answer to SCRAM is one librdkafka cannot authenticate with.
    func testAFailedSASLLoginIsExitThreeAtOnceWithoutShowingThePassword() throws {
        let broker = try noida()
        let password = "planted-sasl-\(UUID().uuidString.prefix(8))"
        let start = Date()
        let result = try CLI.run(["run", connectivity, "--bootstrap-servers", broker.bootstrapServers, "--connect-timeout", longConnectTimeout,
                                  "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=SCRAM-SHA-256",
                                  "-X", "sasl.username=alice", "-X", "sasl.password=\(password)"])
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        assertEndedAtOnce(since: start, result, saying: ["SASL authentication error", "check sasl.username, sasl.password"])
        XCTAssertFalse((result.stdout + result.stderr).contains(password), result.stdout + result.stderr)
    }

    /// Tansu without --authentication answers every SASL handshake with UNSUPPORTED_SASL_MECHANISM.
    func testAnUnsupportedSASLMechanismIsExitThreeAtOnce() throws {
        let broker = try TansuBroker()
        stops.append(broker.stop)
        let start = Date()
        let result = try CLI.run(["run", connectivity, "--bootstrap-servers", broker.bootstrapServers, "--connect-timeout", longConnectTimeout,
                                  "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN",
                                  "-X", "sasl.username=alice", "-X", "sasl.password=planted-\(UUID().uuidString.prefix(8))"],
                                 environment: broker.environment)
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        assertEndedAtOnce(since: start, result, saying: ["Unsupported SASL mechanism", "does not accept the SASL mechanism"])
    }

    /// A transient failure is not cut short: connection refused keeps trying until --connect-timeout.
    func testConnectionRefusedKeepsTheConnectDeadline() throws {
        let closed = try ReservedPort()   // held (not listening) for the whole test: refused, and nobody else's
        defer { closed.release() }
        let closedPort = closed.port
        let start = Date()
        let result = try CLI.run(["run", connectivity, "--bootstrap-servers", "127.0.0.1:\(closedPort)", "--connect-timeout", "1s",
                                  "-X", "security.protocol=SSL"])
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot reach the Kafka broker at 127.0.0.1:\(closedPort) within 1s"), result.stderr)
    }

    // MARK: helpers

    /// Far beyond what any handshake takes: a run that ends well before it did not wait for it.
    private let longConnectTimeout = "120s"

    /// Exit 3 came from the failure itself, not from the connect deadline; one line naming it.
    private func assertEndedAtOnce(since start: Date, _ result: CLI.Outcome, saying parts: [String],
                                   file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThan(Date().timeIntervalSince(start), 60, "waited for the connect deadline: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one sentence: \(result.stderr)", file: file, line: line)
        for part in parts {
            XCTAssertTrue(result.stderr.contains(part), "expected \"\(part)\" in: \(result.stderr)", file: file, line: line)
        }
    }

    private var seed: String { CLI.repository.appendingPathComponent("scenarios/seed").path }
    private var connectivity: String { CLI.repository.appendingPathComponent("scenarios/seed/1_connectivity.yaml").path }
    private var produceConsume: String { CLI.repository.appendingPathComponent("scenarios/seed/3_producer_consumer.yaml").path }

    /// Tansu on a loopback port behind stunnel on another; Tansu advertises stunnel's port.
    private func tlsBroker(serverCertificate: KeyPath<TestCertificates, String> = \.serverCertificate,
                           serverKey: KeyPath<TestCertificates, String> = \.serverKey,
                           requireClientCertificate: Bool = false) throws -> (TLSEndpoint, TansuBroker.Tools, TestCertificates) {
        let certificates = try TestCertificates()
        stops.append(certificates.remove)
        let tlsPort = try ReservedPort()   // advertised by Tansu before stunnel binds it
        let broker = try TansuBroker(advertisedPort: tlsPort.port)
        stops.append(broker.stop)
        let endpoint = try TLSEndpoint(port: tlsPort.port, backendPort: broker.port,
                                       certificate: certificates[keyPath: serverCertificate], key: certificates[keyPath: serverKey],
                                       clientCA: requireClientCertificate ? certificates.caFile : nil)
        tlsPort.release()
        stops.append(endpoint.stop)
        return (endpoint, broker.tools, certificates)
    }

    private func noida() throws -> NoidaBroker {
        let broker = try NoidaBroker()
        stops.append(broker.stop)
        return broker
    }

    /// The runner with librdkafka 2.16 (which talks to Tansu) against the TLS endpoint.
    private func run(_ path: String, on endpoint: TLSEndpoint, tools: TansuBroker.Tools, reports: URL? = nil,
                     properties: [String] = [], clientConfig: URL? = nil, connectTimeout: String = "10s",
                     environment: [String: String] = [:]) throws -> CLI.Outcome {
        var arguments = ["run", path, "--bootstrap-servers", endpoint.bootstrapServers, "--connect-timeout", connectTimeout,
                         "--report-dir", try (reports ?? CLI.temporaryDirectory()).path]
        arguments += properties.flatMap { ["-X", $0] }
        if let clientConfig { arguments += ["--client-config", clientConfig.path] }
        return try CLI.run(arguments, environment: environment.merging(["LD_LIBRARY_PATH": tools.librdkafkaDir]) { $1 })
    }

    private func propertiesFile(_ text: String) throws -> URL {
        let url = try CLI.temporaryDirectory().appendingPathComponent("client.properties")
        try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Searches stdout, stderr, every report and the services' logs for each secret.
    private func assertNoOutputShows(_ secrets: [String], _ result: CLI.Outcome, reports: URL, logs: [String: String],
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        var outputs = logs.merging(["stdout": result.stdout, "stderr": result.stderr]) { $1 }
        for name in try FileManager.default.contentsOfDirectory(atPath: reports.path) {
            outputs[name] = try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8)
        }
        XCTAssertTrue(Set(outputs.keys).isSuperset(of: ["junit.xml", "report.md", "results.json"]), "\(outputs.keys)", file: file, line: line)
        for (name, text) in outputs {
            for secret in secrets {
                XCTAssertFalse(text.contains(secret), "\(name) shows a secret:\n\(text)", file: file, line: line)
            }
        }
    }
}
