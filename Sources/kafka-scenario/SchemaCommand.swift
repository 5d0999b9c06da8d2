import ArgumentParser
import ScenarioSpec

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema for scenario files (for editors: yaml-language-server, VS Code).",
        discussion: """
            Committed as schema/scenario.schema.json. Maintainers: --reference prints docs/scenario-reference.md \
            instead; scripts/generate-docs.sh rewrites both files.
            """)

    @Flag(help: ArgumentHelp("Print the Markdown scenario reference instead.", visibility: .hidden))
    var reference = false

    func run() throws {
        print(reference ? ReferenceDocGenerator.markdown() : JSONSchemaGenerator.text(), terminator: "")
    }
}
