import CRdKafka

/// A consumer group as the group coordinator describes it.
public struct GroupDescription: Sendable, Equatable {
    public var state: String
    public var members: Int
    /// Partitions assigned over all members (consumer protocol assignments).
    public var assignedPartitions: Int

    /// Stable, with members that hold partitions: a service's consumer is reading.
    public var isStableWithAssignments: Bool { state == "Stable" && members > 0 && assignedPartitions > 0 }
}

extension AdminClient {
    /// The group, or nil when the coordinator does not know it (yet).
    public func describeGroup(_ name: String, timeout: Double) throws -> GroupDescription? {
        var list: UnsafePointer<rd_kafka_group_list>?
        let code = try handle.use("describe group") { rd_kafka_list_groups($0, name, &list, Int32(clamping: Int(timeout * 1000))) }
        defer { if let list { rd_kafka_group_list_destroy(list) } }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { throw KafkaError(code, context: "describing group '\(name)'") }
        for i in 0..<Int(list.pointee.group_cnt) {
            let info = list.pointee.groups[i]
            guard let group = info.group, String(cString: group) == name else { continue }
            if info.err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(info.err, context: "describing group '\(name)'") }
            var partitions = 0
            for m in 0..<Int(info.member_cnt) {
                let member = info.members[m]
                if let bytes = member.member_assignment, member.member_assignment_size > 0 {
                    partitions += Self.assignedPartitions(UnsafeRawBufferPointer(start: bytes, count: Int(member.member_assignment_size)))
                }
            }
            return GroupDescription(state: info.state.map { String(cString: $0) } ?? "", members: Int(info.member_cnt),
                                    assignedPartitions: partitions)
        }
        return nil
    }

    /// Partitions in a consumer protocol assignment: int16 version, int32 topics, each a string and int32 partitions.
    static func assignedPartitions(_ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        func int16() -> Int? {
            guard offset + 2 <= bytes.count else { return nil }
            defer { offset += 2 }
            return Int(Int16(bitPattern: UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])))
        }
        func int32() -> Int? {
            guard offset + 4 <= bytes.count else { return nil }
            defer { offset += 4 }
            let value = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[offset + $1]) }
            return Int(Int32(bitPattern: value))
        }
        guard int16() != nil, let topics = int32(), topics >= 0 else { return 0 }
        var total = 0
        for _ in 0..<topics {
            guard let length = int16(), length >= 0, offset + length <= bytes.count else { return total }
            offset += length
            guard let count = int32(), count >= 0, offset + count * 4 <= bytes.count else { return total }
            offset += count * 4
            total += count
        }
        return total
    }
}
