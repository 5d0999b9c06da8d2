import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request as the runner sends it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    /// In the order written; names as written.
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// The whole exchange must end within this many seconds.
    public var timeout: Double

    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil,
                timeout: Double) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// The answer: redirects are not followed, so a 3xx is an answer too.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Names as the server sent them (compare case-insensitively).
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// Bytes of a longer body that were drained but not kept (`body` is then its beginning).
    public var bodyOmitted: Int

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(), bodyOmitted: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyOmitted = bodyOmitted
    }

    /// "Not Found" for 404, as Foundation words it.
    public var reasonPhrase: String { HTTPURLResponse.localizedString(forStatusCode: status) }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Why no answer came.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case connectionRefused
        case hostNotFound
        case timedOut
        case tls
        case cancelled
        case other
    }

    public var kind: Kind
    /// The client's own words, e.g. "Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server".
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }
}

/// What the engine sends requests through; tests give it a fake.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and waits for the answer; `cancelled` is polled while waiting (an interrupt ends the wait).
    func send(_ request: HTTPRequest, cancelled: @escaping @Sendable () -> Bool) throws -> HTTPResponse
}

/// Foundation's URLSession (libcurl underneath on Linux): no cookies, no cache, no redirects followed.
/// One session for the whole run, so connections to the same service are reused.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable { // unchecked: URLSession is thread-safe but not marked Sendable in swift-corelibs-foundation
    private let session: URLSession
    private let router = TaskRouter()
    /// The most of a body kept in memory; the rest is read and counted (DESIGN §1.7).
    public static let bodyLimit = 16 << 20

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: router, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    public func send(_ request: HTTPRequest, cancelled: @escaping @Sendable () -> Bool) throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        // The deadline below bounds the whole exchange. URLSession's own timeout is an idle timeout that
        // swift-corelibs-foundation hands libcurl in whole seconds (0.5 s would end at once): keep it out of the way.
        urlRequest.timeoutInterval = request.timeout.rounded(.up) + 5
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        urlRequest.httpBody = request.body

        let outcome = Outcome()
        let task = session.dataTask(with: urlRequest)
        router.register(task, outcome)
        defer { router.forget(task) }
        let deadline = DispatchTime.now() + request.timeout
        task.resume()
        while true {
            if outcome.done.wait(timeout: min(deadline, .now() + 0.05)) == .success { break }
            if cancelled() {
                Self.abandon(task)
                throw HTTPClientError(.cancelled, "cancelled")
            }
            if DispatchTime.now() >= deadline {
                Self.abandon(task)
                throw HTTPClientError(.timedOut, "no answer within \(Self.seconds(request.timeout))")
            }
        }
        return try outcome.result(timeout: request.timeout)
    }

    /// Cancels on another thread: swift-corelibs-foundation's cancel waits for the session's work queue,
    /// which an endless body keeps busy (measured: the step ended 9 s after a 3 s `within`). The delegate
    /// cancels it again when more data comes for a task nobody waits for.
    private static func abandon(_ task: URLSessionTask) {
        DispatchQueue.global().async { task.cancel() }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))s" : String(format: "%.3gs", value)
    }

    /// What the delegate hears of one task, handed from URLSession's queue to the waiting thread.
    fileprivate final class Outcome: @unchecked Sendable { // unchecked: written on URLSession's serial delegate queue before `done` is signalled, read only after
        let done = DispatchSemaphore(value: 0)
        private var body = BoundedCapture(headLimit: URLSessionTransport.bodyLimit, tailLimit: 0)
        private var response: URLResponse?
        private var error: Error?

        func received(_ response: URLResponse) { self.response = response }
        func received(_ data: Data) { body.append(data) }

        func finish(_ error: Error?) {
            self.error = error
            done.signal()
        }

        func result(timeout: Double) throws -> HTTPResponse {
            if let error { throw URLSessionTransport.clientError(error, timeout: timeout) }
            guard let http = response as? HTTPURLResponse else {
                throw HTTPClientError(.other, "the answer is not an HTTP response")
            }
            let headers = http.allHeaderFields.compactMap { name, value -> (name: String, value: String)? in
                guard let name = name as? String else { return nil }
                return (name: name, value: "\(value)")
            }.sorted { $0.name.lowercased() < $1.name.lowercased() }
            return HTTPResponse(status: http.statusCode, headers: headers, body: body.keptHead, bodyOmitted: body.omitted)
        }
    }

    static func clientError(_ error: Error, timeout: Double) -> HTTPClientError {
        let ns = error as NSError
        let detail = ns.localizedDescription
        guard ns.domain == NSURLErrorDomain else { return HTTPClientError(.other, detail) }
        switch ns.code {
        case NSURLErrorCannotConnectToHost, NSURLErrorNetworkConnectionLost, NSURLErrorNotConnectedToInternet:
            return HTTPClientError(.connectionRefused, detail)
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed:
            return HTTPClientError(.hostNotFound, detail)
        case NSURLErrorTimedOut:
            return HTTPClientError(.timedOut, "no answer within \(seconds(timeout))")
        case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasBadDate,
             NSURLErrorServerCertificateHasUnknownRoot, NSURLErrorServerCertificateNotYetValid,
             NSURLErrorClientCertificateRejected, NSURLErrorClientCertificateRequired:
            return HTTPClientError(.tls, detail)
        case NSURLErrorCancelled:
            return HTTPClientError(.cancelled, detail)
        default:
            // libcurl's TLS failures arrive as NSURLErrorUnknown with OpenSSL's words.
            let lower = detail.lowercased()
            if lower.contains("ssl") || lower.contains("certificate") { return HTTPClientError(.tls, detail) }
            // libcurl before 8.6 (CURLE_TOO_LARGE) rejects a header line over 100 KB as "Out of memory".
            if lower == "out of memory" {
                return HTTPClientError(.other, "a response header is larger than the HTTP client accepts "
                                       + "(libcurl: at most 100 KB a header line)")
            }
            return HTTPClientError(.other, detail)
        }
    }
}

/// The session's delegate: hands each task's response and body to its `Outcome` as they come (so a body
/// is kept bounded while it arrives, never gathered whole), and answers every redirect with "don't follow":
/// the 3xx itself is the response.
private final class TaskRouter: NSObject, URLSessionDataDelegate, @unchecked Sendable { // unchecked: `outcomes` is guarded by `lock`
    private let lock = NSLock()
    private var outcomes: [Int: URLSessionTransport.Outcome] = [:]

    func register(_ task: URLSessionTask, _ outcome: URLSessionTransport.Outcome) {
        lock.withLock { outcomes[task.taskIdentifier] = outcome }
    }

    func forget(_ task: URLSessionTask) { _ = lock.withLock { outcomes.removeValue(forKey: task.taskIdentifier) } }

    private func outcome(_ task: URLSessionTask) -> URLSessionTransport.Outcome? { lock.withLock { outcomes[task.taskIdentifier] } }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        outcome(dataTask)?.received(response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let outcome = outcome(dataTask) else { return dataTask.cancel() }   // abandoned: stop reading
        outcome.received(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        outcome(task)?.finish(error)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
