import XCTest
@testable import ScenarioSpec

/// `services:`, `requires:` and `exec` as the model sees them, and the templates that name topics and services.
final class ServicesModelTests: XCTestCase {
    private let suiteText = """
        suite: with a service
        requires: external_broker
        topics: [{ name: user_actions }, { name: user_actions.dlq }]
        services:
          - name: backend
            command: [python3, app.py, "--topic={{ topics.user_actions }}"]
            cwd: ../backend
            port: auto
            env: { DLQ: "{{ topic('user_actions.dlq') }}", SERVERS: "{{ kafka.bootstrap }}" }
            ready: { http: /health, log: "^up" }
          - name: worker
            command: [./worker]
            env: { API: "{{ services.backend.url }}" }
        scenarios:
          - name: s
            steps:
              - exec: { command: [curl, "{{ services.backend.url }}"], capture: { out: stdout, id: json.id } }
              - exec: { command: [echo, "{{ id }}"], within: 2s, expect: { exit: "!= 3", stdout: { $regex: x } } }
        """

    func testServicesAreReadWithTheirDefaults() throws {
        let (suite, diagnostics) = loadSpec(suiteText, file: "scenarios/app/suite.yaml")
        XCTAssertEqual(errors(diagnostics), [])
        let s = try XCTUnwrap(suite)
        XCTAssertTrue(s.requiresExternalBroker)
        XCTAssertEqual(s.services.map(\.name), ["backend", "worker"])
        let backend = s.services[0]
        XCTAssertEqual(backend.cwd, "scenarios/app/../backend")
        XCTAssertEqual(backend.port, .auto)
        XCTAssertEqual(backend.ready?.log, "^up")
        XCTAssertEqual(backend.ready?.within, Duration(seconds: 30))
        XCTAssertEqual(backend.stopSignal, "TERM")
        XCTAssertEqual(backend.stopGrace, Duration(seconds: 5))
        XCTAssertEqual(s.services[1].cwd, "scenarios/app")
        XCTAssertNil(s.services[1].port)
        XCTAssertNil(s.services[1].ready)
        XCTAssertFalse(diagnostics.contains { $0.message.contains("never used") }, "topics used only by services count as used")
    }

    func testExecStepDefaultsAndCaptures() throws {
        let (suite, _) = loadSpec(suiteText)
        let steps = try XCTUnwrap(suite?.scenarios.first?.steps)
        guard let first = steps[0].kind as? ExecStep, let second = steps[1].kind as? ExecStep else {
            return XCTFail("expected two exec steps")
        }
        XCTAssertEqual(first.within, Duration(seconds: 30))
        XCTAssertTrue(first.exit.holds(for: 0))
        XCTAssertFalse(first.exit.holds(for: 1))
        XCTAssertEqual(first.capture.map(\.path.description), ["stdout", "json.id"])
        XCTAssertTrue(second.exit.holds(for: 1))
        XCTAssertFalse(second.exit.holds(for: 3))
        XCTAssertNotNil(second.stdout)
    }

    func testAServiceTemplateWithoutServicesIsAnError() {
        let (_, diagnostics) = loadSpec("""
            name: s
            steps:
              - exec: { command: [curl, "{{ services.api.url }}"] }
            """)
        XCTAssertEqual(errors(diagnostics), ["service 'api' is not declared under 'services:'"])
    }

    func testTopicFunctionReadsTheRealName() throws {
        let here = SourceLocation(file: "f", line: 1, column: 1)
        let context = TemplateContext(variables: ["topics": .object([JSONMember("a.b-c", .string("a.b-c.run1"))])])
        XCTAssertEqual(try Template.parse("{{ topic('a.b-c') }}", at: here).render(in: context), .string("a.b-c.run1"))
        XCTAssertThrowsError(try Template.parse("{{ topic('nope') }}", at: here).render(in: context)) { error in
            XCTAssertTrue("\(error)".contains("topic 'nope' is not declared"), "\(error)")
        }
    }
}
