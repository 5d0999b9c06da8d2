import ScenarioResults

/// Symbols, words and (optional) ANSI colours of the console output.
struct ConsoleStyle {
    var useColor: Bool

    enum Color: String {
        case green = "32", red = "31", yellow = "33", dim = "2", bold = "1"
    }

    func paint(_ text: String, _ color: Color) -> String {
        useColor ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// `✔ PASS `, `✘ FAIL `, `✘ ERROR`, `○ SKIP `: fixed width so names line up.
    func label(_ status: Status) -> String {
        switch status {
        case .passed: return paint("✔ PASS ", .green)
        case .failed: return paint("✘ FAIL ", .red)
        case .error: return paint("✘ ERROR", .red)
        case .skipped: return paint("○ SKIP ", .yellow)
        }
    }

    /// `expect_failure` met: it counts as passed, but reads differently from a plain PASS.
    var expectedFailureLabel: String { paint("✔ XFAIL", .green) }

    static func seconds(_ value: Double) -> String { FixedPoint.format(value, decimals: 2) + "s" }
}
