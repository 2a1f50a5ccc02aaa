/// Levenshtein distance, for "did you mean …" hints: an unknown field or heading in evidence, a mistyped subcommand.
public enum EditDistance {
    /// Insertions, deletions and substitutions of characters needed to turn `a` into `b`.
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }

    /// The candidate closest to `word` within `limit` edits (the first of equals), or nil when none is that close.
    public static func nearest(_ word: String, in candidates: [String], within limit: Int, ignoringCase: Bool = false) -> String? {
        let key = ignoringCase ? word.lowercased() : word
        var best: (candidate: String, distance: Int)?
        for c in candidates {
            let d = between(key, ignoringCase ? c.lowercased() : c)
            if d <= limit && d < (best?.distance ?? Int.max) { best = (c, d) }
        }
        return best?.candidate
    }
}
