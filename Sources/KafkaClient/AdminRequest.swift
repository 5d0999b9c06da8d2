import CRdKafka

/// One admin API call: options with the timeout, a private result queue, one event awaited with a
/// deadline, and everything destroyed afterwards; the handle is not destroyed meanwhile.
struct AdminRequest {
    let handle: KafkaHandle
    let timeout: Double
    let what: String

    func run(send: (_ handle: OpaquePointer, _ options: OpaquePointer?, _ queue: OpaquePointer?) -> Void,
             read: (_ event: OpaquePointer) throws -> Void) throws {
        try handle.use(what) { try run(handle: $0, send: send, read: read) }
    }

    private func run(handle: OpaquePointer, send: (OpaquePointer, OpaquePointer?, OpaquePointer?) -> Void,
                     read: (_ event: OpaquePointer) throws -> Void) throws {
        let deadline = Deadline(seconds: timeout)
        guard let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_ANY) else {
            throw KafkaError.invalidArgument("\(what): cannot create admin options")
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errstr = [CChar](repeating: 0, count: 512)
        let ms = max(deadline.remainingMs, 1)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, ms, &errstr, errstr.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, ms, &errstr, errstr.count)

        guard let queue = rd_kafka_queue_new(handle) else {
            throw KafkaError.invalidArgument("\(what): cannot create a result queue")
        }
        defer { rd_kafka_queue_destroy(queue) }
        send(handle, options, queue)
        // A little grace beyond the request timeout so librdkafka's own timeout result wins.
        guard let event = rd_kafka_queue_poll(queue, deadline.remainingMs + 200) else {
            throw KafkaError.timedOut("\(what) got no answer within \(timeout)s")
        }
        defer { rd_kafka_event_destroy(event) }
        let err = rd_kafka_event_error(event)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
            var error = KafkaError(err, context: what)
            if !text.isEmpty { error.message = "\(what): \(text)" }
            throw error
        }
        try read(event)
    }
}
