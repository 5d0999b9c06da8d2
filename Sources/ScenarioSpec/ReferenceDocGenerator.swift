import Foundation

/// docs/scenario-reference.md, generated from `FormatSpec`, `MatcherOperatorSpec` and the template functions,
/// so the reference says exactly what `validate` accepts.
public enum ReferenceDocGenerator {
    /// Where the examples live, relative to docs/.
    static let examplesPath = "../scenarios/examples/"

    /// The example file of a step kind.
    public static func exampleFile(forStep kind: String) -> String { kind + ".yaml" }

    /// Step kinds that need a service to talk to, so no example can pass on the embedded broker alone: the
    /// reference links their guide under docs/ instead (its examples run against a server a test starts).
    static let guides = ["http": "http.md"]

    /// Where the reference sends a reader for an example of a step kind.
    static func exampleLink(forStep kind: String) -> String {
        guides[kind].map { "[\($0)](\($0))" } ?? exampleLink(exampleFile(forStep: kind))
    }

    /// Every example file the reference links to, in the order it lists them.
    public static var exampleFiles: [String] {
        var files = FormatSpec.stepKinds.filter { guides[$0.name] == nil }.map { exampleFile(forStep: $0.name) }
        for op in MatcherOperatorSpec.all where !files.contains(op.exampleFile) { files.append(op.exampleFile) }
        return files + ["templates_and_captures.yaml", "processors.yaml", "services.yaml", "schemas.yaml", "protobuf.yaml"]
    }

    public static func markdown() -> String {
        var out = """
        # Scenario file reference

        <!-- Generated from Sources/ScenarioSpec/FormatSpec.swift by `kafka-scenario schema --reference`.
             Do not edit by hand: run scripts/generate-docs.sh. -->

        Every key of the scenario file format, with its type, default and an example. The same tables drive
        `kafka-scenario validate` and the JSON Schema (`kafka-scenario schema`, committed as
        [schema/scenario.schema.json](../schema/scenario.schema.json)). Put this line first in a scenario file and
        VS Code's YAML extension (and any editor using yaml-language-server) completes and checks the keys:

        ```yaml
        # yaml-language-server: $schema=../schema/scenario.schema.json
        ```

        The path is relative to the scenario file. `kafka-scenario init` writes a starter folder with it.

        - [Files](#files)
        - [Steps](#steps)
        - [Matchers](#matchers)
        - [Templates](#templates)
        - [Durations, rates and comparisons](#durations-rates-and-comparisons)
        - [Isolation](#isolation)
        - [Examples](#examples)


        """
        out += files()
        out += steps()
        out += matchers()
        out += templates()
        out += units()
        out += isolation()
        out += examples()
        return out
    }

    // MARK: - Sections

    static let fileSpecs = [FormatSpec.suite, FormatSpec.singleScenarioSuite, FormatSpec.scenario,
                            FormatSpec.topicDeclaration, FormatSpec.processor, FormatSpec.emit,
                            FormatSpec.schemaDeclaration]

    static func files() -> String {
        var out = """
        ## Files

        A file (`.yaml` or `.yml`) is a suite: one JUnit `<testsuite>`, each scenario one `<testcase>`. A file with
        `name:` and `steps:` at the top (and no `scenarios:`) is a suite of one scenario. Unknown keys are errors,
        reported with their line and column and a "did you mean".


        """
        for spec in fileSpecs { out += section(spec) }
        return out
    }

    static func steps() -> String {
        var out = """
        ## Steps

        Each step is a mapping with exactly one step key. Steps run in order. Any step may also carry:


        """
        out += table(FormatSpec.stepCommonKeys) + "\n"
        out += """
        Write them beside the step key (`- produce: {...}` and then `expect_error: any` at the same indentation) or
        inside a step's mapping (`- produce: { topic: t, value: x, expect_error: any }`); `name:` goes inside only
        where the step has no `name` key of its own (inside `topic:` it is the topic's name). The same key in both
        places is an error.


        """
        out += "| step | what it does | example |\n| --- | --- | --- |\n"
        for kind in FormatSpec.stepKinds {
            out += "| \(link(kind.name, anchorFor: kind)) | \(prose(kind.description)) | \(exampleLink(forStep: kind.name)) |\n"
        }
        out += "\n"
        var done = Set(fileSpecs.map(\.name) + [FormatSpec.step.name])
        for kind in FormatSpec.stepKinds {
            out += "### \(kind.name)\n\n"
            out += "\(prose(kind.description)) Example: \(exampleLink(forStep: kind.name)).\n\n"
            if case .object(let name) = kind.type, let spec = FormatSpec.mapping(named: name) {
                out += body(spec)
                done.insert(name)
                for nested in nestedSpecs(of: spec) where !done.contains(nested.name) {
                    done.insert(nested.name)
                    out += section(nested, level: "####")
                }
            } else {
                out += "Value: \(typeText(kind.type)).\n\n```yaml\n- \(kind.name): \(kind.example)\n```\n\n"
            }
        }
        for spec in FormatSpec.all where !done.contains(spec.name) { out += section(spec) }
        return out
    }

