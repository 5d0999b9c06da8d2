import Foundation

/// A number (equality) or `"<op> <number>[unit]"`: `">= 10/s"`, `"< 5s"`, `"!= 0"`.
public struct Comparison: Equatable, Sendable, CustomStringConvertible {
    public enum Op: String, Sendable, CaseIterable {
        case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    }
    public enum Unit: Equatable, Sendable {
        case none
        case duration   // value in seconds
        case rate       // value per second
    }
    public var op: Op
    public var value: Double
    public var unit: Unit

    public init(_ op: Op, _ value: Double, unit: Unit = .none) {
        self.op = op
        self.value = value
        self.unit = unit
    }

    public static func parse(_ text: String) -> Comparison? {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        var op = Op.eq
        for candidate in [Op.le, .ge, .eq, .ne, .lt, .gt] where t.hasPrefix(candidate.rawValue) {
            op = candidate
            t = t.dropFirst(candidate.rawValue.count)
            break
        }
        let operand = t.trimmingCharacters(in: .whitespaces)
        if let d = Duration.parse(operand) { return Comparison(op, d.seconds, unit: .duration) }
        if let r = Rate.parse(operand) { return Comparison(op, r.perSecond, unit: .rate) }
        guard let v = Double(operand), v.isFinite else { return nil }
        return Comparison(op, v)
    }

    public func holds(for actual: Double) -> Bool {
        switch op {
        case .eq: return actual == value
        case .ne: return actual != value
        case .lt: return actual < value
        case .le: return actual <= value
        case .gt: return actual > value
        case .ge: return actual >= value
        }
    }

    /// True for `<` and `<=`: only waiting out the window can prove such a bound.
    public var isUpperBound: Bool { op == .lt || op == .le }

    /// True for upper bounds and exact values (equality is also an upper bound): on a growing count
    /// only waiting out the window proves them.
    public var isProvenByWaiting: Bool { isUpperBound || op == .eq }

    /// True when a count that can only grow has passed an upper bound (or an exact value) for good.
    public func isExceededForGood(by count: Double) -> Bool {
        switch op {
        case .eq, .le: return count > value
        case .lt: return count >= value
        case .ne, .gt, .ge: return false
        }
    }

    public var formattedValue: String {
        switch unit {
        case .none: return Duration.trim(value)
        case .duration: return Duration(seconds: value).description
        case .rate: return Rate(perSecond: value).description
        }
    }

    public var description: String { op == .eq && unit == .none ? formattedValue : "\(op.rawValue) \(formattedValue)" }
}
