import CRdKafka
import Foundation

/// Builds librdkafka configurations and handles from string properties.
enum Configuration {
    /// A new `rd_kafka_conf_t` (caller owns it) with `defaults` applied first, then `properties`.
    static func makeConf(_ properties: [String: String], defaults: [String: String] = [:]) throws -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError.invalidArgument("librdkafka could not allocate a configuration")
        }
        do {
            for (key, value) in defaults where properties[key] == nil {
                try set(conf, key, value)
            }
            for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
                try set(conf, key, value)
            }
        } catch {
            rd_kafka_conf_destroy(conf)
            throw error
        }
        return conf
    }

    /// `rd_kafka_new`; on success the handle owns `conf`, on failure `conf` is destroyed here.
    static func makeHandle(_ type: rd_kafka_type_t, conf: OpaquePointer) throws -> OpaquePointer {
        var errstr = [CChar](repeating: 0, count: 512)
        if let handle = rd_kafka_new(type, conf, &errstr, errstr.count) { return handle }
        rd_kafka_conf_destroy(conf)
        throw KafkaError.invalidArgument("could not create the client: \(String(errorBuffer: errstr))")
    }

    private static func set(_ conf: OpaquePointer, _ key: String, _ value: String) throws {
        var errstr = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
        guard result != RD_KAFKA_CONF_OK else { return }
        var reason = String(errorBuffer: errstr)
        if result == RD_KAFKA_CONF_UNKNOWN, let suggestion = suggestion(for: key) {
            reason += " (did you mean '\(suggestion)'?)"
        }
        throw KafkaError.invalidProperty(key, reason: reason)
    }

    /// The closest known property name within a small edit distance.
    static func suggestion(for key: String) -> String? {
        let lowered = key.lowercased()
        let scored = knownPropertyNames.map { ($0, editDistance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, key.count / 6) else { return nil }
        return best.0
    }

    /// Every property librdkafka knows (from `rd_kafka_conf_properties_show`), read once.
    static let knownPropertyNames: [String] = {
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return [] }
        rd_kafka_conf_properties_show(stream)
        fclose(stream)
        guard let buffer else { return [] }
        defer { free(buffer) }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._")
        return String(cString: buffer).split(separator: "\n").compactMap { line in
            guard let first = line.split(separator: "|").first else { return nil }
            let name = first.trimmingCharacters(in: .whitespaces)
            return !name.isEmpty && name.allSatisfy(allowed.contains) && name.contains(".") ? name : nil
        }
    }()

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}
