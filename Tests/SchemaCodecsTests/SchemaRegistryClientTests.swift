import RegistryStandIn
import XCTest
import ScenarioSpec
import SystemUnderTest
@testable import SchemaCodecs

/// The client over real HTTP against the registry stand-in (Tests/Support/RegistryStandIn).
final class SchemaRegistryClientTests: XCTestCase {
    var standIn: RegistryStandIn!
    let password = "s3cr3t:pw"

    override func setUpWithError() throws {
        standIn = try RegistryStandIn()
    }

    override func tearDown() {
        standIn?.stop()
    }

    func client(_ credentials: RegistryCredentials? = RegistryCredentials(user: "alice", password: "s3cr3t:pw")) -> SchemaRegistryClient {
        SchemaRegistryClient(url: standIn.url, credentials: credentials)
    }

    static let avro = try! ParsedSchema(type: .avro, text: #"{"type":"record","name":"S","fields":[{"name":"a","type":"long"}]}"#)
    static let json = try! ParsedSchema(type: .json, text: #"{"type":"object","required":["a"]}"#)

    func testRegisterLookUpByIdAndLatest() throws {
        let registry = client()
        let id = try registry.register(subject: "spins-value", schema: Self.avro)
        XCTAssertEqual(id, 100)
        XCTAssertEqual(try registry.register(subject: "other-value", schema: Self.avro), 100, "one schema, one id")
        XCTAssertEqual(try registry.register(subject: "orders-value", schema: Self.json), 101)

        let fresh = client()
        let byID = try fresh.schema(id: 100)
        XCTAssertEqual(byID.type, .avro)
        XCTAssertEqual(byID.normalizedJSON, Self.avro.normalizedJSON)
        XCTAssertEqual(try fresh.schema(id: 101).type, .json)
        let latest = try fresh.latest(subject: "orders-value")
        XCTAssertEqual(latest.id, 101)
        XCTAssertEqual(latest.version, 1)
        XCTAssertEqual(latest.schema.type, .json)

        // A second version becomes the latest, also for a client that cached the first.
        _ = try fresh.latest(subject: "spins-value")
        let v2 = try ParsedSchema(type: .avro, text: #"{"type":"record","name":"S","fields":[{"name":"a","type":"int"}]}"#)
        XCTAssertEqual(try fresh.register(subject: "spins-value", schema: v2), 102)
        XCTAssertEqual(try fresh.latest(subject: "spins-value").version, 2)
    }

    func testAnswersAreCachedByIdAndBySubject() throws {
        let registry = client()
        let id = try registry.register(subject: "spins-value", schema: Self.avro)
        _ = try registry.latest(subject: "spins-value")
        standIn.stop()
        standIn = nil
        XCTAssertEqual(try registry.register(subject: "spins-value", schema: Self.avro), id)
        XCTAssertEqual(try registry.schema(id: id).normalizedJSON, Self.avro.normalizedJSON)
        XCTAssertEqual(try registry.latest(subject: "spins-value").id, id)
        XCTAssertThrowsError(try registry.schema(id: id + 1)) { error in
            XCTAssertEqual((error as? SchemaRegistryError)?.isConnectionProblem, true, "\(error)")
        }
    }

    func testWrongPasswordIsAConnectionProblemThatNeverShowsThePassword() {
        XCTAssertThrowsError(try client(RegistryCredentials(user: "alice", password: "wrong-Pa55")).schema(id: 100)) { error in
            guard let error = error as? SchemaRegistryError, case .unauthorized(_, 401, true) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(error.isConnectionProblem)
            XCTAssertEqual(error.description, "the schema registry at \(standIn.url.absoluteString) refused the credentials given with --schema-registry-auth (HTTP 401)")
            XCTAssertFalse("\(error)".contains("wrong-Pa55"))
        }
        XCTAssertThrowsError(try client(nil).schema(id: 100)) { error in
            XCTAssertEqual("\(error)", "the schema registry at \(standIn.url.absoluteString) wants credentials (--schema-registry-auth user:password) (HTTP 401)")
        }
        XCTAssertThrowsError(try client(RegistryCredentials(user: "mallory", password: "x")).schema(id: 100)) { error in
            guard let error = error as? SchemaRegistryError, case .unauthorized(_, 403, _) = error else { return XCTFail("\(error)") }
        }
    }

    func testCredentialsInTheURLAreUsedAndNotShown() throws {
        let url = URL(string: "http://alice:s3cr3t%3Apw@127.0.0.1:\(standIn.port)/")!
        let registry = SchemaRegistryClient(url: url)
        XCTAssertEqual(registry.registry, "http://127.0.0.1:\(standIn.port)")
        XCTAssertEqual(try registry.register(subject: "spins-value", schema: Self.avro), 100)
        XCTAssertEqual(RegistryCredentials(parsing: "alice:\(password)")?.password, password)
        XCTAssertEqual("\(RegistryCredentials(parsing: "alice:\(password)")!)", "alice:***")
        XCTAssertNil(RegistryCredentials(parsing: "alice"))
    }

    func testUnknownSubjectAndIdAreStepErrors() {
        XCTAssertThrowsError(try client().latest(subject: "nope-value")) { error in
            guard let error = error as? SchemaRegistryError, case .subjectNotFound(_, "nope-value") = error else { return XCTFail("\(error)") }
            XCTAssertFalse(error.isConnectionProblem)
            XCTAssertEqual(error.description, "subject nope-value is not in the schema registry at \(standIn.url.absoluteString)")
        }
        XCTAssertThrowsError(try client().schema(id: 999)) { error in
            guard let error = error as? SchemaRegistryError, case .schemaNotFound(_, 999) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(error.description, "schema id 999 is not in the schema registry at \(standIn.url.absoluteString)")
        }
    }

    func testOtherErrorsCarryTheRegistrysErrorCodeAndMessage() {
        XCTAssertThrowsError(try client().register(subject: "fail-500", schema: Self.avro)) { error in
            XCTAssertEqual("\(error)", "the schema registry at \(standIn.url.absoluteString) answered HTTP 500 (error_code 50001: Error in the backend data store)")
            XCTAssertEqual((error as? SchemaRegistryError)?.isConnectionProblem, false)
        }
    }

    func testUnreachableRegistryIsAConnectionProblem() {
        let port = standIn.port
        standIn.stop()
        standIn = nil
        let registry = SchemaRegistryClient(url: URL(string: "http://127.0.0.1:\(port)")!,
                                            credentials: RegistryCredentials(user: "alice", password: "s3cr3t:pw"), timeout: 5)
        XCTAssertThrowsError(try registry.schema(id: 1)) { error in
            guard let error = error as? SchemaRegistryError, case .unreachable = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.isConnectionProblem)
            XCTAssertTrue(error.description.hasPrefix("the schema registry at http://127.0.0.1:\(port) cannot be reached: "), error.description)
            XCTAssertFalse(error.description.contains("s3cr3t"))
        }
    }
}

final class LocalSchemaRegistryTests: XCTestCase {
    func testLocalIdsInOrderFirstSeenOneIdPerSchema() throws {
        let local = LocalSchemaRegistry()
        XCTAssertEqual(try local.register(subject: "spins-value", schema: SchemaRegistryClientTests.avro), 1)
        XCTAssertEqual(try local.register(subject: "copies-value", schema: SchemaRegistryClientTests.avro), 1)
        XCTAssertEqual(try local.register(subject: "orders-value", schema: SchemaRegistryClientTests.json), 2)
        XCTAssertEqual(try local.schema(id: 2).type, .json)
        XCTAssertEqual(try local.latest(subject: "copies-value").id, 1)
        XCTAssertThrowsError(try local.schema(id: 3)) { XCTAssertTrue("\($0)".hasPrefix("schema id 3 is not a local id of this run")) }
        XCTAssertThrowsError(try local.latest(subject: "nope")) { error in
            guard let error = error as? SchemaRegistryError, case .subjectNotFound = error else { return XCTFail("\(error)") }
        }
    }
}
