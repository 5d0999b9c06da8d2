#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// When a service counts as ready: every condition given must hold (docs/services.md).
public struct Readiness: Sendable {
    /// A URL answered with a 2xx (GET, polled; redirects are not followed).
    public var http: URL?
    /// A regular expression some log line matches.
    public var log: NSRegularExpression?
    /// A loopback TCP port accepting connections.
    public var port: Int?
    /// Further checks the caller knows (a consumer group that is stable): nil when met, else what is unmet.
    public var extra: [@Sendable () -> String?]

    public init(http: URL? = nil, log: NSRegularExpression? = nil, port: Int? = nil,
                extra: [@Sendable () -> String?] = []) {
        self.http = http
        self.log = log
        self.port = port
        self.extra = extra
    }

    public enum Outcome: Sendable, Equatable {
        case ready
        /// The process ended before it was ready.
        case exited(ExitStatus)
        /// `within` passed: the conditions not met, as words.
        case notReady([String])
        case cancelled(String)
    }

    /// Polls every condition until all hold, the process exits, `seconds` pass or `cancelled` returns a reason.
    public func wait(for process: ServiceProcess, seconds: Double, cancelled: () -> String?) -> Outcome {
        let deadline = Date().addingTimeInterval(seconds)
        var logSeen = log == nil
        var httpAnswered = false
        var logGaveUp = false
        var cursor = ServiceLog.Cursor()
        var polls = 0
        while true {
            if let status = process.exitStatus { return .exited(status) }
            if let reason = cancelled() { return .cancelled(reason) }
            if !logSeen, let log {
                // Every line, from the file, however many came before; reading stops at the deadline too.
                scan: while Date() < deadline, cancelled() == nil {
                    guard let joined = process.log.readJoined(from: &cursor) else { break }
                    // One search over the whole chunk first (lines joined, ^ and $ at line ends): a line that
                    // matches makes it match, so a chunk without a match is passed at once (a line at a time
                    // was slower than a service writes).
                    let multiline = Self.multiline(log)
                    if multiline.map({ Self.matches($0, joined, deadline: deadline, cancelled: cancelled) }) == .noMatch {
                        continue
                    }
                    let lines = joined.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    for line in lines {
                        switch Self.matches(log, line, deadline: deadline, cancelled: cancelled) {
                        case .match?: logSeen = true; break scan
                        case .noMatch?: continue
                        case nil: logGaveUp = true; break scan
                        }
                    }
                }
            }
            if let reason = cancelled() { return .cancelled(reason) }
            var unmet: [String] = []
            if !logSeen, let log {
                unmet.append("no log line matched /\(log.pattern)/"
                             + (logGaveUp ? " (matching a line was still running at the deadline: the expression backtracks too much)" : ""))
            }
            if let port, !Probe.accepts(port: port) { unmet.append("port \(port) did not accept connections") }
            if unmet.isEmpty, let http {
                let answer = Probe.httpGet(http, timeout: 1)
                if (200..<300).contains(answer.status ?? 0) {
                    httpAnswered = true
                } else {
                    unmet.append("GET \(http.absoluteString) answered \(answer.summary)")
                }
            }
            for check in extra where unmet.isEmpty { if let problem = check() { unmet.append(problem) } }
            if unmet.isEmpty { return .ready }
            if Date() >= deadline {
                // What was not yet checked because an earlier condition failed is unmet too.
                // A GET that was answered with a 2xx is never worded as unmet.
                if let http, !httpAnswered, !unmet.contains(where: { $0.hasPrefix("GET ") }) {
                    unmet.append("GET \(http.absoluteString) was never answered with a 2xx")
                }
                return .notReady(unmet)
            }
            // Polls fast at first (most services are ready in well under a second), then less often.
            Thread.sleep(forTimeInterval: min(0.5, 0.02 * pow(1.25, Double(min(polls, 40)))))
            polls += 1
        }
    }
}

extension Readiness {
    enum LineMatch { case match, noMatch }

    /// The expression with ^ and $ matching at line ends, for a search over many lines at once.
    static func multiline(_ expression: NSRegularExpression) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: expression.pattern, options: expression.options.union(.anchorsMatchLines))
    }

    /// Matches with a budget: ICU reports progress while it backtracks, and the match is abandoned at the
    /// deadline or on cancellation (nil), so a catastrophic expression cannot outlive `within`, the
    /// scenario's timeout, --timeout or a signal.
    static func matches(_ expression: NSRegularExpression, _ text: String, deadline: Date,
                        cancelled: () -> String?) -> LineMatch? {
        var found = false
        var abandoned = false
        var calls = 0
        withoutActuallyEscaping(cancelled) { cancelled in
            expression.enumerateMatches(in: text, options: [.reportProgress],
                                        range: NSRange(text.startIndex..., in: text)) { match, _, stop in
                if match != nil {
                    found = true
                    stop.pointee = true
                    return
                }
                calls += 1
                // Progress calls come often: the clock is read on every 64th.
                if calls % 64 == 0, Date() >= deadline || cancelled() != nil {
                    abandoned = true
                    stop.pointee = true
                }
            }
        }
        return found ? .match : abandoned ? nil : .noMatch
    }
}

/// Small network probes for readiness (no HTTP client needed for a status line).
public enum Probe {
    /// True when a TCP connection to 127.0.0.1:`port` succeeds.
    public static func accepts(port: Int, host: String = "127.0.0.1") -> Bool {
        guard let fd = connect(host: host, port: port, timeout: 1) else { return false }
        close(fd)
        return true
    }

    public struct Answer: Sendable {
        public var status: Int?
        public var error: String?
        var summary: String { status.map { "status \($0)" } ?? (error ?? "nothing") }
    }

    /// `GET url HTTP/1.0`; returns the status code of the answer (http only).
    public static func httpGet(_ url: URL, timeout: Double) -> Answer {
        guard url.scheme == "http", let host = url.host else { return Answer(error: "only http:// URLs can be probed") }
        let port = url.port ?? 80
        let address = host == "localhost" ? "127.0.0.1" : host
        guard let fd = connect(host: address, port: port, timeout: timeout) else {
            return Answer(error: "connection refused")
        }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: .init((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let path = (url.path.isEmpty ? "/" : url.path) + (url.query.map { "?" + $0 } ?? "")
        let request = Array("GET \(path) HTTP/1.0\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            return Answer(error: "the request could not be sent")
        }
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !received.contains(0x0A) && received.count < 8192 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        let statusLine = String(decoding: received.prefix { $0 != 0x0A }, as: UTF8.self)
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
            return Answer(error: received.isEmpty ? "no answer" : "not an HTTP answer")
        }
        return Answer(status: code)
    }

    /// A connected TCP socket (IPv4), or nil.
    static func connect(host: String, port: Int, timeout: Double) -> Int32? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { close(fd); return nil }
        return fd
    }

    /// A free loopback port: bound to port 0, read back, released (`port: auto`; the service binds it itself).
    public static func freePort() throws -> Int { try ReservedPort().port }
}
