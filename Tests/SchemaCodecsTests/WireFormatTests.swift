import XCTest
@testable import SchemaCodecs

final class WireFormatTests: XCTestCase {
    func testFrameIsMagicZeroThenTheIdBigEndianThenThePayload() throws {
        XCTAssertEqual(WireFormat.frame(schemaID: 0x0102_0304, payload: [0xAA]), [0, 1, 2, 3, 4, 0xAA])
        XCTAssertEqual(try WireFormat.unframe([0, 0, 0, 0, 100, 0x06, 0x66]), WireFormat.Frame(schemaID: 100, payload: [0x06, 0x66]))
        XCTAssertEqual(try WireFormat.unframe([0, 0, 0, 0, 7]), WireFormat.Frame(schemaID: 7, payload: []))
    }

    func testNotFramedIsNil() throws {
        XCTAssertNil(try WireFormat.unframe([]))
        XCTAssertNil(try WireFormat.unframe(Array(#"{"a":1}"#.utf8)))
    }

    func testMagicZeroButShorterThanTheHeaderIsAnError() {
        XCTAssertThrowsError(try WireFormat.unframe([0, 0, 1])) { error in
            XCTAssertEqual("\(error)", "the value starts with the schema-registry magic byte 0 but is 3 bytes long, shorter than its 5-byte header")
        }
    }
}
