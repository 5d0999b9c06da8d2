/// "Did you mean" suggestions for templates and matchers (names, functions, operators, keys).
enum TemplateSpelling {
    static func closest(to word: String, among candidates: [String]) -> String? {
        Suggestion.closest(to: word, in: candidates)
    }

    /// `(did you mean 'x'?)` or nil.
    static func hint(for word: String, among candidates: [String], quotePrefix: String = "") -> String? {
        closest(to: word, among: candidates).map { "did you mean '\(quotePrefix)\($0)'?" }
    }

    /// `a, b, c, ...` limited to `limit` names.
    static func list(_ names: [String], limit: Int = 8) -> String {
        if names.isEmpty { return "nothing" }
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? shown + ", ..." : shown
    }
}