    static func matchers() -> String {
        var out = """
        ## Matchers

        `messages:` of `expect`, `matching:` of `expect_none` and `when:` of a processor hold matchers for the
        message's `key`, `value`, `headers` and `partition`; beside them, `$or:` lists message matchers of which the
        message must match at least one (`when: { $or: [{ value: { status: paid } }, { key: { $regex: '^refund-' } }] }`).

        - A scalar matches by equality of JSON value (`50` matches `50`, not `"50"`); a value that is not JSON is
          matched as text.
        - A mapping matches when every expected key is present and matches; extra keys are allowed (`$exact`
          forbids them). Every expected key must be present whatever its matcher: `$not`, `$ne`, `$in` and
          `$regex` fail on an absent key; write `{ $exists: false }` (or `$or` with it) when absence is fine.
        - Strings compare by Unicode scalars, never by canonical equivalence: a decomposed `é` (e + U+0301) is
          not the precomposed `é`, in keys, values, headers, `$in` and `unique:`; `$len` counts scalars.
        - `value: null` (and `key: null`) match only a message without a value (a tombstone) or without a key.
          A payload that is the JSON text `null` is matched by `value: { $type: "null" }`, which a tombstone does
          not match; `peek` and reports show a tombstone without a `value` and the text `null` as `"value":null`.
        - Several expected messages are assigned to distinct messages by a maximum matching: the order in which
          `messages:` lists them never changes the verdict (only `order:` does).
        - A list matches element by element, same length (`$contains` asks for one matching element).
        - A mapping whose keys all begin with `$` is a set of operators; all must hold. Operators and plain keys
          cannot be mixed in one mapping.
        - A failed match names the path and both sides: `value.data.bet_amount: expected >= 100, got 50`.
        - A `$regex` search has a time budget of 500 ms per message: an expression that backtracks past it
          (`(.*.*)*=` on a long value) is a step error naming the expression, never a pass and never a hang.

        | operator | meaning | example | shown in |
        | --- | --- | --- | --- |

        """
        for op in MatcherOperatorSpec.all {
            out += "| `\(op.name)` | \(prose(op.description)) | `\(cell(op.example))` | \(exampleLink(op.exampleFile)) |\n"
        }
        return out + "\n"
    }

    static func templates() -> String {
        var out = """
        ## Templates

        `{{ expr }}` works inside any string value (topic names, keys, headers, values, matchers). A string that is
        exactly one template keeps the result's type: `"{{ index }}"` is a number. Expressions are:

        - paths into variables: names from `vars:`, `index` (0..count-1 in `produce` with `count`, and in `load`),
          names captured by an earlier `expect` (`capture: { reward: value.reward }`), `in.key`, `in.value...`,
          `in.headers...` inside a processor's `emit`, `env.NAME` (an environment variable), `run.id`,
          `scenario.id` (inside a scenario: unique per scenario attempt in the run, for keys of its own),
          `kafka.bootstrap` (the broker this run uses), `topics.NAME` (the real name of a declared topic),
          `services.NAME.port` and `services.NAME.url` (a service of the suite, see `services:`);
        - brackets in a path: a key that is not a plain name, `in.headers['trace-id']` (written
          `in.headers.trace-id` it reads as `in.headers.trace` minus `id`), a list element, `in.value.items[0]`,
          or any expression, `items[index - 1]`;
        - literals (`1`, `2.5`, `'text'`, `true`, `null`), `+ - * /` and `%` (remainder: `{{ index % 3 }}`),
          comparisons `== != < <= > >=`;
        - function calls:

        | function | result |
        | --- | --- |

        """
        for function in TemplateFunction.allCases {
            out += "| `\(function.signature)` | \(prose(function.summary)) |\n"
        }
        out += """

        A name that cannot be known is an error at `validate` time ("did you mean" included); one that fails at run
        time is a step error naming the path. `--var name=value` on the command line overrides `vars:`.
        An expression nests at most 100 levels deep (parentheses, brackets, signs, and the terms of one long
        `+` or `*` chain): deeper is an error at `validate` time, never a crash.
        Example: \(exampleLink("templates_and_captures.yaml")); processors: \(exampleLink("processors.yaml"));
        services: \(exampleLink("services.yaml")) (and [docs/services.md](services.md)).

        `capture:` paths (and `unique:` on `expect`) are written in the same path syntax, without `{{ }}` and with
        a number or a quoted name in brackets: `value.items[0].id`, `headers['trace-id']`, `key`. They are checked at
        `validate` time: `headers.trace-id` (not one path), `valeu.id` (not a part of the message) or `key.id`
        (the key is text) is an error at its column.


        """
        return out
    }

