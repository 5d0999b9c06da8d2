import Foundation
import RegistryStandIn
import XCTest
import ScenarioSpec
import SystemUnderTest
@testable import SchemaCodecs

/// Schema references through the registry stand-in over HTTP: a .proto's imports registered first and
/// referenced; registered schemas' references (Protobuf, Avro named types, JSON Schema `$ref`) fetched by
/// subject and version when a frame's id is read.
final class SchemaReferencesTests: XCTestCase {
    var standIn: RegistryStandIn!

    override func setUpWithError() throws {
        standIn = try RegistryStandIn(arguments: ["--log-requests"])
    }

    override func tearDown() {
        standIn?.stop()
    }

    func client() -> SchemaRegistryClient { SchemaRegistryClient(url: standIn.url) }

    /// Registers as another writer would (not through the client under test).
    @discardableResult
    func register(_ subject: String, _ body: JSONValue) throws -> Int32 {
        let request = HTTPRequest(method: "POST", url: standIn.url.appendingPathComponent("subjects/\(subject)/versions"),
                                  headers: [(name: "Content-Type", value: "application/vnd.schemaregistry.v1+json")],
                                  body: Data(body.compactJSON.utf8), timeout: 10)
        let response = try URLSessionTransport().send(request, cancelled: { false })
        let answer = try JSONText.parse(String(decoding: response.body, as: UTF8.self))
        guard case .int(let id)? = answer["id"] else { throw NSError(domain: "register", code: response.status) }
        return Int32(id)
    }

    func reference(_ name: String, _ subject: String, _ version: Int = 1) -> JSONValue {
        SchemaReferenceEntry(name: name, subject: subject, version: version).json
    }

    func testProtobufImportsAreRegisteredFirstAndReferenced() throws {
        let folder = ProtobufTests.folder
        let spin = ParsedSchema.protobuf(try ProtobufSchema(file: "\(folder)/spin.proto", message: "game.Reward"))
        let value = try JSONText.parse(#"{"user_id": "u-1", "amount": 9007199254740993}"#)
        let (id, bytes) = try FramedCodec.encode(value, with: spin, subject: "rewards-value", registry: client())
        let posts = standIn.requests().filter { $0.hasPrefix("POST") }
        XCTAssertEqual(posts.first, "POST /subjects/common.proto/versions")
        XCTAssertEqual(posts.last, "POST /subjects/rewards-value/versions")
        // A reader that never saw the file: the schema by id, its import by subject and version.
        let decoded = try XCTUnwrap(FramedCodec.decode(bytes, registry: client()))
        XCTAssertEqual(decoded.schemaID, id)
        XCTAssertEqual(decoded.value.compactJSON, #"{"user_id":"u-1","amount":9007199254740993}"#)
        XCTAssertTrue(standIn.requests().contains("GET /subjects/common.proto/versions/1"), "\(standIn.requests())")
    }

    func testAnUnknownMessageIndexNamesTheIdAndTheSubject() throws {
        let reward = ParsedSchema.protobuf(try ProtobufSchema(file: "\(ProtobufTests.folder)/spin.proto", message: "game.Reward"))
        let (id, _) = try FramedCodec.encode(try JSONText.parse(#"{"amount": 1}"#), with: reward, subject: "rewards-value", registry: client())
        // Message indexes [5]: the file has two top-level messages.
        let framed = WireFormat.frame(schemaID: id, payload: [2, 10])
        XCTAssertThrowsError(try FramedCodec.decode(framed, registry: client())) { error in
            XCTAssertEqual("\(error)", "the value framed with schema id \(id) (subject rewards-value) cannot be decoded: message index [5] names no message of schema.proto (it has game.Spin, game.Spin.Detail, game.Reward)")
        }
    }

    func testAvroNamedTypeFromAnotherSubject() throws {
        let money = #"{"type":"record","name":"Money","namespace":"game","fields":[{"name":"cents","type":"long"}]}"#
        try register("game.Money", .object([JSONMember("schema", .string(money))]))
        let payout = #"{"type":"record","name":"Payout","namespace":"game","fields":[{"name":"stake","type":"game.Money"},{"name":"win","type":"game.Money"}]}"#
        let id = try register("payouts-value", .object([JSONMember("schema", .string(payout)),
                                                        JSONMember("references", .array([reference("game.Money", "game.Money")]))]))
        let schema = try client().schema(id: id)
        let value = try JSONText.parse(#"{"stake": {"cents": 5}, "win": {"cents": 10}}"#)
        XCTAssertEqual(try schema.decode(try schema.encode(value)).compactJSON, value.compactJSON)
        XCTAssertEqual(schema.check(try JSONText.parse(#"{"stake": {"cents": "x"}, "win": {"cents": 1}}"#))?.description,
                       #"stake.cents: expected long, got string "x""#)
    }

    func testJSONSchemaRefToAnotherSubject() throws {
        let customer = #"{"type":"object","properties":{"id":{"type":"integer","minimum":1}},"required":["id"]}"#
        try register("customer.json", .object([JSONMember("schema", .string(customer)), JSONMember("schemaType", .string("JSON"))]))
        let order = #"{"type":"object","properties":{"customer":{"$ref":"customer.json"}},"required":["customer"]}"#
        let id = try register("orders-value", .object([JSONMember("schema", .string(order)), JSONMember("schemaType", .string("JSON")),
                                                       JSONMember("references", .array([reference("customer.json", "customer.json")]))]))
        let schema = try client().schema(id: id)
        XCTAssertNil(schema.check(try JSONText.parse(#"{"customer": {"id": 3}}"#)))
        XCTAssertEqual(schema.check(try JSONText.parse(#"{"customer": {"id": 0}}"#))?.description, "customer.id: 0 is not at least 1 (minimum)")
    }

    func testAMissingReferenceNamesTheIdAndTheSubject() throws {
        standIn.stop()
        standIn = try RegistryStandIn(arguments: ["--accept-missing-references"])
        let id = try register("orders-value", .object([
            JSONMember("schema", .string(#"{"type":"object","properties":{"c":{"$ref":"customer.json"}}}"#)),
            JSONMember("schemaType", .string("JSON")),
            JSONMember("references", .array([reference("customer.json", "customers", 3)]))]))
        XCTAssertThrowsError(try client().schema(id: id)) { error in
            XCTAssertEqual("\(error)", "schema id \(id) references customer.json (subject customers version 3), which is not in the schema registry at \(standIn.url.absoluteString)")
        }
    }
}
