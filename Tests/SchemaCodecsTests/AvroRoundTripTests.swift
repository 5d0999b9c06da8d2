import Synchronization
import XCTest
import ScenarioSpec
@testable import SchemaCodecs

final class AvroRoundTripTests: XCTestCase {
    func roundTrip(_ schemaText: String, _ value: JSONValue, expect expected: JSONValue? = nil,
                   file: StaticString = #filePath, line: UInt = #line) throws {
        let schema = try AvroSchema(text: schemaText)
        let decoded = try schema.decode(try schema.encode(value))
        XCTAssertEqual(decoded, expected ?? value, file: file, line: line)
    }

    func testPrimitives() throws {
        try roundTrip(#""null""#, .null)
        try roundTrip(#""boolean""#, .bool(true))
        try roundTrip(#""int""#, .int(-2_147_483_648))
        try roundTrip(#""long""#, .int(Int64.max))
        try roundTrip(#""float""#, .double(0.1))
        try roundTrip(#""double""#, .double(-2.5e300))
        try roundTrip(#""double""#, .int(3), expect: .double(3))
        try roundTrip(#""string""#, .string("snowman ☃ and emoji 🎰"))
    }

    func testBytesAndFixedAreOneCharacterPerByte() throws {
        try roundTrip(#""bytes""#, .string("hello"))
        try roundTrip(#""bytes""#, .string("\u{00}\u{7F}\u{80}\u{FF}"))
        try roundTrip(#"{"type":"fixed","name":"Hash","size":4}"#, .string("\u{DE}\u{AD}\u{BE}\u{EF}"))
        XCTAssertEqual(try AvroSchema(text: #""bytes""#).decode([0x04, 0xC3, 0xA9]), .string("\u{C3}\u{A9}"))
    }

    static let spin = #"""
    {"type":"record","name":"Spin","namespace":"casino","fields":[
      {"name":"user_id","type":"string"},
      {"name":"bet","type":"int"},
      {"name":"action","type":{"type":"enum","name":"Action","symbols":["SLOT_SPIN","CASH_OUT"]}},
      {"name":"reward","type":["null",{"type":"record","name":"Reward","fields":[
          {"name":"amount","type":"long"},{"name":"currency","type":"string","default":"EUR"}]}],"default":null},
      {"name":"tags","type":{"type":"array","items":"string"},"default":[]},
      {"name":"attributes","type":{"type":"map","values":["int","string"]},"default":{}},
      {"name":"again","type":["null","Reward"],"default":null}
    ]}
    """#

    func testRecordsNestedRecordsArraysMapsEnumsUnionsAndNamedReferences() throws {
        let value: JSONValue = .object([
            JSONMember("user_id", .string("u-1")), JSONMember("bet", .int(50)), JSONMember("action", .string("SLOT_SPIN")),
            JSONMember("reward", .object([JSONMember("amount", .int(100)), JSONMember("currency", .string("USD"))])),
            JSONMember("tags", .array([.string("a"), .string("b")])),
            JSONMember("attributes", .object([JSONMember("lines", .int(20)), JSONMember("theme", .string("fruit"))])),
            JSONMember("again", .null),
        ])
        try roundTrip(Self.spin, value)
    }

    func testDefaultsFillMissingFieldsAndUnionsTakeTheBranchNamed() throws {
        let given: JSONValue = .object([
            JSONMember("user_id", .string("u-1")), JSONMember("bet", .int(50)), JSONMember("action", .string("CASH_OUT")),
            JSONMember("reward", .object([JSONMember("casino.Reward", .object([JSONMember("amount", .int(7))]))])),
            JSONMember("attributes", .object([JSONMember("n", .object([JSONMember("string", .string("5"))]))])),
        ])
        let expected: JSONValue = .object([
            JSONMember("user_id", .string("u-1")), JSONMember("bet", .int(50)), JSONMember("action", .string("CASH_OUT")),
            JSONMember("reward", .object([JSONMember("amount", .int(7)), JSONMember("currency", .string("EUR"))])),
            JSONMember("tags", .array([])),
            JSONMember("attributes", .object([JSONMember("n", .string("5"))])),
            JSONMember("again", .null),
        ])
        try roundTrip(Self.spin, given, expect: expected)
    }

    func testAPlainValueTakesTheFirstBranchItFits() throws {
        let schema = try AvroSchema(text: #"["null","int","long","string"]"#)
        XCTAssertEqual(try schema.encode(.int(1)), [0x02, 0x02])           // int, branch 1
        XCTAssertEqual(try schema.encode(.int(1 << 40)).first, 0x04)       // too big for int: long, branch 2
        XCTAssertEqual(try schema.encode(.string("x")).first, 0x06)
    }

    func testRecursiveRecord() throws {
        let list = #"{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}"#
        let value: JSONValue = .object([JSONMember("v", .int(1)), JSONMember("next",
            .object([JSONMember("v", .int(2)), JSONMember("next", .null)]))])
        try roundTrip(list, value)
    }

    func testLogicalTypesReadBackInTheirTextForm() throws {
        try roundTrip(#"{"type":"int","logicalType":"date"}"#, .string("2024-03-01"))
        try roundTrip(#"{"type":"int","logicalType":"date"}"#, .string("1969-12-31"))
        try roundTrip(#"{"type":"int","logicalType":"date"}"#, .int(19783), expect: .string("2024-03-01"))
        try roundTrip(#"{"type":"int","logicalType":"time-millis"}"#, .string("12:30:05"), expect: .string("12:30:05.000"))
        try roundTrip(#"{"type":"long","logicalType":"time-micros"}"#, .string("23:59:59.999999"))
        try roundTrip(#"{"type":"long","logicalType":"timestamp-millis"}"#, .string("2024-03-01T12:30:05.250Z"))
        try roundTrip(#"{"type":"long","logicalType":"timestamp-millis"}"#, .string("1969-12-31T23:59:59.999Z"))
        try roundTrip(#"{"type":"long","logicalType":"timestamp-millis"}"#, .int(0), expect: .string("1970-01-01T00:00:00.000Z"))
        try roundTrip(#"{"type":"long","logicalType":"timestamp-micros"}"#, .string("2024-03-01T12:30:05.000001Z"))
        try roundTrip(#"{"type":"string","logicalType":"uuid"}"#, .string("123e4567-e89b-12d3-a456-426614174000"))
        let decimal = #"{"type":"bytes","logicalType":"decimal","precision":38,"scale":4}"#
        try roundTrip(decimal, .string("12.5"), expect: .string("12.5000"))
        try roundTrip(decimal, .string("-0.0001"))
        try roundTrip(decimal, .string("1234567890123456789012345678901234.5678"))
        try roundTrip(decimal, .string("-1234567890123456789012345678901234.5678"))
        try roundTrip(decimal, .int(3), expect: .string("3.0000"))
        try roundTrip(#"{"type":"fixed","name":"Money","size":8,"logicalType":"decimal","precision":18,"scale":2}"#,
                      .string("-99.99"))
        // A logical type on the wrong underlying type is ignored, as the specification says.
        try roundTrip(#"{"type":"string","logicalType":"date"}"#, .string("not a date"))
    }

    func testNormalizedJSONIgnoresWhiteSpace() throws {
        XCTAssertEqual(try AvroSchema(text: "{ \"type\" : \"array\", \"items\": \"int\" }").normalizedJSON,
                       try AvroSchema(text: #"{"type":"array","items":"int"}"#).normalizedJSON)
    }
}

final class AvroConcurrencyTests: XCTestCase {
    /// One schema shared by threads that encode, decode and fail at the same time (the engine shares schemas).
    func testOneSchemaUsedFromManyThreadsAtOnce() throws {
        let schema = try AvroSchema(text: AvroRoundTripTests.spin)
        let good: JSONValue = .object([JSONMember("user_id", .string("u")), JSONMember("bet", .int(1)),
                                       JSONMember("action", .string("SLOT_SPIN"))])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for round in 0..<200 {
                do {
                    let bytes = try schema.encode(good)
                    guard case .object(let members) = try schema.decode(bytes), members.count == 7 else {
                        failures.withLock { $0.append("decoded wrong in \(worker)/\(round)") }
                        continue
                    }
                    _ = try? schema.decode(Array(bytes.dropLast()))
                    if schema.check(.object([])) == nil { failures.withLock { $0.append("no error in \(worker)/\(round)") } }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        XCTAssertEqual(failures.withLock { $0 }, [])
    }
}