    static func units() -> String {
        """
        ## Durations, rates and comparisons

        - **Duration**: a number and a unit, no space: `250ms`, `2s`, `1.5s`, `1m`, `1h`.
        - **Rate**: messages per second, `500/s`; where allowed, `unlimited`.
        - **Comparison**: a number means equality (`duplicates: 0`); otherwise a string
          `"<op> <number>[unit]"`, op one of `==` `!=` `<` `<=` `>` `>=`, unit a duration or `/s`:
          `">= 10/s"`, `"< 5s"`, `"!= 0"`. Quote it in YAML (a leading `>` or `<` has a meaning there).
          Latency bounds need a duration unit.
        - Waiting: an `expect` ends as soon as its expectations are met, and `count: ">= N"` when the Nth message
          arrives; only `expect_none`, `exact: true`, `unique:`, an exact `count: N` (equality is also an upper
          bound) and upper bounds (`"< N"`, `"<= N"`) wait out their window, because only waiting proves nothing
          more arrives. A count already past its bound fails at once. Without `within` such an `expect` waits
          until the scenario's timeout (`validate` warns): write `">= N"` when more messages are fine.
        - A reading step (`expect`, `expect_none`, `consumer_group`, a processor's input) that loses its broker
          (connection refused, all brokers down) is an error naming the broker, never a pass.


        """
    }

    static func isolation() -> String {
        """
        ## Isolation

        Every run has a short run id (6 characters). A topic declared with `isolate: true` (the default) is
        created once per scenario as `<name>.<run id>.<n>`, where `<n>` numbers the scenario within the run, so
        scenarios running side by side (`--jobs`) and CI jobs sharing a broker never see each other's messages.
        Steps keep writing `<name>`; the runner maps it. Consumer groups default to `<scenario>.<run id>`.
        Isolated topics are deleted at the end unless `--keep-topics`. `isolate: false` uses the literal name,
        for testing a real service that listens on fixed topics. `{{ run.id }}` reads the run id in templates.


        """
    }

    static func examples() -> String {
        var out = """
        ## Examples

        Each file under [scenarios/examples/](../scenarios/examples/) is small and passes on the embedded broker:
        `kafka-scenario run scenarios/examples`.


        """
        for file in exampleFiles { out += "- \(exampleLink(file))\n" }
        return out
    }

    // MARK: - Pieces

    static func section(_ spec: MappingSpec, level: String = "###") -> String {
        "\(level) \(spec.name)\n\n\(prose(spec.description))\n\n" + body(spec)
    }

    static func body(_ spec: MappingSpec) -> String {
        var out = table(spec.keys)
        for group in spec.exactlyOneOf where spec.name != FormatSpec.step.name {
            out += "\nExactly one of " + group.map { "`\($0)`" }.joined(separator: ", ") + ".\n"
        }
        if spec.acceptsNull { out += "\nMay be written empty (`\(spec.name):` with nothing after it).\n" }
        return out + "\n"
    }

    static func table(_ keys: [KeySpec]) -> String {
        var out = "| key | type | default | meaning | example |\n| --- | --- | --- | --- | --- |\n"
        for key in keys {
            let name = key.required ? "`\(key.name)` (required)" : "`\(key.name)`"
            let def = key.defaultValue.map { "`\(cell($0))`" } ?? "—"
            out += "| \(name) | \(typeText(key.type)) | \(def) | \(prose(key.description)) | `\(cell("\(key.name): \(key.example)"))` |\n"
        }
        return out
    }

    static func nestedSpecs(of spec: MappingSpec) -> [MappingSpec] {
        func names(_ type: ValueType) -> [String] {
            switch type {
            case .object(let name): return [name]
            case .list(let inner), .map(let inner): return names(inner)
            case .oneOf(let types): return types.flatMap(names)
            default: return []
            }
        }
        return spec.keys.flatMap { names($0.type) }.compactMap(FormatSpec.mapping(named:))
    }

    static func typeText(_ type: ValueType) -> String {
        switch type {
        case .object(let name): return "[\(name)](#\(anchor(name))) mapping"
        case .list(.object(let name)): return "list of [\(name)](#\(anchor(name))) mappings"
        case .matcher: return "[matcher](#matchers)"
        default: return prose(type.summary)
        }
    }

    static func link(_ name: String, anchorFor key: KeySpec) -> String { "[`\(name)`](#\(anchor(name)))" }

    static func exampleLink(_ file: String) -> String { "[\(file)](\(examplesPath)\(file))" }

    /// GitHub's heading anchors: lower case, spaces to '-', punctuation other than '-' and '_' dropped.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { c -> Character? in
            if c == " " { return "-" }
            return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
        })
    }

    /// Text for a table cell, also inside a code span.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// Prose for a table cell: `<name>` would otherwise be read as an HTML tag.
    static func prose(_ text: String) -> String {
        cell(text).replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

extension TemplateFunction {
    /// One line for the reference.
    var summary: String {
        switch self {
        case .uuid: return "a random UUID, lower case"
        case .now: return "the time in epoch seconds, fractional"
        case .nowMs: return "the time in epoch milliseconds, an integer"
        case .randomInt: return "a random integer from a to b, both included"
        case .randomString: return "n random letters and digits"
        case .topic: return "the real (isolated) name of a declared topic; for names with dots or dashes, which `topics.NAME` cannot spell"
        }
    }
}
