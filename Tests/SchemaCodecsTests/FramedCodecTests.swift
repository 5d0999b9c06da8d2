import XCTest
import ScenarioSpec
@testable import SchemaCodecs

final class FramedCodecTests: XCTestCase {
    let schema = try! ParsedSchema(type: .avro, text: #"{"type":"record","name":"S","fields":[{"name":"a","type":"long"}]}"#)

    func testRoundTripWithLocalIds() throws {
        let local = LocalSchemaRegistry()
        let value: JSONValue = .object([JSONMember("a", .int(27))])
        let subject = FramedCodec.subject(topic: "spins", isKey: false)
        XCTAssertEqual(subject, "spins-value")
        XCTAssertEqual(FramedCodec.subject(topic: "spins", isKey: true), "spins-key")
        let (id, bytes) = try FramedCodec.encode(value, with: schema, subject: subject, registry: local)
        XCTAssertEqual(id, 1)
        XCTAssertEqual(bytes, [0, 0, 0, 0, 1, 0x36])
        let decoded = try XCTUnwrap(try FramedCodec.decode(bytes, registry: local))
        XCTAssertEqual(decoded.schemaID, 1)
        XCTAssertEqual(decoded.value, value)
        XCTAssertNil(try FramedCodec.decode(Array("{}".utf8), registry: local))
    }

    func testErrorsNameTheFieldOrTheId() throws {
        let local = LocalSchemaRegistry()
        XCTAssertThrowsError(try FramedCodec.encode(.object([]), with: schema, subject: "s-value", registry: local)) {
            XCTAssertEqual("\($0)", "missing field a")
        }
        XCTAssertThrowsError(try FramedCodec.decode([0, 0, 0, 0, 9, 0x36], registry: local)) {
            XCTAssertEqual("\($0)", "schema id 9 is not a local id of this run (without --schema-registry, only values this run wrote can be decoded)")
        }
        _ = try FramedCodec.encode(.object([JSONMember("a", .int(1))]), with: schema, subject: "s-value", registry: local)
        XCTAssertThrowsError(try FramedCodec.decode([0, 0, 0, 0, 1], registry: local)) {
            XCTAssertTrue("\($0)".hasPrefix("the value framed with schema id 1 (subject s-value) cannot be decoded: not a value of this schema"), "\($0)")
        }
        XCTAssertThrowsError(try FramedCodec.decode([0, 1], registry: local)) { XCTAssertTrue("\($0)".contains("2 bytes long")) }
    }
}
