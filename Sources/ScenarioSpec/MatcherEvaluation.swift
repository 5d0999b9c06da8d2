/// How absence reads on the "got" side.
let matcherAbsentText = "nothing (key absent)"

extension Matcher {
    func collectMismatches(_ actual: JSONValue?, at path: String, context: TemplateContext,
                           into failures: inout [MatchFailure]) {
        switch self {
        case .equals(let template):
            MatcherOperator.eq(template).collect(actual, at: path, context: context, into: &failures)
        case .object(let members, let exact):
            guard let actual else {
                failures.append(MatchFailure(path: path, expected: "an object", actual: matcherAbsentText))
                return
            }
            guard case .object(let actualMembers) = actual else {
                failures.append(MatchFailure(path: path, expected: "an object", actual: MatcherText.typed(actual)))
                return
            }
            for (key, matcher) in members {
                let value = actualMembers.first(where: { ScalarText.equal($0.key, key) })?.value
                matcher.collectMismatches(value, at: MatcherText.child(path, key), context: context, into: &failures)
            }
            if exact {
                for member in actualMembers where !members.contains(where: { ScalarText.equal($0.key, member.key) }) {
                    failures.append(MatchFailure(path: MatcherText.child(path, member.key),
                                                 expected: "no such key ($exact)",
                                                 actual: MatcherText.value(member.value)))
                }
            }
        case .array(let items):
            guard let actual else {
                failures.append(MatchFailure(path: path, expected: "an array of \(items.count)", actual: matcherAbsentText))
                return
            }
            guard case .array(let actualItems) = actual else {
                failures.append(MatchFailure(path: path, expected: "an array of \(items.count)",
                                             actual: MatcherText.typed(actual)))
                return
            }
            if actualItems.count != items.count {
                failures.append(MatchFailure(path: path, expected: MatcherText.elements(items.count),
                                             actual: "\(MatcherText.elements(actualItems.count)): \(MatcherText.value(actual))"))
            }
            for (index, pair) in zip(items, actualItems).enumerated() {
                pair.0.collectMismatches(pair.1, at: "\(path)[\(index)]", context: context, into: &failures)
            }
        case .operators(let operators):
            for op in operators { op.collect(actual, at: path, context: context, into: &failures) }
        }
    }

    /// The expected side in words, with templates rendered: `{"reward":>= 100}`, `matching /^a/`.
    func describe(_ context: TemplateContext) -> String {
        switch self {
        case .equals(let template):
            return MatcherText.expectedValue(template, context)
        case .object(let members, let exact):
            let body = members.map { "\(MatcherText.quoted($0.key)):\($0.matcher.describe(context))" }.joined(separator: ",")
            return (exact ? "exactly " : "") + "{\(body)}"
        case .array(let items):
            return "[" + items.map { $0.describe(context) }.joined(separator: ",") + "]"
        case .operators(let operators):
            return operators.map { $0.describe(context) }.joined(separator: " and ")
        }
    }
}

