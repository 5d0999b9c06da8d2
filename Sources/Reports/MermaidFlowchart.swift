import ScenarioResults

/// A suite's message flow as a Mermaid `flowchart LR`, kept to a subset any Mermaid renders the same:
/// node ids are `t1`, `p1`, … (never derived from names), every label is quoted, and a label keeps only
/// letters, digits, spaces and `_ - . / :`; anything else is a Mermaid entity code (`#35;`), so a quote,
/// a bracket, `|`, `;`, `%`, `<` or a backtick in a topic or processor name can end nothing early.
struct MermaidFlowchart {
    /// The edges of every scenario, in order; the same edge (same nodes) in several scenarios adds up.
    var edges: [FlowEdge]

    init(_ edges: [FlowEdge]) {
        var merged: [FlowEdge] = []
        for edge in edges {
            if let i = merged.firstIndex(where: { $0.from == edge.from && $0.to == edge.to }) {
                merged[i].messages += edge.messages
            } else {
                merged.append(edge)
            }
        }
        self.edges = merged
    }

    /// The diagram's text (without a fence); `label` words an edge's count.
    func render(label: (Int) -> String) -> String {
        var ids: [FlowNode: String] = [:]
        var perKind: [FlowNode.Kind: Int] = [:]
        var lines = ["flowchart LR"]
        func id(_ node: FlowNode) -> String {
            if let id = ids[node] { return id }
            perKind[node.kind, default: 0] += 1
            let id = Self.prefix(node.kind) + String(perKind[node.kind]!)
            ids[node] = id
            lines.append("    " + id + Self.shape(node.kind, Self.quoted(node.name)))
            return id
        }
        var edgeLines: [String] = []
        for edge in edges {
            let from = id(edge.from), to = id(edge.to)
            edgeLines.append("    \(from) -->|\(Self.quoted(label(edge.messages)))| \(to)")
        }
        return (lines + edgeLines).joined(separator: "\n")
    }

    private static func prefix(_ kind: FlowNode.Kind) -> String {
        switch kind {
        case .topic: return "t"
        case .processor: return "p"
        }
    }

    /// Topics are drawn as stores (cylinders), processors as rounded boxes.
    private static func shape(_ kind: FlowNode.Kind, _ label: String) -> String {
        switch kind {
        case .topic: return "[(\(label))]"
        case .processor: return "(\(label))"
        }
    }

    static let labelLimit = 80

    /// `"name"` with every character outside the safe set written as `#<decimal>;`.
    static func quoted(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in TextSanitizer.stripANSI(text).unicodeScalars {
            guard count < labelLimit else { out += "…"; break }
            count += 1
            switch scalar {
            case " ", "\t", "\n", "\r": out += " "
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", "/", ":": out.unicodeScalars.append(scalar)
            case _ where scalar.value > 0x7F && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil):
                out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "#65533;"
            default: out += "#\(scalar.value);"
            }
        }
        return "\"" + out + "\""
    }
}
