import Foundation
import XCTest

/// What `validate` and `run` find wrong with schemas before anything runs, and the registry options
/// (docs/schemas.md). Golden files: `Fixtures/schema_checks/NAME.yaml` (with the schemas it names under
/// `schemas/`) beside `NAME.txt`, the standard error of `validate NAME.yaml` (of `run` for `run_*`) in that
/// folder; an empty `.txt` means exit 0. `UPDATE_GOLDEN=1` rewrites the `.txt` files.
final class SchemaChecksTests: XCTestCase {
    private var folder: URL { CLI.fixtures.appendingPathComponent("schema_checks") }

    /// Without SCHEMA_REGISTRY_URL, whatever the caller's environment holds.
    private let noRegistry = ["SCHEMA_REGISTRY_URL": ""]

    private func cases() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
            .map { String($0.dropLast(5)) }.sorted()
    }

    func testEveryCaseWritesItsExpectedDiagnostics() throws {
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        let names = try cases()
        XCTAssertGreaterThanOrEqual(names.count, 10)
        for name in names {
            let reports = try CLI.temporaryDirectory()
            let arguments = name.hasPrefix("run_") ? ["run", "\(name).yaml", "--report-dir", reports.path]
                                                   : ["validate", "\(name).yaml"]
            let result = try CLI.run(arguments, environment: noRegistry, in: folder)
            let expectedFile = folder.appendingPathComponent("\(name).txt")
            if update {
                try result.stderr.write(to: expectedFile, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: expectedFile, encoding: .utf8)
            XCTAssertEqual(result.stderr, expected, "golden \(name): standard error differs (UPDATE_GOLDEN=1 rewrites)")
            XCTAssertEqual(result.status, expected.isEmpty ? 0 : 2, "\(name): \(result.stdout)")
        }
    }

    /// The golden comparison is exact to the line: the same case moved down one line no longer matches its golden.
    func testACaseMovedByOneLineNoLongerMatchesItsGolden() throws {
        let moved = try CLI.temporaryDirectory()
        let source = try String(contentsOf: folder.appendingPathComponent("unknown_enum_symbol.yaml"), encoding: .utf8)
        try ("# one line more\n" + source).write(to: moved.appendingPathComponent("unknown_enum_symbol.yaml"), atomically: true,
                                                  encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: moved.appendingPathComponent("schemas"),
                                                   withDestinationURL: folder.appendingPathComponent("schemas"))
        let golden = try String(contentsOf: folder.appendingPathComponent("unknown_enum_symbol.txt"), encoding: .utf8)
        let result = try CLI.run(["validate", "unknown_enum_symbol.yaml"], environment: noRegistry, in: moved)
        let message = "error: value_schema 'spin': the value does not fit: action: unknown enum symbol SLOT_SPN"
        XCTAssertTrue(golden.hasPrefix("unknown_enum_symbol.yaml:6:97: \(message)"), golden)
        XCTAssertTrue(result.stderr.hasPrefix("unknown_enum_symbol.yaml:7:97: \(message)"), result.stderr)
        XCTAssertNotEqual(result.stderr, golden)
    }

    func testRunRefusesAValueThatCannotFitAndReportsTheFileAsAnError() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", "run_value_does_not_fit.yaml", "--report-dir", reports.path], environment: noRegistry,
                                 in: folder)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        let cases = try JUnitFile(reports.appendingPathComponent("junit.xml")).testcases()
        XCTAssertEqual(cases.count, 1)
        let message = try XCTUnwrap(cases.first?.child("error")?.attr("message"))
        XCTAssertTrue(message.hasSuffix("run_value_does_not_fit.yaml:6:85: value_schema 'spin': the value does not fit: bet: expected long, got number 1.5"),
                      message)
    }

    func testASubjectSchemaWithoutARegistryStopsBeforeTheRun() throws {
        let reports = try CLI.temporaryDirectory()
        let result = try CLI.run(["run", "run_subject_without_registry.yaml", "--report-dir", reports.path],
                                 environment: noRegistry, in: folder)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("schema 'reward'"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: reports.appendingPathComponent("junit.xml").path),
                       "nothing ran, so no report is written")
    }

    /// The subject check passes once a registry is named, by any of the three ways; what the engine then
    /// makes of an unreachable registry is not this test's business, only that the check did not stop it.
    func testARegistryFromTheCommandLineTheEnvironmentOrAProfileSatisfiesTheSubjectCheck() throws {
        let profiles = try CLI.temporaryDirectory()
        try "schema_registry: { url: http://127.0.0.1:1, auth: \"alice:${env:PROFILE_REGISTRY_PASSWORD}\" }\n"
            .write(to: profiles.appendingPathComponent("staging.yaml"), atomically: true, encoding: .utf8)
        let ways: [(arguments: [String], environment: [String: String])] = [
            (["--schema-registry", "http://127.0.0.1:1"], noRegistry),
            ([], ["SCHEMA_REGISTRY_URL": "http://127.0.0.1:1"]),
            (["--profile", "staging", "--profiles-dir", profiles.path],
             noRegistry.merging(["PROFILE_REGISTRY_PASSWORD": "profile-pw-4821"]) { $1 }),
        ]
        for way in ways {
            let reports = try CLI.temporaryDirectory()
            let result = try CLI.run(["run", "run_subject_without_registry.yaml", "--report-dir", reports.path] + way.arguments,
                                     environment: way.environment, timeout: 60, in: folder)
            XCTAssertFalse(result.stderr.contains("no schema registry is given"), "\(way.arguments): \(result.stderr)")
            XCTAssertNotEqual(result.status, 2, "\(way.arguments): \(result.stderr)")
            XCTAssertFalse((result.stdout + result.stderr).contains("profile-pw-4821"))
        }
    }

    /// The command line wins over a profile, which wins over SCHEMA_REGISTRY_URL (as for bootstrap_servers); the
    /// registry chosen is the one the run then cannot reach, and names.
    func testTheCommandLineWinsOverTheProfileWhichWinsOverTheEnvironment() throws {
        let profiles = try CLI.temporaryDirectory()
        try "schema_registry: http://127.0.0.1:1/from-profile\n"
            .write(to: profiles.appendingPathComponent("q.yaml"), atomically: true, encoding: .utf8)
        let profile = ["--profile", "q", "--profiles-dir", profiles.path]
        let environment = ["SCHEMA_REGISTRY_URL": "http://127.0.0.1:1/from-env"]
        let ways: [(arguments: [String], chosen: String)] = [
            (profile + ["--schema-registry", "http://127.0.0.1:1/from-cli"], "from-cli"),
            (profile, "from-profile"),
            ([], "from-env"),
        ]
        for way in ways {
            let reports = try CLI.temporaryDirectory()
            let result = try CLI.run(["run", "fits.yaml", "--report-dir", reports.path] + way.arguments, environment: environment,
                                     timeout: 60, in: folder)
            XCTAssertEqual(result.status, 3, "\(way.arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("error: the schema registry at http://127.0.0.1:1/\(way.chosen) cannot be reached"),
                          "\(way.arguments): \(result.stderr)")
        }
    }

    func testRegistryOptionsAreCheckedAndTheAuthIsNeverEchoed() throws {
        let cases: [(arguments: [String], environment: [String: String], message: String)] = [
            (["--schema-registry", "ftp://registry:8081"], noRegistry,
             "error: the schema registry URL must be http:// or https:// with a host, e.g. http://localhost:8081, got 'ftp://registry:8081'"),
            (["--schema-registry", "http://"], noRegistry,
             "error: the schema registry URL must be http:// or https:// with a host, e.g. http://localhost:8081, got 'http://'"),
            (["--schema-registry-auth", "alice:pw-7731"], noRegistry,
             "error: --schema-registry-auth needs a registry: pass --schema-registry URL or set SCHEMA_REGISTRY_URL"),
            (["--schema-registry", "http://127.0.0.1:1", "--schema-registry-auth", "pw-7731-alone"], noRegistry,
             "error: --schema-registry-auth takes user:password (the value is not shown)"),
            (["--schema-registry", "http://127.0.0.1:1", "--schema-registry-auth", "alice:${env:REGISTRY_PW_UNSET}"],
             noRegistry,
             "error: --schema-registry-auth: environment variable REGISTRY_PW_UNSET is not set"),
        ]
        for c in cases {
            let reports = try CLI.temporaryDirectory()
            let result = try CLI.run(["run", "fits.yaml", "--report-dir", reports.path] + c.arguments, environment: c.environment,
                                     in: folder)
            XCTAssertEqual(result.status, 2, "\(c.arguments)")
            XCTAssertEqual(result.stderr, c.message + "\n", "\(c.arguments)")
            XCTAssertFalse((result.stdout + result.stderr).contains("pw-7731"), "\(c.arguments)")
        }
    }

    func testAProfileAuthWithoutAColonIsAnErrorAtItsPlace() throws {
        let profiles = try CLI.temporaryDirectory()
        try "schema_registry:\n  url: http://127.0.0.1:1\n  auth: ${env:ONLY_THE_PASSWORD}\n"
            .write(to: profiles.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["validate", "fits.yaml", "--profile", "p", "--profiles-dir", profiles.path],
                                 environment: ["ONLY_THE_PASSWORD": "pw-3391"], in: folder)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasPrefix("\(profiles.path)/p.yaml:3:9: error: schema_registry.auth takes user:password"), result.stderr)
        XCTAssertFalse(result.stderr.contains("pw-3391"), result.stderr)
    }

    /// A URL with a password in it fails its check without being shown.
    func testAURLWithAPasswordIsNotShownWhenRefused() throws {
        let result = try CLI.run(["run", "fits.yaml", "--schema-registry", "ftp://alice:url-pw-5512@registry"],
                                 environment: noRegistry, in: folder)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "error: the schema registry URL must be http:// or https:// with a host, e.g. http://localhost:8081\n")
    }
}
