/// `settle:` on `expect_none` and on an `expect` that waits out its window (exact count, upper bound,
/// `exact: true`, `unique:`): the step ends once the named consumer group has committed past every
/// offset written to its input topics during the scenario and `quiet` passed with nothing new.
public struct Settle: Sendable {
    public enum Group: Sendable {
        /// `settle: service`: the group a service of the suite names in `ready.group`.
        case service
        case named(ValueTemplate)
    }

    public var group: Group
    public var quiet: Duration

    public static let defaultQuiet = Duration(seconds: 0.2)

    public init(group: Group, quiet: Duration = Settle.defaultQuiet) {
        self.group = group
        self.quiet = quiet
    }
}

extension FormatSpec {
    static let settleKey = KeySpec(
        "settle", .oneOf([.enumeration(["service"]), .object("settle")]),
        "End the wait once this consumer group has committed past everything written to its input topics during the scenario and a quiet period passed; within/for stays the upper bound. service: the group of a service's ready.group.",
        example: "{ group: \"billing.{{ run.id }}\", quiet: 200ms }")

    public static let settle = MappingSpec("settle", "Ends a wait once a consumer group has caught up.", keys: [
        KeySpec("group", .template, required: true, "The consumer group whose committed offsets prove the service is done.",
                example: "billing"),
        KeySpec("quiet", .duration, default: "200ms", "How long nothing new may happen after the group caught up.",
                example: "200ms"),
    ])
}

extension ModelBuilder {
    func settle(_ node: Node?, scope: TemplateScope) -> Settle? {
        guard let node else { return nil }
        if node.scalarText == "service" { return Settle(group: .service) }
        guard case .mapping = node.kind else {
            report(node, "expected 'service' or a mapping { group: NAME } for settle, got \(node.describedValue)",
                   help: "settle: service uses the group of a service's ready.group; settle: { group: billing } names one")
            return nil
        }
        guard let f = fields(node, FormatSpec.settle) else { return nil }
        let group = template(f["group"], scope: scope)
        let quiet = f.has("quiet") ? duration(f["quiet"]) : Settle.defaultQuiet
        guard let group, let quiet else { return nil }
        return Settle(group: .named(group), quiet: quiet)
    }
}
