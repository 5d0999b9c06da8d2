/// Where messages went during a scenario: edges between topics and the stub services that read and write them,
/// for the flow diagram of report.md.
public struct FlowEdge: Codable, Sendable, Equatable {
    public var from: FlowNode
    public var to: FlowNode
    /// Messages that went along the edge: read from the topic (into a processor) or produced to it.
    public var messages: Int

    public init(from: FlowNode, to: FlowNode, messages: Int) {
        self.from = from
        self.to = to
        self.messages = messages
    }
}

public struct FlowNode: Codable, Sendable, Hashable {
    /// A new kind (a service, say) is one more case here and one more shape in the diagram.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case topic, processor
    }

    public var kind: Kind
    /// The name as declared (a topic's declared name, not its isolated one).
    public var name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }
}
