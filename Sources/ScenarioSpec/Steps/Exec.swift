/// `exec`: a command run to its end (its builder: ModelBuilder+Services.swift).
/// `exec`: a command run to its end.
public struct ExecStep: Sendable {
    public var command: [ValueTemplate]
    /// The scenario file's folder: the command runs there.
    public var cwd: String
    public var within: Duration
    public var exit: Comparison
    public var stdout: Matcher?
    public var stderr: Matcher?
    public var capture: [(name: String, path: FieldPath)]
}

extension ExecStep: BuildableStep {
    public static let stepKey = KeySpec("exec", .object("exec"), "Runs a command (argv, no shell) and checks its exit status and output.",
                                        example: "{ command: [./load-fixtures.sh, \"{{ run.id }}\"], expect: { exit: 0 } }")
    static let mapping: MappingSpec? = FormatSpec.exec

    static func build(_ value: Node, key: Node, scope: TemplateScope, _ builder: ModelBuilder) -> ExecStep? {
        builder.exec(value, key: key, scope: scope)
    }

    public var summary: String { "exec " + command.map(\.literalText).joined(separator: " ") }
}

extension FormatSpec {
    public static let exec = MappingSpec("exec", "Runs a command to its end.", keys: [
        KeySpec("command", .list(.template), required: true,
                "The program and its arguments (argv, no shell); templates allowed; run in the scenario file's folder.",
                example: "[./load-fixtures.sh, \"{{ run.id }}\"]").nonEmptyList(),
        KeySpec("within", .duration, default: "30s", "Deadline: then its process group is killed and the step is an error.",
                example: "10s"),
        KeySpec("expect", .object("exec expect"), "What must hold; absent: exit status 0.",
                example: "{ exit: 0, stdout: { $regex: loaded } }"),
        KeySpec("capture", .map(.string),
                "Names bound from the output, usable later as {{ name }}: stdout (the text, trailing newline removed) or json.… (stdout parsed as JSON).",
                example: "{ fixture_id: json.id }"),
    ])

    public static let execExpect = MappingSpec("exec expect", "Expectations on a command's end.", keys: [
        KeySpec("exit", .comparison, "The exit status: a number or a comparison; absent: 0.", example: "\"!= 0\""),
        KeySpec("stdout", .matcher, "Matcher on stdout as text (a trailing newline removed).", example: "{ $regex: loaded }"),
        KeySpec("stderr", .matcher, "Matcher on stderr as text (a trailing newline removed).", example: "\"\""),
    ])
}
