import Foundation
import XCTest
@testable import ScenarioEngine

/// The embedded broker is released with the engine, not when `run` returns: the command line
/// exits after its reports with the engine alive and so never waits for the mock cluster's teardown.
final class EngineLifetimeTests: XCTestCase {
    func testTheEmbeddedBrokerOutlivesTheRunAndGoesWithTheEngine() throws {
        var engine: Engine? = Engine(options: RunOptions())
        let plan = RunPlan(suites: [], tags: [], skipTags: [], filter: nil, shard: nil)
        let result = try XCTUnwrap(engine).run(plan)
        let address = try XCTUnwrap(Self.firstAddress(result.environment.bootstrapServers))
        XCTAssertTrue(Self.accepts(address), "the embedded broker at \(address) is gone when run returns")
        engine = nil
        XCTAssertFalse(Self.accepts(address), "the embedded broker at \(address) outlived its engine")
    }

    /// "embedded (127.0.0.1:39211,127.0.0.1:40113)" → ("127.0.0.1", 39211)
    private static func firstAddress(_ servers: String) -> (host: String, port: UInt16)? {
        let list = servers.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }
        guard let first = list.split(separator: ",").first, let colon = first.lastIndex(of: ":"),
              let port = UInt16(first[first.index(after: colon)...]) else { return nil }
        return (String(first[..<colon]), port)
    }

    private static func accepts(_ address: (host: String, port: UInt16)) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = address.port.bigEndian
        inet_pton(AF_INET, address.host, &sin.sin_addr)
        return withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
