/// "Did you mean" suggestions for templates and matchers (names, functions, operators, keys).
enum TemplateSpelling {
    /// The candidate closest to `word` by edit distance, when it is close enough to be a plausible typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let target = Array(word.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = max(1, min(3, (target.count + 1) / 3))
        return best.distance <= allowed ? best.name : nil
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
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
