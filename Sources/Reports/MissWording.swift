import ScenarioResults

/// The words of a miss's explanation (why an `expect` did not find its messages), per language: one line
/// per finding, under a heading, appended to the failure's details.
enum MissWording {
    static func text(_ miss: MissExplanation, _ language: MarkdownLanguage) -> String {
        let lines = language == .ko ? korean(miss) : english(miss)
        return ([language == .ko ? "놓친 이유:" : "Why it was missed:"] + lines.map { "- " + $0 }).joined(separator: "\n")
    }

    static func english(_ miss: MissExplanation) -> [String] {
        var lines: [String] = []
        let parts = miss.partitions.map { "partition \($0.partition) offsets \($0.from)–\($0.to) (\(plural($0.messages, "message")))" }
        lines.append("read '\(miss.topic)': " + (parts.isEmpty ? "no partition" : parts.joined(separator: ", ")))
        if let assignment = miss.assignment {
            lines.append("as a member of its group it held " + (assignment.isEmpty ? "no partition" : "partitions \(list(assignment))"))
        }
        for key in miss.keys {
            let murmur = "partition \(key.murmur2Partition) of \(key.partitions) by murmur2 (the Java client)" + (key.murmur2Read ? ", read" : ", NOT read")
            let crc = key.crc32Partition == key.murmur2Partition ? "the same by CRC-32"
                : "partition \(key.crc32Partition) by CRC-32 (librdkafka's default consistent_random)" + (key.crc32Read ? ", read" : ", NOT read")
            lines.append("key '\(key.key)' hashes to \(murmur); \(crc)")
        }
        for late in miss.late {
            let what = late.expected == 0 ? "a message" : "expected message #\(late.expected)"
            lines.append("\(what) arrived \(late.afterMs) ms after `\(late.window)` (partition \(late.partition) offset \(late.offset)): late, not lost")
        }
        if miss.late.isEmpty, miss.lookedAfterMs > 0 {
            lines.append("nothing matching arrived in the \(miss.lookedAfterMs) ms read after the window")
        }
        for found in miss.elsewhere {
            var what = found.matches.map { "a message matching expected message #\($0)" } ?? "a message"
            if let key = found.key { what += " with key '\(key)'" }
            let headers = found.headers.isEmpty ? "no headers" : "headers " + found.headers.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            lines.append("\(what) arrived on '\(found.topic)' instead (partition \(found.partition) offset \(found.offset); \(headers))")
        }
        for id in miss.schemaIDs {
            lines.append("\(id.value) messages were written with " + (id.key == "none" ? "no schema (not framed)" : "schema id \(id.key)")
                         + ", not the step's schema")
        }
        return lines
    }

    static func korean(_ miss: MissExplanation) -> [String] {
        var lines: [String] = []
        let parts = miss.partitions.map { "파티션 \($0.partition) 오프셋 \($0.from)–\($0.to) (메시지 \($0.messages)개)" }
        lines.append("'\(miss.topic)' 토픽에서 읽은 범위: " + (parts.isEmpty ? "파티션 없음" : parts.joined(separator: ", ")))
        if let assignment = miss.assignment {
            lines.append("그룹 멤버로서 할당받은 파티션: " + (assignment.isEmpty ? "없음" : list(assignment)))
        }
        for key in miss.keys {
            let murmur = "murmur2(Java 클라이언트) 기준 파티션 \(key.murmur2Partition)/\(key.partitions)" + (key.murmur2Read ? ", 읽음" : ", 읽지 않음")
            let crc = key.crc32Partition == key.murmur2Partition ? "CRC-32 기준도 같음"
                : "CRC-32(librdkafka 기본 consistent_random) 기준 파티션 \(key.crc32Partition)" + (key.crc32Read ? ", 읽음" : ", 읽지 않음")
            lines.append("키 '\(key.key)'의 파티션: \(murmur); \(crc)")
        }
        for late in miss.late {
            let what = late.expected == 0 ? "메시지" : "기대한 메시지 #\(late.expected)"
            lines.append("\(what)이(가) `\(late.window)`보다 \(late.afterMs) ms 늦게 도착함 (파티션 \(late.partition) 오프셋 \(late.offset)): 유실이 아니라 지연")
        }
        if miss.late.isEmpty, miss.lookedAfterMs > 0 {
            lines.append("창이 닫힌 뒤 \(miss.lookedAfterMs) ms 동안 더 읽었지만 맞는 메시지가 오지 않음")
        }
        for found in miss.elsewhere {
            var what = found.matches.map { "기대한 메시지 #\($0)에 맞는 메시지" } ?? "메시지"
            if let key = found.key { what = "키 '\(key)'인 " + what }
            let headers = found.headers.isEmpty ? "헤더 없음" : "헤더 " + found.headers.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            lines.append("\(what)가 대신 '\(found.topic)' 토픽에 도착함 (파티션 \(found.partition) 오프셋 \(found.offset); \(headers))")
        }
        for id in miss.schemaIDs {
            lines.append("메시지 \(id.value)개가 " + (id.key == "none" ? "스키마 없이(프레임 없음)" : "스키마 id \(id.key)로") + " 기록됨 (단계의 스키마가 아님)")
        }
        return lines
    }

    private static func list(_ partitions: [Int32]) -> String {
        "[" + partitions.map(String.init).joined(separator: ", ") + "]"
    }

    private static func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
}
