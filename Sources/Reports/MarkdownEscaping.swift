/// Keeps generated Markdown valid whatever the payload: table cells, inline text and fenced blocks.
enum MarkdownEscaping {
    /// Terminal escapes removed; other control characters (except tab and newline) shown as U+FFFD.
    static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in TextSanitizer.stripANSI(text).unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar.value {
            case 0xA: if !previousWasCR { out.append(scalar) }
            case 0x9: out.append(scalar)
            case 0xD: out.append("\n")
            case 0x0...0x1F, 0x7F, 0xFFFE, 0xFFFF: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Text inside a line (list item, bold name): one line, Markdown and HTML specials (tags, entities) escaped.
    /// `blockStart`: the text begins a block (a list item's text), where `#`, `>`, `+`, `-`, `=` would start syntax.
    static func inline(_ text: String, blockStart: Bool = false) -> String {
        escapeLine(TextSanitizer.oneLine(clean(text), limit: Int.max), blockStart: blockStart)
    }

    /// `inline`'s escaping of text that is already one clean line.
    private static func escapeLine(_ line: String, blockStart: Bool) -> String {
        var out = ""
        var previous: Character? = nil
        let characters = Array(line)
        var skipUntil = 0
        for (index, character) in characters.enumerated() where index >= skipUntil {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if let end = urlEnd(characters, at: index, after: previous) {
                // GitHub's renderers end an autolink at white space only: escapes after a bare URL would join it.
                out += autolink(String(characters[index..<end]))
                skipUntil = end
                previous = characters[end - 1]
                continue
            }
            switch character {
            case "\\", "*", "`", "|", "[", "]":
                out += "\\" + String(character)
            case "<" where next.map { $0.isLetter || $0 == "/" || $0 == "!" || $0 == "?" } ?? false:
                out += "&lt;"
            case "&" where next.map { $0.isLetter || $0 == "#" } ?? false:
                out += "&amp;"
            case let c where blockStart && previous == nil && "#>+-=".contains(c):
                out += "\\" + String(character)
            default:
                out.append(character)
            }
            previous = character
        }
        return out
    }

    /// Where a URL starting at `index` ends (exclusive), when one starts there: `http://`, `https://` or `www.` after
    /// white space or an opening bracket or quote, up to white space, `<`, `>` or `|` (a table cell's end), less
    /// trailing punctuation (as GFM's extended autolinks do).
    private static func urlEnd(_ characters: [Character], at index: Int, after previous: Character?) -> Int? {
        guard previous.map({ $0.isWhitespace || "([{\"'".contains($0) }) ?? true else { return nil }
        let rest = String(characters[index..<min(characters.count, index + 8)]).lowercased()
        let prefix = ["https://", "http://", "www."].first { rest.hasPrefix($0) }
        guard let prefix else { return nil }
        var end = index
        while end < characters.count, !characters[end].isWhitespace, !"<>|".contains(characters[end]) { end += 1 }
        while end > index + prefix.count, ".,:;!?'\"*_~".contains(characters[end - 1])
                || (characters[end - 1] == ")" && balance(characters[index..<end]) < 0) {
            end -= 1
        }
        return end > index + prefix.count ? end : nil
    }

    private static func balance(_ characters: ArraySlice<Character>) -> Int {
        characters.reduce(0) { $0 + ($1 == "(" ? 1 : $1 == ")" ? -1 : 0) }
    }

    /// A URL as an autolink in angle brackets, where no escape applies (it stays a link, its text literal); a `www.`
    /// address, which angle brackets would not make a link, as a code span.
    private static func autolink(_ url: String) -> String {
        url.lowercased().hasPrefix("www.") ? code(url) : "<" + url + ">"
    }

    /// User prose (a description): like `inline`, but inline code spans (`` `like this` ``) stay code spans.
    /// Only a backtick run closed by a run of the same length is a span (CommonMark's rule); its content is
    /// re-emitted through `code`, so nothing inside can break out; any other backtick is escaped.
    static func userText(_ text: String, blockStart: Bool = false) -> String {
        let characters = Array(TextSanitizer.oneLine(clean(text), limit: Int.max))
        var out = "", plain = ""
        func flush() {
            if !plain.isEmpty { out += escapeLine(plain, blockStart: blockStart && out.isEmpty) }
            plain = ""
        }
        func run(at start: Int) -> Int {
            var end = start
            while end < characters.count, characters[end] == "`" { end += 1 }
            return end - start
        }
        var index = 0
        while index < characters.count {
            guard characters[index] == "`" else {
                plain.append(characters[index])
                index += 1
                continue
            }
            let opening = run(at: index)
            var search = index + opening
            var closing: Int? = nil
            while search < characters.count {
                if characters[search] == "`" {
                    let length = run(at: search)
                    if length == opening { closing = search; break }
                    search += length
                } else {
                    search += 1
                }
            }
            guard let closing else {
                plain += String(repeating: "`", count: opening)
                index += opening
                continue
            }
            flush()
            var content = String(characters[(index + opening)..<closing])
            if content.count >= 2, content.hasPrefix(" "), content.hasSuffix(" "), content.contains(where: { $0 != " " }) {
                content = String(content.dropFirst().dropLast())
            }
            out += code(content)
            index = closing + opening
        }
        flush()
        return out
    }

    /// A table cell: inline escaping, with the original line breaks kept as `<br>`.
    static func cell(_ text: String) -> String {
        clean(text).split(separator: "\n", omittingEmptySubsequences: true)
            .map { inline(String($0)) }
            .joined(separator: "<br>")
    }

    /// A fenced code block whose fence is longer than any backtick run inside, so nothing can close it early.
    static func fenced(_ content: String, info: String = "") -> String {
        let body = clean(content)
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: body) + 1))
        let trimmed = body.hasSuffix("\n") ? String(body.dropLast()) : body
        return "\(fence)\(info)\n\(trimmed)\n\(fence)"
    }

    /// An inline code span, delimited so that inner backticks survive.
    static func code(_ text: String) -> String {
        let line = TextSanitizer.oneLine(clean(text), limit: Int.max)
        let delimiter = String(repeating: "`", count: longestBacktickRun(in: line) + 1)
        let padding = line.hasPrefix("`") || line.hasSuffix("`") ? " " : ""
        return delimiter + padding + line + padding + delimiter
    }

    private static func longestBacktickRun(in text: String) -> Int {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
