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

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
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

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: RedirectRefuser(), delegateQueue: nil)
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
        let task = session.dataTask(with: urlRequest) { data, response, error in
            outcome.finish(data, response, error)
        }
        let deadline = DispatchTime.now() + request.timeout
        task.resume()
        while true {
            if outcome.done.wait(timeout: min(deadline, .now() + 0.05)) == .success { break }
            if cancelled() {
                task.cancel()
                throw HTTPClientError(.cancelled, "cancelled")
            }
            if DispatchTime.now() >= deadline {
                task.cancel()
                throw HTTPClientError(.timedOut, "no answer within \(Self.seconds(request.timeout))")
            }
        }
        return try outcome.result(timeout: request.timeout)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))s" : String(format: "%.3gs", value)
    }

    /// The completion handler's arguments, handed from URLSession's queue to the waiting thread.
    private final class Outcome: @unchecked Sendable { // unchecked: written once on URLSession's queue before `done` is signalled, read only after
        let done = DispatchSemaphore(value: 0)
        private var data: Data?
        private var response: URLResponse?
        private var error: Error?

        func finish(_ data: Data?, _ response: URLResponse?, _ error: Error?) {
            self.data = data
            self.response = response
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
            return HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data())
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
            return HTTPClientError(.other, detail)
        }
    }
}

/// Answers every redirect with "don't follow": the 3xx itself is the response.
private final class RedirectRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
