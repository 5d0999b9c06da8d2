/// Makes any Swift string safe inside an XML 1.0 document.
enum XMLEscaping {
    static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// Whether XML 1.0 allows the scalar at all (even a character reference cannot carry the others).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Text content: ANSI sequences stripped, disallowed characters replaced by U+FFFD,
    /// CR/CRLF normalized to LF, and `& < > " '` escaped.
    static func text(_ raw: String) -> String {
        escape(TextSanitizer.stripANSI(raw), inAttribute: false)
    }

    /// Attribute value: as text, with tab and newline kept as references so parsers do not fold them.
    static func attribute(_ raw: String) -> String {
        escape(TextSanitizer.stripANSI(raw), inAttribute: true)
    }

    private static func escape(_ text: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += inAttribute ? "&#10;" : "\n"
            case "\n":
                if previousWasCR { continue }
                out += inAttribute ? "&#10;" : "\n"
            case "\t": out += inAttribute ? "&#9;" : "\t"
            default: out.unicodeScalars.append(isAllowed(scalar) ? scalar : replacement)
            }
        }
        return out
    }
}
