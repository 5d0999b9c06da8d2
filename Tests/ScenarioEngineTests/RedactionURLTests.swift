import Foundation
@testable import ScenarioEngine
import XCTest

final class RedactionURLTests: XCTestCase {
    func testAURLPasswordIsMaskedInAnyText() {
        let scrub = SecretScrubber(values: [])
        XCTAssertEqual(scrub("http GET http://admin:s3cr3t-pw@svc:8080/x failed"), "http GET http://admin:******@svc:8080/x failed")
        XCTAssertEqual(scrub("no url here: a@b"), "no url here: a@b")
        XCTAssertEqual(scrub("https://user@host/ has no password"), "https://user@host/ has no password")
    }

    func testRegistryCredentialsAreSecretAlsoAsTheyTravel() {
        let options = SchemaRegistryOptions(url: "http://reg:8081", credentials: "alice:REGPW-1234")
        let basic = Data("alice:REGPW-1234".utf8).base64EncodedString()
        XCTAssertEqual(Set(options.secrets), ["REGPW-1234", basic])
        let scrub = SecretScrubber(values: options.secrets)
        XCTAssertEqual(scrub("401: bad credentials Basic \(basic)"), "401: bad credentials Basic ******")
    }

    func testScrubbingACodableValueWithoutKnownSecretsStillMasksURLPasswords() {
        struct Named: Codable, Equatable { var name: String }
        XCTAssertEqual(SecretScrubber(values: []).scrub(Named(name: "GET http://u:pw99@h/")), Named(name: "GET http://u:******@h/"))
    }
}
