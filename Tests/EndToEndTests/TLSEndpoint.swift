import Foundation
import TestSupport
import XCTest

/// Certificates made with openssl for one test, in a temporary folder removed by `remove()`:
/// a CA, a server certificate for IP 127.0.0.1, one for another name, a client certificate with an
/// encrypted key, and a second CA that signed none of them.
final class TestCertificates {
    let folder: URL
    /// The client key's passphrase: generated per run, planted to prove it is never shown.
    let keyPassword = "planted-key-\(UUID().uuidString.prefix(8))"

    var caFile: String { path("ca.pem") }
    var otherCAFile: String { path("other-ca.pem") }
    /// A client certificate signed by the unrelated CA, and its key (not encrypted).
    var strangerCertificate: String { path("stranger.pem") }
    var strangerKey: String { path("stranger.key") }
    var serverCertificate: String { path("server.pem") }
    var serverKey: String { path("server.key") }
    /// Signed by the CA for kafka.other.example and 127.0.0.2: valid, but not for 127.0.0.1.
    var otherNameCertificate: String { path("other-name.pem") }
    var otherNameKey: String { path("other-name.key") }
    var clientCertificate: String { path("client.pem") }
    /// Encrypted with `keyPassword`.
    var clientKey: String { path("client.key") }

    init() throws {
        guard let openssl = LoopbackService.which("openssl") else {
            throw missingPart("openssl is not installed (scripts/install-deps.sh installs it): no certificates for the TLS tests")
        }
        folder = try CLI.temporaryDirectory()
        let tool = Tool(openssl: openssl, folder: folder, keyPassword: keyPassword)
        try tool.authority("ca", subject: "/CN=kafka-scenario test CA")
        try tool.authority("other-ca", subject: "/CN=kafka-scenario unrelated CA")
        try tool.leaf("server", subject: "/CN=127.0.0.1", extensions: "subjectAltName=IP:127.0.0.1")
        try tool.leaf("other-name", subject: "/CN=kafka.other.example",
                      extensions: "subjectAltName=DNS:kafka.other.example,IP:127.0.0.2")
        try tool.leaf("client", subject: "/CN=kafka-scenario test client", extensions: "extendedKeyUsage=clientAuth",
                      encrypted: true)
        try tool.leaf("stranger", subject: "/CN=kafka-scenario unknown client", extensions: "extendedKeyUsage=clientAuth",
                      issuer: "other-ca")
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private struct Tool {
        let openssl: String
        let folder: URL
        let keyPassword: String

        func authority(_ name: String, subject: String) throws {
            try run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", "\(name).key", "-out", "\(name).pem", "-days", "2", "-subj", subject])
        }

        /// A key and a certificate signed by `issuer`; the key encrypted with the password when asked.
        func leaf(_ name: String, subject: String, extensions: String, encrypted: Bool = false, issuer: String = "ca") throws {
            try extensions.write(to: folder.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
            let keyProtection = encrypted ? ["-passout", "env:KS_TEST_KEY_PASSWORD"] : ["-nodes"]
            try run(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"] + keyProtection +
                    ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject])
            try run(["x509", "-req", "-in", "\(name).csr", "-CA", "\(issuer).pem", "-CAkey", "\(issuer).key", "-CAcreateserial",
                     "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"])
        }

        private func run(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = arguments
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["KS_TEST_KEY_PASSWORD"] = keyPassword
            process.environment = environment
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw TansuBroker.BrokerError("openssl \(arguments.joined(separator: " ")) failed: \(String(decoding: stderr, as: UTF8.self))")
            }
        }
    }
}

/// stunnel (Debian's stunnel4) accepting TLS on a loopback port and forwarding the plain bytes to
/// `backendPort`: a real TLS endpoint in front of a broker that speaks only plain TCP.
final class TLSEndpoint {
    let port: Int
    private let service: LoopbackService
    private let config: URL

    var bootstrapServers: String { "127.0.0.1:\(port)" }
    var log: String { service.log }

    /// `port`: where to accept (the address the broker behind advertises). With `clientCA`, a client
    /// must present a certificate that CA signed (stunnel's `verify = 2`).
    init(port: Int, backendPort: Int, certificate: String, key: String, clientCA: String? = nil) throws {
        guard let stunnel = LoopbackService.which("stunnel4") ?? LoopbackService.which("stunnel") else {
            throw missingPart("stunnel4 is not installed (scripts/install-deps.sh installs it): no TLS endpoint")
        }
        self.port = port
        var lines = ["foreground = yes", "pid =", "debug = 6", "[kafka]",
                     "accept = 127.0.0.1:\(port)", "connect = 127.0.0.1:\(backendPort)",
                     "cert = \(certificate)", "key = \(key)"]
        if let clientCA { lines += ["verify = 2", "CAfile = \(clientCA)"] }
        config = FileManager.default.temporaryDirectory.appendingPathComponent("stunnel-\(port)-\(UUID().uuidString).conf")
        try (lines.joined(separator: "\n") + "\n").write(to: config, atomically: true, encoding: .utf8)
        service = try LoopbackService(name: "stunnel", executable: stunnel, arguments: [config.path], port: port)
    }

    func stop() {
        service.stop()
        try? FileManager.default.removeItem(at: config)
    }
}
