import Foundation

/// The functions a template may call. Arity is checked when the template is parsed.
enum TemplateFunction: String, Sendable, CaseIterable {
    case uuid
    case now
    case nowMs = "now_ms"
    case randomInt = "random_int"
    case randomString = "random_string"
    /// The real (isolated) name of a declared topic, for names `topics.NAME` cannot spell (dots, dashes).
    case topic

    var arity: Int {
        switch self {
        case .uuid, .now, .nowMs: return 0
        case .randomString, .topic: return 1
        case .randomInt: return 2
        }
    }

    /// How the call is written, for messages: `random_int(a, b)`.
    var signature: String {
        switch self {
        case .uuid: return "uuid()"
        case .now: return "now()"
        case .nowMs: return "now_ms()"
        case .randomInt: return "random_int(a, b)"
        case .randomString: return "random_string(n)"
        case .topic: return "topic('name')"
        }
    }

    /// Longest string `random_string` produces, so a typo cannot exhaust memory.
    static let maxRandomStringLength = 10_000_000

    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    func call(_ arguments: [JSONValue], context: TemplateContext, source: String) throws -> JSONValue {
        switch self {
        case .topic:
            guard case .string(let name) = arguments[0] else {
                throw TemplateError("topic('name') needs a string, got \(TemplateJSONText.display(arguments[0])) in \(source)")
            }
            guard case .object(let topics)? = context.variables["topics"],
                  let real = topics.first(where: { $0.key == name })?.value else {
                throw TemplateError("topic '\(name)' is not declared under 'topics:' (used in \(source))")
            }
            return real
        case .uuid:
            return .string(UUID().uuidString.lowercased())
        case .now:
            return .double(Date().timeIntervalSince1970)
        case .nowMs:
            return .int(Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
        case .randomInt:
            let low = try integer(arguments[0], name: "a", source: source)
            let high = try integer(arguments[1], name: "b", source: source)
            guard low <= high else {
                throw TemplateError("random_int(a, b) needs a <= b, got \(low) and \(high) in \(source)")
            }
            return .int(Int64.random(in: low...high))
        case .randomString:
            let length = try integer(arguments[0], name: "n", source: source)
            guard length >= 0, length <= Self.maxRandomStringLength else {
                throw TemplateError("random_string(n) needs 0 <= n <= \(Self.maxRandomStringLength), got \(length) in \(source)")
            }
            var generator = SystemRandomNumberGenerator()
            var bytes = [UInt8](repeating: 0, count: Int(length))
            for i in bytes.indices {
                bytes[i] = Self.alphanumerics[Int.random(in: 0..<Self.alphanumerics.count, using: &generator)]
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        }
    }

    private func integer(_ value: JSONValue, name: String, source: String) throws -> Int64 {
        switch value {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9e18: return Int64(d)
        default:
            throw TemplateError("\(signature): '\(name)' must be an integer, got \(TemplateJSONText.display(value)) (\(TemplateJSONText.typeName(value))) in \(source)")
        }
    }
}
