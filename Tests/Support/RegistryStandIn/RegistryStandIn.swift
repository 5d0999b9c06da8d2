import Foundation

/// registry_stand_in.py beside this file, a stand-in for a Confluent schema registry (the REST subset the runner
/// uses, basic auth), started by a test on a port it binds itself (127.0.0.1 only) and stopped by the same test:
/// it ends when its stdin closes. With --log-requests it writes "METHOD path" lines, read by `requests()`.
public final class RegistryStandIn {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let log = Log()
    public let port: Int
    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    public static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("registry_stand_in.py").path
    }

    public init(arguments: [String] = ["--user", "alice", "--password", "s3cr3t:pw", "--deny-user", "mallory"]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(30)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        let first = text.split(separator: "\n").first.map(String.init) ?? ""
        guard first.hasPrefix("PORT "), let port = Int(first.dropFirst(5)) else {
            process.terminate()
            throw NSError(domain: "RegistryStandIn", code: 1, userInfo: [NSLocalizedDescriptionKey: "no port: \(text)"])
        }
        self.port = port
        log.append(String(text.dropFirst(first.count)))
        output.fileHandleForReading.readabilityHandler = { [log] handle in log.append(String(decoding: handle.availableData, as: UTF8.self)) }
    }

    /// "POST /subjects/orders-value/versions", ... in the order received (with --log-requests).
    public func requests() -> [String] { log.text.split(separator: "\n").map(String.init).filter { !$0.isEmpty } }

    public func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
    }

    private final class Log: @unchecked Sendable {  // unchecked: `value` is only touched under `lock`
        private let lock = NSLock()
        private var value = ""
        func append(_ text: String) { lock.withLock { value += text } }
        var text: String { lock.withLock { value } }
    }
}
