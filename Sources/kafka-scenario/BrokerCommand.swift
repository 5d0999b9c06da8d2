import ArgumentParser
import Dispatch
import Foundation
import KafkaClient

/// `kafka-scenario broker`: the embedded cluster for other processes (docs/brokers.md). librdkafka-based
/// clients work with it (kcat, confluent-kafka, Go, .NET); kafka-python 3.0 does not.
struct BrokerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Serve the embedded Kafka cluster on 127.0.0.1 until SIGINT/SIGTERM; the first stdout line is its bootstrap string.",
        discussion: """
        Clients built on librdkafka (kcat, confluent-kafka for Python, Go, .NET) work with it; kafka-python 3.0 does \
        not (the mock's answer to its ApiVersions v4 request cannot be decoded), so such services need a real broker. \
        The brokers pick their own ports. Topics can be created with --topic NAME[:PARTITIONS], and by \
        `kafka-scenario run --bootstrap-servers` for the topics a suite declares (through a local socket: no \
        librdkafka mock answers CreateTopics, so other clients' admin requests cannot create topics).
        """)

    @Option(help: "Brokers in the cluster (1 to 16).")
    var brokers = 1

    @Option(help: ArgumentHelp("A topic to create at start, NAME or NAME:PARTITIONS (repeatable).", valueName: "name[:partitions]"))
    var topic: [String] = []

    func validate() throws {
        if !(1...16).contains(brokers) { throw ValidationError("--brokers takes 1 to 16, got \(brokers)") }
        for t in topic {
            let parts = t.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count > 2 || parts[0].isEmpty || (parts.count == 2 && (Int(parts[1]) ?? 0) < 1) {
                throw ValidationError("--topic takes NAME or NAME:PARTITIONS, got '\(t)'")
            }
        }
    }

    func run() throws {
        // Signals first: from the moment the bootstrap line is printed, a SIGTERM must end the broker cleanly.
        let stop = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        let cluster: EmbeddedCluster
        do {
            cluster = try EmbeddedCluster(brokers: brokers)
            for t in topic {
                let parts = t.split(separator: ":")
                try cluster.createTopic(NewTopic(name: String(parts[0]), partitions: parts.count == 2 ? Int(parts[1])! : 1,
                                                 replicationFactor: min(brokers, 3), config: []))
            }
            try EmbeddedClusterControl.serve(cluster)
        } catch {
            printError("error: could not start the embedded broker: \(error)")
            throw Exit.infrastructure
        }
        print(cluster.bootstrapServers)
        fflush(nil)
        stop.wait()
        // Exit without tearing the mock down (or running exit handlers, which wait for librdkafka's
        // threads): the process ending closes its sockets at once.
        withExtendedLifetime((cluster, sources)) {
            fflush(nil)
            _exit(0)
        }
    }
}
