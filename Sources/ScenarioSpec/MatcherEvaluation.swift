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
                let value = actualMembers.first(where: { $0.key == key })?.value
                matcher.collectMismatches(value, at: MatcherText.child(path, key), context: context, into: &failures)
            }
            if exact {
                for member in actualMembers where !members.contains(where: { $0.key == member.key }) {
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
                 showTypes ? MatcherText.typed(actual) : MatcherText.value(actual))
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
            switch actual {
            case .string(let text): if !regex.matches(text) { fail(expected, MatcherText.value(actual)) }
            case .int, .double, .bool:
                if !regex.matches(TemplateJSONText.render(actual)) { fail(expected, MatcherText.typed(actual)) }
            default: fail("a string \(expected)", MatcherText.typed(actual))
            }
        case .type(let type):
            guard let actual else { return fail("a value of type \(type.rawValue)", matcherAbsentText) }
            if !type.accepts(actual) { fail("a value of type \(type.rawValue)", MatcherText.typed(actual)) }
        case .exists(let present):
            if present, actual == nil { fail("a value (key present)", matcherAbsentText) }
            if !present, let actual { fail("nothing (key absent)", MatcherText.value(actual)) }
        case .length(let matcher):
            guard let actual else { return fail("length \(matcher.describe(context))", matcherAbsentText) }
            let count: Int
            switch actual {
            case .string(let s): count = s.count
            case .array(let items): count = items.count
            case .object(let members): count = members.count
            default: return fail("length \(matcher.describe(context))", "\(MatcherText.typed(actual)), which has no length")
            }
            if !matcher.matches(.int(Int64(count)), context: context) {
                fail("length \(matcher.describe(context))", "length \(count): \(MatcherText.value(actual))")
            }
        case .contains(let matcher):
            collectContains(matcher, actual, fail: fail, context: context)
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
            if matcher.mismatches(actual, at: path, context: context).isEmpty {
                fail("not \(matcher.describe(context))", MatcherText.optional(actual))
            }
        case .any:
            if actual == nil { fail("any value", matcherAbsentText) }
        case .exact(let matcher):
            matcher.collectMismatches(actual, at: path, context: context, into: &failures)
        case .anyOf(let matchers):
            if !matchers.contains(where: { $0.matches(actual, context: context) }) {
                fail(MatcherText.anyOf(matchers.map { $0.describe(context) }), MatcherText.optional(actual))
            }
        }
    }

    private func collectContains(_ matcher: Matcher, _ actual: JSONValue?, fail: (String, String) -> Void,
                                 context: TemplateContext) {
        switch actual {
        case .array(let items)?:
            if !items.contains(where: { matcher.matches($0, context: context) }) {
                fail("an element matching \(matcher.describe(context))", MatcherText.value(.array(items)))
            }
        case .string(let text)?:
            // A plain `$contains: 123` on a string means the text "123".
            guard case .equals(let template) = matcher, let expected = try? template.render(in: context),
                  !expected.isCollection, expected != .null else {
                return fail("a string to search for, such as $contains: \"abc\"", MatcherText.value(.string(text)))
            }
            let part = TemplateJSONText.text(expected)
            if !part.isEmpty, !text.contains(part) {
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
