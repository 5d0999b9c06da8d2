import CRdKafka

extension Consumer {
    /// The offsets the consumer's `group.id` has committed for `partitions` (OffsetFetch through the group
    /// coordinator; the embedded broker answers it too). A partition without a commit is left out.
    /// The consumer need not subscribe: asking never joins the group.
    public func committed(_ partitions: [TopicPartition], timeout: Double) throws -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        let list = PartitionList(partitions.map { ($0, Int64(-1001)) })
        return try withOpenHandle("fetch committed offsets") { handle in
            let err = rd_kafka_committed(handle, list.pointer, Int32(clamping: Int(max(timeout, 0.05) * 1000)))
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "fetching committed offsets") }
            var found: [TopicPartition: Int64] = [:]
            for index in 0..<Int(list.pointer.pointee.cnt) {
                let element = list.pointer.pointee.elems[index]
                guard element.err == RD_KAFKA_RESP_ERR_NO_ERROR, element.offset >= 0 else { continue }
                found[TopicPartition(topic: String(cString: element.topic), partition: element.partition)] = element.offset
            }
            return found
        }
    }
}
