import Foundation
import XCTest

/// Issue 21 item 21: secrets planted where a user would put them never reach a report, the console or a log.
final class PlantedSecretTests: XCTestCase {
    private func everything(_ reports: URL, _ outcome: CLI.Outcome) throws -> String {
        var text = outcome.stdout + outcome.stderr
        let walker = FileManager.default.enumerator(at: reports, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if let content = try? String(contentsOf: url, encoding: .utf8) { text += "\n" + content }
        }
        return text
    }

    func testAURLPasswordAndSecretHeadersNeverShow() throws {
        let server = try FixtureHTTPServer()
        defer { server.stop() }
        let dir = try CLI.temporaryDirectory()
        let url = server.url.replacingOccurrences(of: "http://", with: "http://admin:PLANTED-url-pw-4711@")
        let file = dir.appendingPathComponent("secrets.yaml")
        try """
            suite: Secrets
            scenarios:
              - name: url password
                steps:
                  - http: { url: "\(url)/status/500" }
              - name: echoed headers
                steps:
                  - http:
                      url: "\(server.url)/echo"
                      headers: { X-Auth-Token: PLANTED-token-0815, Authorization: "Bearer PLANTED-bearer-2342", X-Session-Id: PLANTED-session-77 }
                      expect: { json: { method: POST } }
            """.write(to: file, atomically: true, encoding: .utf8)
        let reports = dir.appendingPathComponent("r")
        let outcome = try CLI.run(["run", file.path, "--report-dir", reports.path, "--verbose", "--junit-style", "rich"])
        XCTAssertEqual(outcome.status, 1, outcome.stdout)
        let all = try everything(reports, outcome)
        XCTAssertTrue(all.contains("url password") && all.contains("echoed headers"))
        for planted in ["PLANTED-url-pw-4711", "PLANTED-token-0815", "PLANTED-bearer-2342", "PLANTED-session-77"] {
            XCTAssertFalse(all.contains(planted), "\(planted) shown:\n\(all)")
        }
    }

    func testAClientSecretEchoedByAServiceIsHiddenInItsLog() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("service.yaml")
        try """
            suite: Echoing service
            services:
              - name: echoer
                command: [sh, -c, "echo got $PASS_IN; echo up; sleep 60"]
                ready: { log: "^up$" }
            scenarios:
              - name: fails
                steps: [ { exec: { command: [sh, -c, "echo PLANTED-sasl-9931; exit 1"] } } ]
            """.write(to: file, atomically: true, encoding: .utf8)
        let reports = dir.appendingPathComponent("r")
        let outcome = try CLI.run(["run", file.path, "--report-dir", reports.path, "--verbose",
                                   "-X", "sasl.password=PLANTED-sasl-9931"],
                                  environment: ["PASS_IN": "PLANTED-sasl-9931"])   // the service inherits the runner's environment
        XCTAssertEqual(outcome.status, 1, outcome.stdout + outcome.stderr)
        let log = try String(contentsOf: reports.appendingPathComponent("services/echoer.log"), encoding: .utf8)
        XCTAssertTrue(log.contains("got ******"), log)
        XCTAssertFalse(try everything(reports, outcome).contains("PLANTED-sasl-9931"))
    }
}
