/// A one-line text progress bar: `[#########...........]  45% 450/1000`.
enum ProgressBar {
    static func render(done: Int, total: Int, width: Int = 24) -> String {
        let total = max(total, 0)
        let done = min(max(done, 0), total)
        let fraction = total == 0 ? 1.0 : Double(done) / Double(total)
        let filled = Int((fraction * Double(width)).rounded(.down))
        let percent = String(Int((fraction * 100).rounded(.down)))
        let paddedPercent = String(repeating: " ", count: max(0, 3 - percent.count)) + percent
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + paddedPercent + "% \(done)/\(total)"
    }
}
