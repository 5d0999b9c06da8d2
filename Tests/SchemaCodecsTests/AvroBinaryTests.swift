import XCTest
import ScenarioSpec
@testable import SchemaCodecs

/// Bytes checked against the examples of the Avro 1.11 specification ("Binary Encoding").
final class AvroBinaryTests: XCTestCase {
    func bytes(_ schema: String, _ value: JSONValue, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        try AvroSchema(text: schema).encode(value)
    }

    func testZigZagIntsAndLongsAsInTheSpecification() throws {
        let expected: [(Int64, [UInt8])] = [(0, [0x00]), (-1, [0x01]), (1, [0x02]), (-2, [0x03]), (2, [0x04]),
                                            (-64, [0x7F]), (64, [0x80, 0x01])]
        for (number, encoded) in expected {
            XCTAssertEqual(try bytes(#""int""#, .int(number)), encoded, "int \(number)")
            XCTAssertEqual(try bytes(#""long""#, .int(number)), encoded, "long \(number)")
        }
    }

    func testStringFoo() throws {
        XCTAssertEqual(try bytes(#""string""#, .string("foo")), [0x06, 0x66, 0x6F, 0x6F])
    }

    func testRecordOfLongAndStringAsInTheSpecification() throws {
        let schema = #"{"type":"record","name":"test","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}"#
        XCTAssertEqual(try bytes(schema, .object([JSONMember("a", .int(27)), JSONMember("b", .string("foo"))])),
                       [0x36, 0x06, 0x66, 0x6F, 0x6F])
    }

    func testArrayOfLongsAsInTheSpecification() throws {
        XCTAssertEqual(try bytes(#"{"type":"array","items":"long"}"#, .array([.int(3), .int(27)])), [0x04, 0x06, 0x36, 0x00])
    }

    func testUnionOfNullAndStringAsInTheSpecification() throws {
        let schema = #"["null","string"]"#
        XCTAssertEqual(try bytes(schema, .null), [0x00])
        XCTAssertEqual(try bytes(schema, .string("a")), [0x02, 0x02, 0x61])
        XCTAssertEqual(try bytes(schema, .object([JSONMember("string", .string("a"))])), [0x02, 0x02, 0x61])
    }

    func testPrimitivesNullBooleanFloatDoubleBytes() throws {
        XCTAssertEqual(try bytes(#""null""#, .null), [])
        XCTAssertEqual(try bytes(#""boolean""#, .bool(true)), [0x01])
        XCTAssertEqual(try bytes(#""boolean""#, .bool(false)), [0x00])
        XCTAssertEqual(try bytes(#""float""#, .double(1)), [0x00, 0x00, 0x80, 0x3F])
        XCTAssertEqual(try bytes(#""double""#, .int(1)), [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        XCTAssertEqual(try bytes(#""bytes""#, .string("\u{00}\u{FF}")), [0x04, 0x00, 0xFF])
    }

    func testMapEnumFixed() throws {
        XCTAssertEqual(try bytes(#"{"type":"map","values":"int"}"#, .object([JSONMember("a", .int(1))])),
                       [0x02, 0x02, 0x61, 0x02, 0x00])
        XCTAssertEqual(try bytes(#"{"type":"enum","name":"E","symbols":["A","B","C"]}"#, .string("C")), [0x04])
        XCTAssertEqual(try bytes(#"{"type":"fixed","name":"F","size":2}"#, .string("hi")), [0x68, 0x69])
    }

    func testLogicalTypesWriteTheNumbersTheSpecificationDefines() throws {
        // 2024-03-01 is day 19783 after 1970-01-01.
        XCTAssertEqual(try bytes(#"{"type":"int","logicalType":"date"}"#, .string("2024-03-01")),
                       try bytes(#""int""#, .int(19783)))
        XCTAssertEqual(try bytes(#"{"type":"int","logicalType":"time-millis"}"#, .string("12:30:05.250")),
                       try bytes(#""int""#, .int(45_005_250)))
        XCTAssertEqual(try bytes(#"{"type":"long","logicalType":"timestamp-millis"}"#, .string("2024-03-01T12:30:05.250Z")),
                       try bytes(#""long""#, .int(1_709_296_205_250)))
        XCTAssertEqual(try bytes(#"{"type":"long","logicalType":"timestamp-micros"}"#, .string("2024-03-01T14:30:05.25+02:00")),
                       try bytes(#""long""#, .int(1_709_296_205_250_000)))
        // decimal: the unscaled integer, big-endian two's complement: 1.23 at scale 2 is 123 = 0x7B; -1.00 is -100 = 0x9C.
        let decimal = #"{"type":"bytes","logicalType":"decimal","precision":5,"scale":2}"#
        XCTAssertEqual(try bytes(decimal, .string("1.23")), [0x02, 0x7B])
        XCTAssertEqual(try bytes(decimal, .string("-1")), [0x02, 0x9C])
        XCTAssertEqual(try bytes(decimal, .string("1.28")), [0x04, 0x00, 0x80])
        let fixedDecimal = #"{"type":"fixed","name":"D","size":4,"logicalType":"decimal","precision":9,"scale":2}"#
        XCTAssertEqual(try bytes(fixedDecimal, .string("-1.00")), [0xFF, 0xFF, 0xFF, 0x9C])
    }
}
