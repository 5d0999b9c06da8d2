import Foundation
import XCTest

/// `--profile NAME`: profiles/NAME.yaml found beside the scenarios, what it sets, what wins over it,
/// and bad profiles answered at their line (embedded broker).
final class ProfileTests: XCTestCase {
    private let secret = "Pr0f1le-secret-\(UUID().uuidString.prefix(8))"

    /// A project folder: scenarios/greeting.yaml (vars: greeting: from-file) and profiles/<name>.yaml.
    private func project(profiles: [String: String]) throws -> URL {
        let root = try CLI.temporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("scenarios/nested"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("profiles"), withIntermediateDirectories: true)
        // The scenario checks the greeting it produced against --var wanted=...: it fails when they differ.
        try """
        suite: Greeting
        vars:
          greeting: from-file
          wanted: unset
        topics: [{ name: greetings }]
        scenarios:
          - name: the greeting is the one wanted
            timeout: 10s
            steps:
              - produce: { topic: greetings, value: "{{ greeting }} token={{ env.PROFILE_SECRET }}" }
              - expect: { topic: greetings, within: 5s, messages: [ { value: "{{ wanted }} token={{ env.PROFILE_SECRET }}" } ] }
        """.write(to: root.appendingPathComponent("scenarios/nested/greeting.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in profiles {
            try text.write(to: root.appendingPathComponent("profiles/\(name).yaml"), atomically: true, encoding: .utf8)
        }
        return root
    }

    private let local = """
        client:
          client.id: from-profile
          sasl.password: ${env:PROFILE_SECRET}
        vars:
          greeting: from-profile
        """

    private func run(_ root: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> CLI.Outcome {
        try CLI.run(["run", root.appendingPathComponent("scenarios/nested").path, "--report-dir",
                     root.appendingPathComponent("reports").path] + arguments,
                    environment: environment ?? ["PROFILE_SECRET": secret])
    }

    func testProfileVarsWinOverTheFileAndVarWinsOverTheProfile() throws {
        let root = try project(profiles: ["local": local])
        XCTAssertEqual(try run(root, ["--var", "wanted=from-file"]).status, 0)
        let withProfile = try run(root, ["--profile", "local", "--var", "wanted=from-profile"])
        XCTAssertEqual(withProfile.status, 0, withProfile.stdout + withProfile.stderr)
        // The check can fail: without the profile the file's greeting is produced.
        let wrong = try run(root, ["--var", "wanted=from-profile"])
        XCTAssertEqual(wrong.status, 1, wrong.stdout + wrong.stderr)
        let overridden = try run(root, ["--profile", "local", "--var", "greeting=from-cli", "--var", "wanted=from-cli"])
        XCTAssertEqual(overridden.status, 0, overridden.stdout + overridden.stderr)
    }

    func testClientPropertiesMergeKeyByKeyAndTheSecretFromEnvAppearsInNoOutput() throws {
        let root = try project(profiles: ["local": local])
        let result = try run(root, ["--profile", "local", "-X", "client.id=from-cli", "--var", "wanted=nobody", "--verbose"])
        XCTAssertEqual(result.status, 1, "the scenario fails and shows the message holding the secret")
        XCTAssertTrue(result.stdout.contains("token=******"), result.stdout)
        let reports = root.appendingPathComponent("reports")
        var outputs = ["stdout": result.stdout, "stderr": result.stderr]
        for name in try FileManager.default.contentsOfDirectory(atPath: reports.path) {
            outputs[name] = try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8)
        }
        XCTAssertEqual(outputs.count, 5)
        for (name, text) in outputs { XCTAssertFalse(text.contains(secret), "\(name) shows the secret:\n\(text)") }
        // -X replaced the profile's client.id, the profile's sasl.password stayed (masked).
        let results = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: reports.appendingPathComponent("results.json")))
            as? [String: Any])
        let environment = try XCTUnwrap(results["environment"] as? [String: Any])
        let properties = (environment["clientProperties"] as? [[String: Any]] ?? [])
            .reduce(into: [String: String]()) { $0[$1["key"] as? String ?? ""] = $1["value"] as? String }
        XCTAssertEqual(properties["client.id"], "from-cli", "\(environment)")
        XCTAssertEqual(properties["sasl.password"], "******", "\(environment)")
    }

    func testBootstrapServersComeFromTheProfileUnlessTheCommandLineChoosesTheEmbeddedBroker() throws {
        let root = try project(profiles: ["remote": "bootstrap_servers: 127.0.0.1:1\n"])
        let remote = try run(root, ["--profile", "remote", "--var", "wanted=from-file", "--connect-timeout", "1s"])
        XCTAssertEqual(remote.status, 3, remote.stderr)
        XCTAssertTrue(remote.stderr.contains("127.0.0.1:1"), remote.stderr)
        // It wins over the environment variable too: naming a profile is the explicit choice.
        let overEnvironment = try run(root, ["--profile", "remote", "--var", "wanted=from-file", "--connect-timeout", "1s"],
                                      environment: ["KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:2", "PROFILE_SECRET": secret])
        XCTAssertTrue(overEnvironment.stderr.contains("127.0.0.1:1") && !overEnvironment.stderr.contains("127.0.0.1:2"),
                      overEnvironment.stderr)
        let embedded = try run(root, ["--profile", "remote", "--embedded-brokers", "1", "--var", "wanted=from-file"])
        XCTAssertEqual(embedded.status, 0, embedded.stdout + embedded.stderr)
        // So does over the environment variable.
        let embeddedOverEnvironment = try run(root, ["--embedded-brokers", "1", "--var", "wanted=from-file", "--connect-timeout", "1s"],
                                              environment: ["KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:2", "PROFILE_SECRET": secret])
        XCTAssertEqual(embeddedOverEnvironment.status, 0, embeddedOverEnvironment.stdout + embeddedOverEnvironment.stderr)
    }

    func testProfilesDirIsUsedInsteadOfTheSearch() throws {
        let root = try project(profiles: [:])
        let elsewhere = try CLI.temporaryDirectory()
        try "vars:\n  greeting: from-elsewhere\n".write(to: elsewhere.appendingPathComponent("ci.yml"), atomically: true, encoding: .utf8)
        let result = try run(root, ["--profile", "ci", "--profiles-dir", elsewhere.path, "--var", "wanted=from-elsewhere"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    }

    func testUnknownKeyIsReportedAtItsLineWithASuggestion() throws {
        let root = try project(profiles: ["bad": "client:\n  client.id: x\nbootstrap_server: localhost:9092\n"])
        let result = try run(root, ["--profile", "bad"])
        XCTAssertEqual(result.status, 2)
        let file = root.appendingPathComponent("profiles/bad.yaml").path
        XCTAssertEqual(result.stderr, """
            \(file):3:1: error: unknown key 'bootstrap_server' in a profile
              |
            3 | bootstrap_server: localhost:9092
              | ^^^^^^^^^^^^^^^^
              = help: did you mean 'bootstrap_servers'?

            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("reports").path), "nothing ran")
    }

    func testWrongTypesAndUnsetVariablesAreEachReportedAndValidateChecksTheProfileToo() throws {
        let root = try project(profiles: ["bad": """
            client:
              acks: [1, 2]
              sasl.password: ${env:PROFILE_UNSET}
            vars: 3
            schema_registry: { urll: http://x }
            """])
        for command in ["run", "validate"] {
            let result = try CLI.run([command, root.appendingPathComponent("scenarios").path, "--profile", "bad"])
            XCTAssertEqual(result.status, 2, command)
            let file = root.appendingPathComponent("profiles/bad.yaml").path
            for expected in ["\(file):2:9: error: client.acks must be a string, got a list",
                             "\(file):3:18: error: client.sasl.password: environment variable PROFILE_UNSET is not set",
                             "\(file):4:7: error: vars must be a mapping, got a number",
                             "\(file):5:20: error: unknown key 'urll' in schema_registry",
                             "did you mean 'url'?"] {
                XCTAssertTrue(result.stderr.contains(expected), "\(command): \(expected)\n\(result.stderr)")
            }
        }
        let good = try CLI.run(["validate", root.appendingPathComponent("scenarios").path, "--profile", "local"])
        XCTAssertEqual(good.status, 2, "no profile 'local' here")
    }

    func testUnknownProfileNameListsTheOnesThatExist() throws {
        let root = try project(profiles: ["local": local, "staging": "bootstrap_servers: kafka:9092\n"])
        let result = try run(root, ["--profile", "stagin"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "error: no profile 'stagin' in \(root.appendingPathComponent("profiles").path)/ "
                       + "(profiles there: local, staging); did you mean 'staging'?\n")
    }

    func testNoProfilesFolderSaysWhereItLooked() throws {
        let folder = try CLI.temporaryDirectory()
        let scenario = folder.appendingPathComponent("one.yaml")
        try "suite: One\nscenarios:\n  - name: nothing\n    steps:\n      - sleep: 1ms\n".write(to: scenario, atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", scenario.path, "--profile", "local", "--report-dir", folder.appendingPathComponent("r2").path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasPrefix("error: --profile local: no profiles/ folder found in or above \(scenario.path)"),
                      result.stderr)
        XCTAssertTrue(result.stderr.contains("--profiles-dir"), result.stderr)
    }

    func testTheShippedExampleProfileIsFoundFromTheScenariosAndIsValid() throws {
        let examples = CLI.repository.appendingPathComponent("scenarios/examples").path
        let result = try CLI.run(["validate", examples, "--profile", "example"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let missing = try CLI.run(["validate", examples, "--profile", "exampel"])
        XCTAssertTrue(missing.stderr.contains("did you mean 'example'?"), missing.stderr)
    }

    func testAProfileVarNoFileDeclaresIsAWarningWithASuggestion() throws {
        let root = try project(profiles: ["typo": "vars:\n  greting: from-profile\n"])
        let file = root.appendingPathComponent("profiles/typo.yaml").path
        let expected = "\(file):2:3: warning: var 'greting' is declared in no scenario file's vars:, so it overrides nothing"
        let validated = try CLI.run(["validate", root.appendingPathComponent("scenarios").path, "--profile", "typo"])
        XCTAssertEqual(validated.status, 0, validated.stderr)
        XCTAssertTrue(validated.stderr.contains(expected) && validated.stderr.contains("did you mean 'greeting'?"), validated.stderr)
        XCTAssertTrue(validated.stdout.contains("0 errors, 1 warning"), validated.stdout)
        let ran = try run(root, ["--profile", "typo", "--var", "wanted=from-file"])
        XCTAssertEqual(ran.status, 0, ran.stdout + ran.stderr)
        XCTAssertTrue(ran.stderr.contains(expected), ran.stderr)
    }
}
