import Foundation

/// Topic creation for an embedded cluster served to other processes (`kafka-scenario broker`).
///
/// No version of librdkafka's mock answers CreateTopics (2.0.2's has no handler; its controller id,
/// 0, is not even one of its brokers), so a client cannot create topics in it over the Kafka
/// protocol. The process serving the cluster therefore also listens on a Unix socket in Linux's
/// abstract namespace, named after the cluster's first bootstrap address, for one-line requests
/// `create NAME PARTITIONS REPLICATION` answered `ok` or `error TEXT`. A runner that finds a mock
/// cluster behind `--bootstrap-servers` creates its declared topics through it.
public enum EmbeddedClusterControl {
    /// Tells whether `clusterID` is librdkafka's mock's ("mockCluster" and a hex number).
    public static func isMockCluster(_ clusterID: String?) -> Bool { clusterID?.hasPrefix("mockCluster") == true }

    /// Serves topic creation for `cluster` on its own thread until the process ends.
    public static func serve(_ cluster: EmbeddedCluster) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw KafkaError.invalidArgument("cannot open the topic control socket: errno \(errno)") }
        let (initial, length) = Self.address(cluster.bootstrapServers)
        var address = initial
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw KafkaError.invalidArgument("cannot listen on the topic control socket: errno \(errno)")
        }
        let thread = Thread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { continue }
                let request = Self.readLine(client, limit: 1024)
                let answer = request.map { Self.answer($0, cluster: cluster) } ?? "error unreadable request"
                Self.write(client, answer + "\n")
                close(client)
            }
        }
        thread.name = "embedded-cluster-control"
        thread.start()
    }

    /// Creates `topic` in the mock cluster at `bootstrapServers` through the process serving it; false
    /// when no such process answers (not a cluster served by `kafka-scenario broker`).
    public static func createTopic(_ topic: NewTopic, bootstrapServers: String) throws -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let (initial, length) = Self.address(bootstrapServers)
        var address = initial
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard connected == 0 else { return false }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        write(fd, "create \(topic.name) \(topic.partitions) \(topic.replicationFactor)\n")
        guard let answer = readLine(fd, limit: 4096) else {
            throw KafkaError.timedOut("the embedded broker at \(bootstrapServers) did not answer the creation of \(topic.name)")
        }
        if answer == "ok" { return true }
        let text = answer.hasPrefix("error ") ? String(answer.dropFirst(6)) : answer
        if text.hasPrefix("TOPIC_ALREADY_EXISTS") {
            throw KafkaError(code: 36, name: "TOPIC_ALREADY_EXISTS", message: "topic \(topic.name) already exists")
        }
        throw KafkaError.invalidArgument("the embedded broker at \(bootstrapServers) could not create \(topic.name): \(text)")
    }

    private static func answer(_ request: String, cluster: EmbeddedCluster) -> String {
        let parts = request.split(separator: " ").map(String.init)
        guard parts.count == 4, parts[0] == "create", let partitions = Int(parts[2]), let replication = Int(parts[3]) else {
            return "error unknown request (known: create NAME PARTITIONS REPLICATION)"
        }
        if cluster.created(parts[1]) { return "error TOPIC_ALREADY_EXISTS" }
        do {
            try cluster.createTopic(NewTopic(name: parts[1], partitions: partitions,
                                             replicationFactor: min(replication, cluster.brokerCount)))
            return "ok"
        } catch {
            return "error \(error)".replacingOccurrences(of: "\n", with: " ")
        }
    }

    /// The abstract socket's address: a leading NUL, then a name no file system holds.
    private static func address(_ bootstrapServers: String) -> (sockaddr_un, socklen_t) {
        let first = bootstrapServers.split(separator: ",").first.map(String.init) ?? bootstrapServers
        let name = Array("kafka-scenario-broker:\(first)".utf8.prefix(100))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            path[0] = 0
            for (i, byte) in name.enumerated() { path[i + 1] = byte }
        }
        let length = MemoryLayout<sa_family_t>.size + 1 + name.count
        return (address, socklen_t(length))
    }

    private static func readLine(_ fd: Int32, limit: Int) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < limit {
            guard read(fd, &byte, 1) == 1 else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    private static func write(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            sent += n
        }
    }
}
