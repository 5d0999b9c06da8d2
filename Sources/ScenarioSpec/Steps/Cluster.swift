/// `cluster`: connects and asserts cluster facts.
public struct ClusterStep: Sendable {
    public var brokers: Comparison?
    public var controller: Bool?
    public var connectWithin: Duration?
}

extension ClusterStep: BuildableStep {
    public static let stepKey = KeySpec("cluster", .object("cluster"), "Connects and asserts broker count, controller and connect time.",
                                        example: "{ brokers: \">= 1\", controller: true }")
    static let mapping: MappingSpec? = FormatSpec.cluster

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> ClusterStep? {
        builder.cluster(value, key: key)
    }

    public var summary: String { "cluster" }
}

extension FormatSpec {
    public static let cluster = MappingSpec("cluster", "Cluster facts and assertions; `- cluster:` alone just connects.", keys: [
        KeySpec("brokers", .comparison, "Broker count.", example: "\">= 1\""),
        KeySpec("controller", .boolean, "true: a controller must be known.", example: "true"),
        KeySpec("connect_within", .duration, "The connection must succeed within this time.", example: "5s"),
    ], acceptsNull: true)
}

extension ModelBuilder {
    fileprivate func cluster(_ node: Node, key: Node) -> ClusterStep? {
        let value = node.isNull ? Node(.mapping([]), at: node.location) : node
        guard let f = fields(value, FormatSpec.cluster, owner: key, siblings: Self.stepKindSpecs) else { return nil }
        let brokers = f.has("brokers") ? comparison(f["brokers"]) : nil
        let controller = f.has("controller") ? bool(f["controller"]) : nil
        let connect = f.has("connect_within") ? duration(f["connect_within"]) : nil
        guard f.has("brokers") == (brokers != nil), f.has("controller") == (controller != nil),
              f.has("connect_within") == (connect != nil) else { return nil }
        return ClusterStep(brokers: brokers, controller: controller, connectWithin: connect)
    }
}
