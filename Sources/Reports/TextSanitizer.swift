/// Cleans payload text that ends up in reports: terminal escape sequences never belong in a file.
enum TextSanitizer {
    private static let escape: Unicode.Scalar = "\u{1B}"

    /// Removes ANSI escape sequences (CSI `ESC [ ... final`, OSC `ESC ] ... BEL|ESC \`,
    /// and two-character `ESC x`). A lone trailing ESC is removed too.
    static func stripANSI(_ text: String) -> String {
        guard text.unicodeScalars.contains(escape) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            guard scalar == escape else {
                out.append(scalar)
                i += 1
                continue
            }
            i += 1
            guard i < scalars.count else { break }
            let kind = scalars[i]
            i += 1
            if kind == "[" {
                // Parameters and intermediates, then one final byte in 0x40...0x7E.
                while i < scalars.count, (0x20...0x3F).contains(scalars[i].value) { i += 1 }
                if i < scalars.count, (0x40...0x7E).contains(scalars[i].value) { i += 1 }
            } else if kind == "]" {
                while i < scalars.count {
                    if scalars[i] == "\u{07}" { i += 1; break }
                    if scalars[i] == escape, i + 1 < scalars.count, scalars[i + 1] == "\\" { i += 2; break }
                    i += 1
                }
            }
        }
        return String(out)
    }

    /// Text the console prints that the tool did not write (scenario and step names, messages): escape
    /// sequences removed, and every other control character (a lone ESC, BEL, a carriage return, C1)
    /// shown as U+FFFD, so nothing can move the cursor or repaint the user's terminal. Newlines and tabs stay.
    static func consoleSafe(_ text: String) -> String {
        let stripped = stripANSI(text)
        guard stripped.unicodeScalars.contains(where: isControl) else { return stripped }
        var out = String.UnicodeScalarView()
        for scalar in stripped.unicodeScalars { out.append(isControl(scalar) ? "\u{FFFD}" : scalar) }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v)
    }

    /// One short line: whitespace runs (incl. newlines) collapsed to one space, trimmed,
    /// cut at `limit` characters with an ellipsis.
    static func oneLine(_ text: String, limit: Int = 200) -> String {
        var out = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace || character.isNewline {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(character)
        }
        guard out.count > limit else { return out }
        return String(out.prefix(limit)) + "…"
    }
}
