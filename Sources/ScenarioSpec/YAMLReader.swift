import CYAML

/// Reads one YAML document into a `Node` tree through libyaml's event API.
///
/// Aliases are expanded (the tree has no references), bounded so that hostile input
/// (alias bombs, deep nesting, huge files) fails with a diagnostic instead of hanging.
public struct YAMLReader {
    public struct Limits: Sendable {
        public var maxNodes: Int
        public var maxDepth: Int
        public var maxBytes: Int
        public init(maxNodes: Int = 1_000_000, maxDepth: Int = 256, maxBytes: Int = 10 * 1024 * 1024) {
            self.maxNodes = maxNodes
            self.maxDepth = maxDepth
            self.maxBytes = maxBytes
        }
    }

    public var limits: Limits
    public init(limits: Limits = Limits()) { self.limits = limits }

    /// The document's root node (nil when the file cannot be read as YAML) and every problem found.
    /// A file holding no document at all yields nil and an "empty file" diagnostic.
    public func read(_ bytes: [UInt8], file: String) -> (root: Node?, diagnostics: [Diagnostic]) {
        if bytes.count > limits.maxBytes {
            return (nil, [Diagnostic(at: SourceLocation(file: file, line: 0, column: 0),
                                     "file is too large (\(bytes.count) bytes; the limit is \(limits.maxBytes) bytes)",
                                     help: "split the scenarios over several files")])
        }
        if let bad = UTF8Check.firstInvalidByte(bytes) {
            let loc = UTF8Check.location(ofByte: bad, in: bytes, file: file)
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            return (nil, [Diagnostic(at: loc, "file is not valid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex))",
                                     help: "save the file with UTF-8 encoding")])
        }
        var builder = TreeBuilder(file: file, limits: limits)
        bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) != 0 else {
                builder.fatal(at: SourceLocation(file: file, line: 0, column: 0), "could not start the YAML parser (out of memory)")
                return
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while !builder.aborted {
                guard yaml_parser_parse(&parser, &event) != 0 else {
                    builder.fatal(YAMLSyntaxError.diagnostic(for: parser, bytes: buffer, file: file))
                    return
                }
                builder.handle(event, source: buffer)
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if done { break }
            }
        }
        if builder.aborted { return (nil, builder.diagnostics) }
        guard let root = builder.root, !root.isEmptyDocument else {
            return (nil, builder.diagnostics + [Diagnostic(
                at: SourceLocation(file: file, line: 1, column: 1),
                "empty file: expected a suite (a mapping with 'scenarios:', or 'name:' and 'steps:')",
                help: "see `kafka-scenario init` for a commented example")])
        }
        return (root, builder.diagnostics)
    }
}

private extension Node {
    var isEmptyDocument: Bool {
        if case .scalar(let text, let quoted) = kind { return !quoted && text.isEmpty }
        return false
    }
}
