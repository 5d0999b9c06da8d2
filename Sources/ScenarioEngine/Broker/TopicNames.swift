/// Kafka's rule for topic names, checked before anything is sent so every broker answers alike
/// (the embedded broker would otherwise auto-create any name).
enum TopicNames {
    static func isLegal(_ name: String) -> Bool {
        guard (1...249).contains(name.utf8.count), name != ".", name != ".." else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
                || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }

    static func illegalNameError(_ name: String) -> StepError {
        .kafka(name: "TOPIC_EXCEPTION",
               message: "'\(name)' is not a legal Kafka topic name: use 1 to 249 characters of a-z A-Z 0-9 . _ - (and not '.' or '..')")
    }
}
