import CYAML

/// Assembles libyaml events into a `Node` tree, expanding aliases within the reader's limits.
struct TreeBuilder {
    let file: String
    let limits: YAMLReader.Limits
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var root: Node?
    /// Set on an error after which the rest of the stream cannot be trusted.
    private(set) var aborted = false

    private struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: String?
        var items: [Node] = []
        var pairs: [(key: Node, value: Node)] = []
        var pendingKey: Node?
        var dropNextValue = false
        /// By the key's UTF-8 bytes: keys are distinct by Unicode scalars (NFC and NFD `é` are two keys).
        var firstLineOfKey: [[UInt8]: Int] = [:]
        /// Nodes in this subtree, itself included.
        var count = 1
        /// Levels of collections below this one.
        var height = 1
    }

    private struct Anchored {
        var node: Node
        var count: Int
        var height: Int
    }

    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var nodeCount = 0
    private var documents = 0

    init(file: String, limits: YAMLReader.Limits) {
        self.file = file
        self.limits = limits
    }

    mutating func fatal(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        aborted = true
    }

    mutating func fatal(at location: SourceLocation, _ message: String, help: String? = nil, length: Int = 1) {
        fatal(Diagnostic(at: location, message, help: help, length: length))
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int? = nil) -> String? {
        guard let pointer else { return nil }
        let count = length ?? strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    mutating func handle(_ event: yaml_event_t, source: UnsafeBufferPointer<UInt8>) {
        let start = location(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                fatal(at: start, "a scenario file holds one YAML document, but a second one starts here",
                      help: "remove the '---' line or move the second document to its own file", length: 3)
            }
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = Self.string(s.value, length: s.length) ?? ""
            let tag = Self.string(s.tag)
            let quoted = s.style != YAML_PLAIN_SCALAR_STYLE || tag == "tag:yaml.org,2002:str"
            if s.style == YAML_FOLDED_SCALAR_STYLE || s.style == YAML_LITERAL_SCALAR_STYLE,
               text.allSatisfy(\.isWhitespace),
               let mistake = YAMLSyntaxError.blockIndicatorMistake(at: Int(event.start_mark.index), in: source, location: start,
                                                                  onlyWithHeader: true) {
                fatal(mistake)
                return
            }
            var node = Node(.scalar(text, quoted: quoted), at: start)
            if event.end_mark.line == event.start_mark.line {
                node.length = max(1, Int(event.end_mark.column) - Int(event.start_mark.column))
            }
            guard countNodes(1, at: start) else { return }
            if let anchor = Self.string(s.anchor) { anchors[anchor] = Anchored(node: node, count: 1, height: 0) }
            add(node, count: 1, height: 0)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            let length = name.count + 1
            guard let anchored = anchors[name] else {
                fatal(at: start, "unknown alias '*\(name)'",
                      help: "an alias must refer to an anchor '&\(name)' defined earlier in the file", length: length)
                return
            }
            guard countNodes(anchored.count, at: start, length: length) else { return }
            guard stack.count + anchored.height <= limits.maxDepth else {
                fatal(at: start, "nesting is too deep (more than \(limits.maxDepth) levels) after expanding alias '*\(name)'",
                      help: "flatten the structure", length: length)
                return
            }
            var node = anchored.node
            node.location = start
            node.length = length
            add(node, count: anchored.count, height: anchored.height)
        case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            guard stack.count < limits.maxDepth else {
                fatal(at: start, "nesting is too deep (more than \(limits.maxDepth) levels)", help: "flatten the structure")
                return
            }
            guard countNodes(1, at: start) else { return }
            let anchor = isMapping ? Self.string(event.data.mapping_start.anchor)
                                   : Self.string(event.data.sequence_start.anchor)
            stack.append(Frame(isMapping: isMapping, location: start, anchor: anchor))
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let node = Node(frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items), at: frame.location)
            if let anchor = frame.anchor {
                anchors[anchor] = Anchored(node: node, count: frame.count, height: frame.height)
            }
            add(node, count: frame.count, height: frame.height)
        default:
            break
        }
    }

    /// Adds `count` nodes to the running total; false (and aborts) past the limit.
    private mutating func countNodes(_ count: Int, at location: SourceLocation, length: Int = 1) -> Bool {
        nodeCount += count
        guard nodeCount <= limits.maxNodes else {
            fatal(at: location, "the document expands to too many nodes (more than \(limits.maxNodes))",
                  help: "aliases that repeat other aliases grow exponentially (a 'billion laughs' bomb); write the values out instead",
                  length: length)
            return false
        }
        return true
    }

    private mutating func add(_ node: Node, count: Int, height: Int) {
        guard var frame = stack.popLast() else {
            root = node
            return
        }
        frame.count += count
        frame.height = max(frame.height, height + 1)
        if !frame.isMapping {
            frame.items.append(node)
        } else if let key = frame.pendingKey {
            if !frame.dropNextValue { frame.pairs.append((key: key, value: node)) }
            frame.pendingKey = nil
            frame.dropNextValue = false
        } else {
            frame.pendingKey = node
            frame.dropNextValue = !acceptKey(node, in: &frame)
        }
        stack.append(frame)
    }

    /// Checks a mapping key; false when the pair must be left out of the tree.
    private mutating func acceptKey(_ key: Node, in frame: inout Frame) -> Bool {
        guard case .scalar(let text, let quoted) = key.kind else {
            diagnostics.append(Diagnostic(at: key.location, "a key must be a plain name, not \(key.kindDescription)",
                                          help: "write the key as text, e.g. 'topic:'"))
            return false
        }
        if text == "<<" && !quoted {
            diagnostics.append(Diagnostic(at: key.location, "merge keys ('<<') are not supported",
                                          help: "write the keys out, or use an alias ('*name') for the whole value",
                                          length: 2))
            return false
        }
        if let first = frame.firstLineOfKey[ScalarText.key(text)] {
            diagnostics.append(Diagnostic(at: key.location, "duplicate key '\(text)' (first at line \(first))",
                                          help: "remove one of them: a mapping holds each key once",
                                          length: key.length))
            return false
        }
        frame.firstLineOfKey[ScalarText.key(text)] = key.location.line
        return true
    }
}
