import Foundation
import SystemUnderTest
import XCTest

/// A second real broker for the tests: noida-db's Kafka service on a free loopback port, its data in a
/// temporary folder of its own. It talks to the system librdkafka (2.0.2 on Debian 12), so the runner
/// needs no LD_LIBRARY_PATH, and accepts SASL/PLAIN with any credentials. The binary comes from
/// NOIDA_BIN or scripts/install-brokers.sh (the PyPI wheel noida-db, cached outside the repository).
final class NoidaBroker: RealBroker {
    let name = "noida-db"
    let port: Int
    let librdkafkaVersion: String? = nil
    var bootstrapServers: String { "127.0.0.1:\(port)" }
    var environment: [String: String] { [:] }
    var log: String { service.log }

    private let service: LoopbackService
    private let dataDirectory: URL

    init() throws {
        let binary = try Self.binary()
        let reserved = try ReservedPort()
        port = reserved.port
        dataDirectory = try CLI.temporaryDirectory()
        service = try LoopbackService(name: "noida-db", executable: binary,
                                      arguments: ["start", "--only", "kafka", "--host", "127.0.0.1", "--kafka-port", "\(port)",
                                                  "--data-dir", dataDirectory.path], port: port)
        reserved.release()
    }

    deinit { stop() }

    /// Idempotent.
    func stop() {
        service.stop()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    func kill() { service.kill() }

    /// NOIDA_BIN when set (a wrong path there is an error, not a skip), else from scripts/install-brokers.sh
    /// (which skips only when it cannot install it: no network).
    private static func binary() throws -> String {
        let fromEnvironment = ProcessInfo.processInfo.environment["NOIDA_BIN"].flatMap { $0.isEmpty ? nil : $0 }
        let origin = fromEnvironment == nil ? "scripts/install-brokers.sh" : "NOIDA_BIN"
        guard let path = try fromEnvironment ?? InstalledBrokerTools.values()["NOIDA_BIN"] else {
            throw TansuBroker.BrokerError("scripts/install-brokers.sh printed no NOIDA_BIN")
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TansuBroker.BrokerError("\(origin): noida-db binary \(path) is not executable")
        }
        return path
    }
}
