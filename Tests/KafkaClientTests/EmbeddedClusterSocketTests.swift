import Foundation
import KafkaClient
import XCTest

/// The mock brokers answer without Nagle's algorithm: with it, a response written in pieces waited
/// for the client's delayed ACK (40 ms), so fetches and acknowledgements took 4-45 ms at random.
final class EmbeddedClusterSocketTests: XCTestCase {
    func testConnectionsAcceptedByTheMockBrokersHaveNagleOff() throws {
        try assertNagleOff(SharedCluster.instance)
    }

    func testABrokerBackUpAfterAFaultStillAnswersWithNagleOff() throws {
        let cluster = try EmbeddedCluster(brokers: 1)
        try cluster.setBrokerDown(1)
        try cluster.setBrokerUp(1)
        try assertNagleOff(cluster)
    }

    private func assertNagleOff(_ cluster: EmbeddedCluster) throws {
        let ports = cluster.bootstrapServers.split(separator: ",").compactMap { $0.split(separator: ":").last.flatMap { UInt16($0) } }
        XCTAssertEqual(ports.count, cluster.brokerCount)
        for port in ports {
            let client = try XCTUnwrap(Self.connect(port: port))
            defer { close(client) }
            let clientPort = try XCTUnwrap(Self.localPort(client))
            // The mock thread accepts asynchronously: find the broker's end of this connection.
            var accepted: Int32?
            let end = Date().addingTimeInterval(5)
            while accepted == nil, Date() < end {
                accepted = Self.socketsOfThisProcess().first { Self.localPort($0) == port && Self.peerPort($0) == clientPort }
                if accepted == nil { Thread.sleep(forTimeInterval: 0.005) }
            }
            let fd = try XCTUnwrap(accepted, "the mock broker on port \(port) did not accept the connection")
            var noDelay: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            XCTAssertEqual(getsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, &size), 0)
            XCTAssertEqual(noDelay, 1, "the mock broker on port \(port) answers with Nagle's algorithm on")
        }
    }

    private static func connect(port: UInt16) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); return nil }
        return fd
    }

    private static func socketsOfThisProcess() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    private static func localPort(_ fd: Int32) -> UInt16? { port(fd, getsockname) }
    private static func peerPort(_ fd: Int32) -> UInt16? { port(fd, getpeername) }

    private static func port(_ fd: Int32,
                             _ name: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) -> UInt16? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { name(fd, $0, &length) }
        }
        guard result == 0, address.sin_family == sa_family_t(AF_INET) else { return nil }
        return UInt16(bigEndian: address.sin_port)
    }
}
