import XCTest
import ScenarioSpec
@testable import SchemaCodecs

/// Each keyword of the subset: a value that passes and one that must fail, with the path named.
final class JSONSchemaTests: XCTestCase {
    func json(_ text: String) throws -> JSONValue { try JSONText.parse(text) }

    /// nil when `value` fits `schema`, else the first error's text.
    func check(_ schema: String, _ value: String, file: StaticString = #filePath, line: UInt = #line) throws -> String? {
        try JSONSchema(text: schema).check(try json(value))?.description
    }

    func testType() throws {
        XCTAssertNil(try check(#"{"type":"integer"}"#, "3"))
        XCTAssertNil(try check(#"{"type":"integer"}"#, "3.0"))
        XCTAssertEqual(try check(#"{"type":"integer"}"#, "3.5"), "expected integer, got number 3.5")
        XCTAssertNil(try check(#"{"type":["string","null"]}"#, "null"))
        XCTAssertEqual(try check(#"{"type":["string","null"]}"#, "true"), "expected string or null, got boolean true")
        XCTAssertNil(try check(#"{"type":"number"}"#, "1"))
        XCTAssertEqual(try check(#"{"type":"object"}"#, "[]"), "expected object, got array")
    }

    func testPropertiesRequiredAdditionalProperties() throws {
        let order = #"""
        {"type":"object","required":["id","lines"],"additionalProperties":false,
         "properties":{"id":{"type":"string"},"lines":{"type":"array","items":{"type":"object","required":["sku"],
           "properties":{"sku":{"type":"string"},"qty":{"type":"integer","minimum":1}}}}}}
        """#
        XCTAssertNil(try check(order, #"{"id":"o-1","lines":[{"sku":"a","qty":2}]}"#))
        XCTAssertEqual(try check(order, #"{"lines":[]}"#), "missing field id")
        XCTAssertEqual(try check(order, #"{"id":"o-1","lines":[{"qty":2}]}"#), "lines[0]: missing field lines[0].sku")
        XCTAssertEqual(try check(order, #"{"id":"o-1","lines":[{"sku":"a","qty":0}]}"#), "lines[0].qty: 0 is not at least 1 (minimum)")
        XCTAssertEqual(try check(order, #"{"id":"o-1","lines":[],"note":"x"}"#), "unknown field note (declared: id, lines)")
        XCTAssertEqual(try check(order, #"{"id":7,"lines":[]}"#), "id: expected string, got int 7")
        XCTAssertNil(try check(#"{"additionalProperties":{"type":"integer"}}"#, #"{"a":1}"#))
        XCTAssertEqual(try check(#"{"additionalProperties":{"type":"integer"}}"#, #"{"a":"x"}"#), #"a: expected integer, got string "x""#)
    }

    func testEnumAndConst() throws {
        XCTAssertNil(try check(#"{"enum":["A","B",1]}"#, "1.0"))
        XCTAssertEqual(try check(#"{"enum":["A","B"]}"#, #""C""#), #"string "C" is not one of "A", "B""#)
        XCTAssertNil(try check(#"{"const":{"a":1,"b":2}}"#, #"{"b":2,"a":1}"#))
        XCTAssertEqual(try check(#"{"const":"v1"}"#, #""v2""#), #"expected "v1", got string "v2""#)
    }

    func testNumericBounds() throws {
        XCTAssertNil(try check(#"{"minimum":1,"maximum":3}"#, "3"))
        XCTAssertEqual(try check(#"{"maximum":3}"#, "3.5"), "3.5 is not at most 3 (maximum)")
        XCTAssertNil(try check(#"{"exclusiveMinimum":0}"#, "0.1"))
        XCTAssertEqual(try check(#"{"exclusiveMinimum":0}"#, "0"), "0 is not greater than 0 (exclusiveMinimum)")
        XCTAssertEqual(try check(#"{"exclusiveMaximum":10}"#, "10"), "10 is not less than 10 (exclusiveMaximum)")
    }

    func testStringLengthAndPattern() throws {
        XCTAssertNil(try check(#"{"minLength":2,"maxLength":3}"#, #""☃☃""#))
        XCTAssertEqual(try check(#"{"minLength":2}"#, #""a""#), "length 1 is shorter than minLength 2")
        XCTAssertEqual(try check(#"{"maxLength":2}"#, #""abc""#), "length 3 is longer than maxLength 2")
        XCTAssertNil(try check(#"{"pattern":"^u-[0-9]+$"}"#, #""u-12""#))
        XCTAssertEqual(try check(#"{"pattern":"^u-[0-9]+$"}"#, #""x-12""#), #"string "x-12" does not match pattern ^u-[0-9]+$"#)
        XCTAssertNil(try check(#"{"pattern":"b"}"#, #""abc""#), "not anchored")
    }

    func testArraysItemsAndCounts() throws {
        XCTAssertNil(try check(#"{"items":{"type":"integer"},"minItems":1,"maxItems":2}"#, "[1,2]"))
        XCTAssertEqual(try check(#"{"items":{"type":"integer"}}"#, #"[1,"x"]"#), #"[1]: expected integer, got string "x""#)
        XCTAssertEqual(try check(#"{"minItems":1}"#, "[]"), "0 items, minItems is 1")
        XCTAssertEqual(try check(#"{"maxItems":1}"#, "[1,2]"), "2 items, maxItems is 1")
    }

    func testUniqueItemsPropertyCountsMultipleOf() throws {
        XCTAssertNil(try check(#"{"uniqueItems":true}"#, "[1,2]"))
        XCTAssertEqual(try check(#"{"uniqueItems":true}"#, "[1,2,1.0]"), "items 0 and 2 are equal (uniqueItems)")
        XCTAssertNil(try check(#"{"minProperties":1,"maxProperties":1}"#, #"{"a":1}"#))
        XCTAssertEqual(try check(#"{"minProperties":1}"#, "{}"), "0 fields, minProperties is 1")
        XCTAssertEqual(try check(#"{"maxProperties":1}"#, #"{"a":1,"b":2}"#), "2 fields, maxProperties is 1")
        XCTAssertNil(try check(#"{"multipleOf":5}"#, "15"))
        XCTAssertNil(try check(#"{"multipleOf":0.01}"#, "12.34"))
        XCTAssertEqual(try check(#"{"multipleOf":5}"#, "7"), "7 is not a multiple of 5")
        XCTAssertEqual(try check(#"{"multipleOf":0.01}"#, "1.234"), "1.234 is not a multiple of 0.01")
    }

    func testCombinators() throws {
        XCTAssertNil(try check(#"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#, "1"))
        XCTAssertEqual(try check(#"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#, "true"),
                       "boolean true fits none of the anyOf schemas (the first says: expected string, got boolean true)")
        XCTAssertNil(try check(#"{"oneOf":[{"type":"integer"},{"type":"string"}]}"#, "1"))
        XCTAssertEqual(try check(#"{"oneOf":[{"type":"integer"},{"type":"number"}]}"#, "1"),
                       "int 1 fits 2 of the oneOf schemas; exactly one must fit")
        XCTAssertNil(try check(#"{"allOf":[{"minimum":1},{"maximum":3}]}"#, "2"))
        XCTAssertEqual(try check(#"{"allOf":[{"minimum":1},{"maximum":3}]}"#, "4"), "4 is not at most 3 (maximum)")
        XCTAssertNil(try check(#"{"not":{"type":"null"}}"#, "1"))
        XCTAssertEqual(try check(#"{"not":{"type":"null"}}"#, "null"), "null fits the schema under not")
        XCTAssertEqual(try check("false", "1"), "no value is allowed here (schema false)")
    }

    func testLocalReferences() throws {
        let schema = ##"""
        {"$defs":{"money":{"type":"object","required":["amount"],"properties":{"amount":{"type":"integer"}}}},
         "definitions":{"id":{"type":"string"}},
         "properties":{"reward":{"$ref":"#/$defs/money"},"user":{"$ref":"#/definitions/id"}}}
        """##
        XCTAssertNil(try check(schema, #"{"reward":{"amount":5},"user":"u"}"#))
        XCTAssertEqual(try check(schema, #"{"reward":{"amount":"5"}}"#), #"reward.amount: expected integer, got string "5""#)
        XCTAssertEqual(try check(schema, #"{"user":1}"#), "user: expected string, got int 1")
        let tree = ##"{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#"}}},"additionalProperties":false}"##
        XCTAssertNil(try check(tree, #"{"children":[{"children":[]}]}"#))
        XCTAssertEqual(try check(tree, #"{"children":[{"kids":[]}]}"#), "children[0]: unknown field children[0].kids (declared: children)")
    }

    func testUnsupportedKeywordsAndBadReferencesAreErrorsWhenRead() {
        XCTAssertThrowsError(try JSONSchema(text: #"{"properties":{"a":{"patternProperties":{}}},"if":{}}"#)) { error in
            XCTAssertEqual("\(error)", "unsupported JSON Schema keyword patternProperties at #/properties/a; "
                           + "unsupported JSON Schema keyword if at #")
        }
        XCTAssertThrowsError(try JSONSchema(text: ##"{"$ref":"other.json#/x"}"##)) { error in
            XCTAssertEqual("\(error)", "#/$ref: $ref other.json#/x is not a local #/definitions/… or #/$defs/… schema of this document")
        }
        XCTAssertThrowsError(try JSONSchema(text: #"{"items":[{"type":"string"}]}"#))
        XCTAssertThrowsError(try JSONSchema(text: #"{"pattern":"("}"#))
        XCTAssertThrowsError(try JSONSchema(text: #"{"type":"int"}"#)) { XCTAssertEqual("\($0)", ##"#/type: unknown type "int""##) }
        // Annotations are not constraints and are accepted.
        XCTAssertNoThrow(try JSONSchema(text: #"{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"t","format":"email"}"#))
    }

    func testEncodeChecksAndDecodeParses() throws {
        let schema = try JSONSchema(text: #"{"type":"object","required":["a"]}"#)
        XCTAssertEqual(try schema.encode(.object([JSONMember("a", .int(1)), JSONMember("b", .string("é"))])), Array(#"{"a":1,"b":"é"}"#.utf8))
        XCTAssertThrowsError(try schema.encode(.object([]))) { XCTAssertEqual("\($0)", "missing field a") }
        XCTAssertEqual(try schema.decode(Array(#"{"a":[1,2.5]}"#.utf8)), .object([JSONMember("a", .array([.int(1), .double(2.5)]))]))
        XCTAssertThrowsError(try schema.decode(Array(#"{"b":1}"#.utf8))) {
            XCTAssertEqual("\($0)", "the value does not fit its JSON Schema: missing field a")
        }
        XCTAssertThrowsError(try schema.decode(Array("{".utf8)))
    }
}
