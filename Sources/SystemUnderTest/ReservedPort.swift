#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback port the kernel gave out, kept bound until `release()` (or deinit), so that no other program
/// can take it between choosing it and a server binding it. The socket does not listen, so a connection to a
/// held port is refused, as to a closed one; it sets SO_REUSEADDR, so a server that binds with SO_REUSEADDR
/// too (most do: Python's servers, Rust's and Go's listeners, stunnel) can bind it while it is held.
public final class ReservedPort {
    public let port: Int
    private var fd: Int32

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ChildSpawn.Failure(description: "cannot open a socket to find a free port") }
        var reuse: Int32 = 1
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size)) == 0
            && withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
        guard bound else {
            close(fd)
            throw ChildSpawn.Failure(description: "cannot bind a free loopback port")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { release() }

    /// Idempotent.
    public func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }
}