extension MatcherOperator {
    func collect(_ actual: JSONValue?, at path: String, context: TemplateContext, into failures: inout [MatchFailure]) {
        func fail(_ expected: String, _ got: String) {
            failures.append(MatchFailure(path: path, expected: expected, actual: got))
        }
        switch self {
        case .eq(let template):
            let expected: JSONValue
            do { expected = try template.render(in: context) } catch { return fail(MatcherText.templateFailure(template, error), MatcherText.optional(actual)) }
            guard let actual else { return fail(MatcherText.value(expected), matcherAbsentText) }
            if TemplateJSONEquality.equal(expected, actual) { return }
            let showTypes = TemplateJSONText.typeName(expected) != TemplateJSONText.typeName(actual)
            fail(showTypes ? MatcherText.typed(expected) : MatcherText.value(expected),
                 (showTypes ? MatcherText.typed(actual) : MatcherText.value(actual)) + MatcherText.scalarNote(expected, actual))
        case .ne(let template):
            let expected: JSONValue
            do { expected = try template.render(in: context) } catch { return fail(MatcherText.templateFailure(template, error), MatcherText.optional(actual)) }
            guard let actual else { return fail("!= \(MatcherText.value(expected))", matcherAbsentText) }
            if TemplateJSONEquality.equal(expected, actual) { fail("!= \(MatcherText.value(expected))", MatcherText.value(actual)) }
        case .compare(let op, let template):
            let bound: JSONValue
            do { bound = try template.render(in: context) } catch { return fail(MatcherText.templateFailure(template, error), MatcherText.optional(actual)) }
            let expected = "\(op.rawValue) \(MatcherText.value(bound))"
            guard let actual else { return fail(expected, matcherAbsentText) }
            if let a = actual.doubleValue, let b = bound.doubleValue {
                if !Comparison(op, b).holds(for: a) { fail(expected, MatcherText.value(actual)) }
            } else if let a = actual.stringValue, let b = bound.stringValue {
                if !MatcherText.holds(op, a, b) { fail(expected, MatcherText.value(actual)) }
            } else {
                fail("\(expected) (\(TemplateJSONText.typeName(bound)))", MatcherText.typed(actual))
            }
        case .regex(let regex):
            let expected = "matching /\(regex.pattern)/"
            guard let actual else { return fail(expected, matcherAbsentText) }
            // Strings only: a number or boolean is not its text (keys and header values are text already).
            guard case .string(let text) = actual else { return fail("a string \(expected)", MatcherText.typed(actual)) }
            switch regex.search(text) {
            case .found: break
            case .notFound: fail(expected, MatcherText.value(actual))
            case .overBudget(let limit):
                failures.append(MatchFailure(path: path, expected: "\(expected) (gave up after \(limit))",
                                             actual: MatcherText.value(actual), regexOverBudget: regex.pattern))
            }
        case .type(let type):
            guard let actual else { return fail("a value of type \(type.rawValue)", matcherAbsentText) }
            if !type.accepts(actual) { fail("a value of type \(type.rawValue)", MatcherText.typed(actual)) }
        case .nothing(let part):
            if let actual { fail(part == "value" ? "no value (a tombstone)" : "no \(part)", MatcherText.typed(actual)) }
        case .exists(let present):
            if present, actual == nil { fail("a value (key present)", matcherAbsentText) }
            if !present, let actual { fail("nothing (key absent)", MatcherText.value(actual)) }
        case .length(let matcher):
            guard let actual else { return fail("length \(matcher.describe(context))", matcherAbsentText) }
            let count: Int
            switch actual {
            case .string(let s): count = ScalarText.length(s)
            case .array(let items): count = items.count
            case .object(let members): count = members.count
            default: return fail("length \(matcher.describe(context))", "\(MatcherText.typed(actual)), which has no length")
            }
            if !matcher.matches(.int(Int64(count)), context: context) {
                fail("length \(matcher.describe(context))", "length \(count): \(MatcherText.value(actual))")
            }
        case .contains(let matcher):
            collectContains(matcher, actual, at: path, context: context, into: &failures)
        case .oneOf(let templates):
            var options: [JSONValue] = []
            for template in templates {
                do { options.append(try template.render(in: context)) } catch {
                    return fail(MatcherText.templateFailure(template, error), MatcherText.optional(actual))
                }
            }
            let expected = "one of " + MatcherText.value(.array(options))
            guard let actual else { return fail(expected, matcherAbsentText) }
            if !options.contains(where: { TemplateJSONEquality.equal($0, actual) }) { fail(expected, MatcherText.value(actual)) }
        case .not(let matcher):
            // Every expected key must be present, whatever its matcher (absence: `$exists: false`).
            guard actual != nil else { return fail("a value (key present) \(describe(context))", matcherAbsentText) }
            let inner = matcher.mismatches(actual, at: path, context: context)
            // A search that gave up decided nothing: `$not` must not turn it into a pass.
            let undecided = inner.filter { $0.regexOverBudget != nil }
            if !undecided.isEmpty { return failures.append(contentsOf: undecided) }
            if inner.isEmpty {
                fail("not \(matcher.describe(context))", MatcherText.optional(actual))
            }
        case .any:
            if actual == nil { fail("any value", matcherAbsentText) }
        case .exact(let matcher):
            matcher.collectMismatches(actual, at: path, context: context, into: &failures)
        case .anyOf(let matchers):
            var undecided: [MatchFailure] = []
            for matcher in matchers {
                let inner = matcher.mismatches(actual, at: path, context: context)
                if inner.isEmpty { return }
                undecided += inner.filter { $0.regexOverBudget != nil }
            }
            if !undecided.isEmpty { return failures.append(contentsOf: undecided.prefix(1)) }
            fail(MatcherText.anyOf(matchers.map { $0.describe(context) }), MatcherText.optional(actual))
        }
    }

    private func collectContains(_ matcher: Matcher, _ actual: JSONValue?, at path: String, context: TemplateContext,
                                 into failures: inout [MatchFailure]) {
        func fail(_ expected: String, _ got: String) {
            failures.append(MatchFailure(path: path, expected: expected, actual: got))
        }
        switch actual {
        case .array(let items)?:
            var undecided: [MatchFailure] = []
            for item in items {
                let inner = matcher.mismatches(item, at: path, context: context)
                if inner.isEmpty { return }
                undecided += inner.filter { $0.regexOverBudget != nil }
            }
            if let first = undecided.first { return failures.append(first) }
            fail("an element matching \(matcher.describe(context))", MatcherText.value(.array(items)))
        case .string(let text)?:
            // A plain `$contains: 123` on a string means the text "123".
            guard case .equals(let template) = matcher, let expected = try? template.render(in: context),
                  !expected.isCollection, expected != .null else {
                return fail("a string to search for, such as $contains: \"abc\"", MatcherText.value(.string(text)))
            }
            let part = TemplateJSONText.text(expected)
            if !part.isEmpty, !ScalarText.contains(text, part) {
                fail("containing \(MatcherText.value(.string(part)))", MatcherText.value(.string(text)))
            }
        case let other?:
            fail("an array or string containing \(matcher.describe(context))", MatcherText.typed(other))
        case nil:
            fail("containing \(matcher.describe(context))", matcherAbsentText)
        }
    }

    func describe(_ context: TemplateContext) -> String {
        switch self {
        case .eq(let template): return MatcherText.expectedValue(template, context)
        case .ne(let template): return "!= " + MatcherText.expectedValue(template, context)
        case .compare(let op, let template): return "\(op.rawValue) " + MatcherText.expectedValue(template, context)
        case .regex(let regex): return "matching /\(regex.pattern)/"
        case .type(let type): return "of type \(type.rawValue)"
        case .exists(let present): return present ? "present" : "absent"
        case .nothing(let part): return part == "value" ? "no value (tombstone)" : "no \(part)"
        case .length(let matcher): return "length \(matcher.describe(context))"
        case .contains(let matcher): return "containing \(matcher.describe(context))"
        case .oneOf(let templates): return "one of [" + templates.map { MatcherText.expectedValue($0, context) }.joined(separator: ",") + "]"
        case .not(let matcher): return "not (\(matcher.describe(context)))"
        case .any: return "any value"
        case .exact(let matcher): return matcher.describe(context)
        case .anyOf(let matchers): return "(" + MatcherText.anyOf(matchers.map { $0.describe(context) }) + ")"
        }
    }
}

private extension JSONValue {
    var isCollection: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }
}
