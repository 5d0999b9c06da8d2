import ScenarioResults
import ScenarioSpec

/// `unique: PATH` on `expect`: no two messages seen share the value at PATH. A duplicate fails at
/// once; a message without the path fails too (a misspelled path must not pass as "all unique").
struct UniquenessCheck {
    let path: FieldPath
    let topic: String
    /// By the value's compact JSON text, as UTF-8 bytes: a `String` key would call NFC and NFD text the same.
    private var firstSeen: [[UInt8]: (partition: JSONValue, offset: JSONValue)] = [:]

    init(path: FieldPath, topic: String) {
        self.path = path
        self.topic = topic
    }

    mutating func consume(_ message: JSONValue) throws {
        let position = (partition: message["partition"] ?? .null, offset: message["offset"] ?? .null)
        guard let value = path.value(in: message) else {
            throw StepError.assertion(
                "unique: '\(path)' does not exist in the message at \(Self.describe(position)) of '\(topic)'",
                details: MessageView.pretty(message), type: "UniqueFailed",
                reason: .uniqueMissing(path: path.description, topic: topic, at: Self.position(position)))
        }
        let text = ScalarText.key(value.compactJSON)
        if let first = firstSeen[text] {
            throw StepError.assertion(
                "unique: \(path) \(MessageView.compact(value, limit: 120)) seen twice on '\(topic)' (at \(Self.describe(first)) and \(Self.describe(position)))",
                details: MessageView.pretty(message), type: "DuplicateFound",
                reason: .duplicate(path: path.description, value: MessageView.compact(value, limit: 120), topic: topic,
                                   first: Self.position(first), second: Self.position(position)))
        }
        firstSeen[text] = position
    }

    private static func position(_ position: (partition: JSONValue, offset: JSONValue)) -> MessagePosition {
        MessagePosition(partition: MessageView.compact(position.partition), offset: MessageView.compact(position.offset))
    }

    private static func describe(_ position: (partition: JSONValue, offset: JSONValue)) -> String {
        "partition \(MessageView.compact(position.partition)) offset \(MessageView.compact(position.offset))"
    }
}
