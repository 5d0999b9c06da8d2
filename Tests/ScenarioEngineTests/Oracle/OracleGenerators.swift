import PropertyBased

/// Random messages and expectations at the edges the design names: NFC and NFD text, absent keys, the JSON
/// text `null` beside tombstones, numbers beside their text, expectations that compete for the same message.
struct OracleGenerators {
    var rng: Xoshiro

    static let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
    static let texts = ["a", "ab", "b", nfc, nfd, "5", ""]
    static let fields = ["a", "b", "\u{E9}", "e\u{301}"]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    mutating func pick<T>(_ options: [T]) -> T { options[int(0...(options.count - 1))] }

    mutating func scalar() -> OValue {
        switch int(0...4) {
        case 0: return .null
        case 1: return .bool(chance(50))
        case 2, 3: return .int(int(-1...6))
        default: return .string(pick(Self.texts))
        }
    }

    mutating func value(depth: Int = 0) -> OValue {
        guard depth < 2 else { return scalar() }
        switch int(0...5) {
        case 0: return .array((0..<int(0...2)).map { _ in scalar() })
        case 1, 2, 3:
            var members: [(String, OValue)] = []
            for field in Self.fields where chance(45) { members.append((field, value(depth: depth + 1))) }
            return .object(members)
        default: return scalar()
        }
    }

    mutating func regex() -> ORegex { ORegex(text: pick(["a", "b", "5", "\u{E9}", "e", "caf"]), anchoredStart: chance(50)) }

    mutating func matcher(depth: Int = 0, topLevel: Bool = false) -> OMatcher {
        let deeper = depth < 2
        switch int(0...(deeper ? 15 : 12)) {
        case 0, 1:
            let v = scalar()
            if topLevel, v == .null { return .type("null") }   // a top-level null is the tombstone, generated apart
            return .literal(v)
        case 2: return .ne(scalar())
        case 3: return .regex(regex())
        case 4: return .type(pick(["string", "number", "integer", "boolean", "null", "object", "array"]))
        case 5: return .exists(chance(50))
        case 6: return .len(int(0...5))
        case 7: return .oneOf((0..<int(1...3)).map { _ in scalar() })
        case 8: return .gt(int(-1...5))
        case 9: return .lt(int(0...6))
        case 10: return .literal(.string(pick([Self.nfc, Self.nfd])))
        case 11: return .contains(scalar())
        case 12: return .atOrAfter(pick(Self.texts))
        case 13: return .not(matcher(depth: depth + 1))
        case 14: return .or((0..<int(1...2)).map { _ in matcher(depth: depth + 1) })
        default:
            var fields: [(String, OMatcher)] = []
            for field in Self.fields where chance(40) { fields.append((field, matcher(depth: depth + 1))) }
            return .object(fields)
        }
    }

    mutating func messageMatcher() -> OMessageMatcher {
        var m = OMessageMatcher()
        switch int(0...5) {
        case 0: m.key = .none
        case 1: m.key = .text(pick(["k", Self.nfc, Self.nfd]))
        case 2: m.key = .regex(regex())
        default: break
        }
        switch int(0...6) {
        case 0: m.value = .tombstone
        case 1: break
        default: m.value = .matcher(matcher(topLevel: true))
        }
        return m
    }

    mutating func message() -> OMessage {
        let key: String? = chance(20) ? nil : pick(["k", Self.nfc, Self.nfd, "7"])
        switch int(0...9) {
        case 0: return OMessage(key: key, value: nil, valueText: nil)                       // a tombstone
        case 1: return OMessage(key: key, value: .null, valueText: "null")                  // the JSON text null
        case 2: return OMessage(key: key, value: .string("hello"), valueText: "hello")      // not JSON: its text
        default:
            let v = value()
            return OMessage(key: key, value: v, valueText: v.description)
        }
    }
}
