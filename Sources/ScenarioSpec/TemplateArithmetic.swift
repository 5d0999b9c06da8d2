/// Operator semantics: int arithmetic stays int (falling back to double on overflow), `/` yields a
/// double unless the division is exact, `+` with a string concatenates, comparisons yield booleans.
enum TemplateArithmetic {
    static func apply(_ op: TemplateBinaryOperator, _ lhs: JSONValue, _ rhs: JSONValue,
                      source: String) throws -> JSONValue {
        switch op {
        case .add:
            if lhs.stringValue != nil || rhs.stringValue != nil {
                return .string(TemplateJSONText.text(lhs) + TemplateJSONText.text(rhs))
            }
            return try numeric(op, lhs, rhs, source: source, int: { $0.addingReportingOverflow($1) }, double: +)
        case .subtract:
            return try numeric(op, lhs, rhs, source: source, int: { $0.subtractingReportingOverflow($1) }, double: -)
        case .multiply:
            return try numeric(op, lhs, rhs, source: source, int: { $0.multipliedReportingOverflow(by: $1) }, double: *)
        case .divide:
            try checkNonZero(rhs, source: source)
            if case .int(let a) = lhs, case .int(let b) = rhs {
                let (quotient, overflow) = a.dividedReportingOverflow(by: b)
                if !overflow, quotient.multipliedReportingOverflow(by: b) == (a, false) { return .int(quotient) }
            }
            return try numeric(op, lhs, rhs, source: source, int: { _, _ in (0, true) }, double: /)
        case .remainder:
            try checkNonZero(rhs, source: source)
            return try numeric(op, lhs, rhs, source: source, int: { $0.remainderReportingOverflow(dividingBy: $1) },
                               double: { $0.truncatingRemainder(dividingBy: $1) })
        case .equal:
            return .bool(TemplateJSONEquality.equal(lhs, rhs))
        case .notEqual:
            return .bool(!TemplateJSONEquality.equal(lhs, rhs))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .bool(try compare(op, lhs, rhs, source: source))
        }
    }

    static func negate(_ value: JSONValue, source: String) throws -> JSONValue {
        switch value {
        case .int(let i) where i != .min: return .int(-i)
        case .int(let i): return .double(-Double(i))
        case .double(let d): return .double(-d)
        default:
            throw TemplateError("cannot negate \(operand(value)) in \(source)")
        }
    }

    private static func numeric(_ op: TemplateBinaryOperator, _ lhs: JSONValue, _ rhs: JSONValue, source: String,
                                int: (Int64, Int64) -> (partialValue: Int64, overflow: Bool),
                                double: (Double, Double) -> Double) throws -> JSONValue {
        if case .int(let a) = lhs, case .int(let b) = rhs {
            let result = int(a, b)
            if !result.overflow { return .int(result.partialValue) }
        }
        guard let a = lhs.doubleValue, let b = rhs.doubleValue else {
            throw TemplateError("cannot apply '\(op.rawValue)' to \(operand(lhs)) and \(operand(rhs)) in \(source)")
        }
        return .double(double(a, b))
    }

    private static func checkNonZero(_ divisor: JSONValue, source: String) throws {
        if divisor.doubleValue == 0 { throw TemplateError("division by zero in \(source)") }
    }

    private static func compare(_ op: TemplateBinaryOperator, _ lhs: JSONValue, _ rhs: JSONValue,
                                source: String) throws -> Bool {
        if let a = lhs.doubleValue, let b = rhs.doubleValue { return holds(op, a < b, a == b) }
        if let a = lhs.stringValue, let b = rhs.stringValue { return holds(op, ScalarText.less(a, b), ScalarText.equal(a, b)) }
        throw TemplateError("cannot compare \(operand(lhs)) and \(operand(rhs)) with '\(op.rawValue)' in \(source)")
    }

    private static func holds(_ op: TemplateBinaryOperator, _ less: Bool, _ equal: Bool) -> Bool {
        switch op {
        case .less: return less
        case .lessOrEqual: return less || equal
        case .greater: return !less && !equal
        default: return !less
        }
    }

    private static func operand(_ value: JSONValue) -> String {
        "\(TemplateJSONText.display(value, limit: 40)) (\(TemplateJSONText.typeName(value)))"
    }
}
