public struct BrokerInfo: Sendable, Equatable {
    public var id: Int32
    public var host: String
    public var port: Int32
    public init(id: Int32, host: String, port: Int32) {
        self.id = id
        self.host = host
        self.port = port
    }
}

public struct PartitionInfo: Sendable, Equatable {
    public var id: Int32
    public var leader: Int32
    public var replicas: [Int32]
    public var isrs: [Int32]
    public init(id: Int32, leader: Int32, replicas: [Int32], isrs: [Int32]) {
        self.id = id
        self.leader = leader
        self.replicas = replicas
        self.isrs = isrs
    }
}

public struct TopicMetadata: Sendable, Equatable {
    public var name: String
    public var partitions: [PartitionInfo]
    public var error: KafkaError?
    public init(name: String, partitions: [PartitionInfo], error: KafkaError? = nil) {
        self.name = name
        self.partitions = partitions
        self.error = error
    }
}

public struct ClusterMetadata: Sendable {
    public var brokers: [BrokerInfo]
    public var controllerID: Int32?
    public var clusterID: String?
    public var topics: [TopicMetadata]
    public init(brokers: [BrokerInfo], controllerID: Int32?, clusterID: String?, topics: [TopicMetadata]) {
        self.brokers = brokers
        self.controllerID = controllerID
        self.clusterID = clusterID
        self.topics = topics
    }
}

public struct NewTopic: Sendable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    public var config: [(key: String, value: String)]
    public init(name: String, partitions: Int, replicationFactor: Int, config: [(key: String, value: String)] = []) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }
}
