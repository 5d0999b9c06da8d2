/// The matcher operators described for the JSON Schema and the reference docs.
/// A unit test checks this table names exactly `MatcherOperator.names`.
public struct MatcherOperatorSpec: Sendable {
    /// What an operator takes, for the schema.
    public enum Operand: Sendable {
        case anyValue
        case numberOrString
        case pattern
        case typeName
        case boolean
        case onlyTrue
        /// A non-negative integer, or a mapping of `$` operators.
        case length
        case matcher
        case list
        /// A non-empty list of matchers.
        case matchers
    }

    public var name: String
    public var operand: Operand
    public var description: String
    /// A YAML example of the operator in use, as the value of a key.
    public var example: String
    /// The example file (under scenarios/examples/) that shows it passing.
    public var exampleFile: String

    public static let all: [MatcherOperatorSpec] = [
        .init(name: "$eq", operand: .anyValue, description: "Equal to the value (JSON equality: 50 is not \"50\").",
              example: "{ $eq: 50 }", exampleFile: "matchers_comparison.yaml"),
        .init(name: "$ne", operand: .anyValue, description: "Present and not equal to the value.",
              example: "{ $ne: error }", exampleFile: "matchers_comparison.yaml"),
        .init(name: "$gt", operand: .numberOrString, description: "Greater than: numbers by value, strings lexicographically.",
              example: "{ $gt: 0 }", exampleFile: "matchers_comparison.yaml"),
        .init(name: "$gte", operand: .numberOrString, description: "Greater than or equal.",
              example: "{ $gte: 100 }", exampleFile: "matchers_comparison.yaml"),
        .init(name: "$lt", operand: .numberOrString, description: "Less than.",
              example: "{ $lt: 1000 }", exampleFile: "matchers_comparison.yaml"),
        .init(name: "$lte", operand: .numberOrString, description: "Less than or equal.",
              example: "{ $lte: 100 }", exampleFile: "matchers_comparison.yaml"),
        .init(name: "$regex", operand: .pattern,
              description: "The string contains a match of this regular expression (ICU syntax, unanchored); a number, boolean, null, object or list fails (\"expected a string\"). A search that backtracks past its time budget is a step error.",
              example: "{ $regex: '^user_[0-9]+$' }", exampleFile: "matchers_text_and_type.yaml"),
        .init(name: "$type", operand: .typeName,
              description: "The JSON type: " + MatcherType.allCases.map(\.rawValue).joined(separator: ", ") + ".",
              example: "{ $type: number }", exampleFile: "matchers_text_and_type.yaml"),
        .init(name: "$exists", operand: .boolean,
              description: "true: the key is present (any value, null included); false: it is absent.",
              example: "{ $exists: false }", exampleFile: "matchers_text_and_type.yaml"),
        .init(name: "$len", operand: .length,
              description: "Length of a string (Unicode scalars), list (elements) or mapping (keys): a number or operators.",
              example: "{ $len: { $gte: 2 } }", exampleFile: "matchers_collections.yaml"),
        .init(name: "$contains", operand: .matcher,
              description: "A list has an element matching this; a string contains this text.",
              example: "{ $contains: bonus }", exampleFile: "matchers_collections.yaml"),
        .init(name: "$in", operand: .list, description: "Equal to one of the listed values.",
              example: "{ $in: [SLOT_SPIN, BONUS] }", exampleFile: "matchers_collections.yaml"),
        .init(name: "$not", operand: .matcher, description: "The key is present and does not match the inner matcher (absence: $exists: false).",
              example: "{ $not: { $regex: test } }", exampleFile: "matchers_logic.yaml"),
        .init(name: "$any", operand: .onlyTrue, description: "Any value, as long as the key is present (takes true).",
              example: "{ $any: true }", exampleFile: "matchers_logic.yaml"),
        .init(name: "$exact", operand: .matcher,
              description: "The inner matcher, with every mapping inside forbidding keys it does not name.",
              example: "{ $exact: { id: 1, name: a } }", exampleFile: "matchers_logic.yaml"),
        .init(name: "$or", operand: .matchers,
              description: "Matches when any of the listed matchers does; other operators beside it must hold too.",
              example: "{ $or: [paid, { $regex: '^refund' }] }", exampleFile: "matchers_logic.yaml"),
    ]
}
