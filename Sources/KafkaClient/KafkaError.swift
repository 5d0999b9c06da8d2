import CRdKafka

/// A librdkafka error: `name` is librdkafka's name without the `RD_KAFKA_RESP_ERR_` prefix and
/// without a leading underscore (TOPIC_EXCEPTION, UNKNOWN_TOPIC_OR_PART, TIMED_OUT, TRANSPORT, ...).
public struct KafkaError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: Int32
    public var name: String
    public var message: String
    public init(code: Int32, name: String, message: String) {
        self.code = code
        self.name = name
        self.message = message
    }
    public var description: String { "\(name): \(message)" }
}

extension KafkaError {
    /// Name given to errors raised for an unknown or invalid client property.
    public static let invalidConfigurationName = "INVALID_ARG"

    /// An error for librdkafka's code `code`; `context` (what was being done) is prepended to its text.
    public init(code: Int32, context: String? = nil) {
        let err = rd_kafka_resp_err_t(rawValue: code)
        let text = String(cString: rd_kafka_err2str(err))
        self.init(code: code, name: KafkaError.name(of: code),
                  message: context.map { "\($0): \(text)" } ?? text)
    }

    init(_ err: rd_kafka_resp_err_t, context: String? = nil) {
        self.init(code: err.rawValue, context: context)
    }

    /// Takes ownership of `error` and destroys it.
    init(consuming error: OpaquePointer, context: String? = nil) {
        let code = rd_kafka_error_code(error).rawValue
        let text = rd_kafka_error_string(error).map { String(cString: $0) } ?? ""
        rd_kafka_error_destroy(error)
        self.init(code: code, name: KafkaError.name(of: code),
                  message: context.map { "\($0): \(text)" } ?? text)
    }

    /// An unknown or invalid client property (`rd_kafka_conf_set` failure).
    public static func invalidProperty(_ key: String, reason: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, name: invalidConfigurationName,
                   message: "client property '\(key)': \(reason)")
    }

    static func timedOut(_ context: String) -> KafkaError {
        KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, context: context)
    }

    static func invalidArgument(_ message: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, name: "INVALID_ARG", message: message)
    }

    /// librdkafka's name for `code`, without a leading underscore.
    public static func name(of code: Int32) -> String {
        let raw = String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: code)))
        return raw.hasPrefix("_") ? String(raw.dropFirst()) : raw
    }

    /// The code of a librdkafka error name (`TIMED_OUT`, `_TIMED_OUT`, `RD_KAFKA_RESP_ERR__TIMED_OUT`,
    /// any case), or nil when librdkafka has no such error.
    public static func code(named name: String) -> Int32? {
        let wanted = normalized(name)
        return knownErrors.first { normalized($0.name) == wanted }?.code
    }

    /// Every error librdkafka knows, with names as `name(of:)` spells them.
    public static var knownErrors: [(code: Int32, name: String)] {
        var descs: UnsafePointer<rd_kafka_err_desc>?
        var count = 0
        rd_kafka_get_err_descs(&descs, &count)
        guard let descs else { return [] }
        return (0..<count).compactMap { index in
            let desc = descs[index]
            guard let cName = desc.name else { return nil }
            let raw = String(cString: cName)
            return (desc.code.rawValue, raw.hasPrefix("_") ? String(raw.dropFirst()) : raw)
        }
    }

    private static func normalized(_ name: String) -> String {
        var upper = name.uppercased()
        if upper.hasPrefix("RD_KAFKA_RESP_ERR_") { upper.removeFirst("RD_KAFKA_RESP_ERR_".count) }
        while upper.hasPrefix("_") { upper.removeFirst() }
        return upper
    }
}
