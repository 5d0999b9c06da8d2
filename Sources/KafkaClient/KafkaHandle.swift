import CRdKafka

/// Owns one librdkafka handle (`rd_kafka_t`) and the callbacks its configuration was given: the one
/// lifetime rule of every client. Calls reach the handle through `use`, which any number of threads
/// may be inside at once (librdkafka's calls are thread-safe), so a call that blocks holds up no
/// other. `close` refuses new calls, waits for those in flight to return, runs the owner's last
/// steps and destroys the handle, once. The callbacks are released only after the handle is
/// destroyed, so librdkafka reaches them without retaining them.
final class KafkaHandle: @unchecked Sendable { // unchecked: the C pointer is reached only inside `use` and `close`, which HandleUsers keeps apart
    private let pointer: OpaquePointer
    let callbacks: HandleCallbacks
    /// Names the client in the error a call after `close` throws.
    private let role: String
    private let users = HandleUsers()

    init(_ type: rd_kafka_type_t, role: String, properties: [String: String], defaults: [String: String] = [:],
         callbacks: HandleCallbacks = HandleCallbacks()) throws {
        let conf = try Configuration.makeConf(properties, defaults: defaults)
        callbacks.install(on: conf)
        pointer = try Configuration.makeHandle(type, conf: conf)
        self.callbacks = callbacks
        self.role = role
    }

    deinit { close() }

    /// Runs `body` with the handle; throws `__DESTROY` once `close` has begun ("poll on a closed
    /// consumer", or "producer is closed" without an `operation`).
    func use<T>(_ operation: String? = nil, _ body: (OpaquePointer) throws -> T) throws -> T {
        guard let result = try users.use({ try body(pointer) }) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__DESTROY, context: operation.map { "\($0) on a closed \(role)" } ?? "\(role) is closed")
        }
        return result
    }

    /// Refuses new calls, waits for the calls in flight, runs `beforeDestroy` (stop a poll thread,
    /// leave the group, destroy what belongs to the handle) and destroys the handle. Only the first
    /// call does this and returns true; later ones return false at once.
    @discardableResult
    func close(beforeDestroy: (OpaquePointer) -> Void = { _ in }) -> Bool {
        guard users.close() else { return false }
        beforeDestroy(pointer)
        rd_kafka_destroy(pointer)
        return true
    }
}
