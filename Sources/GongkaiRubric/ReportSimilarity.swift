import Foundation

/// What every annual report shares and 雷同 must not count: the national format's fixed wording, as our own
/// annual-report template words it (its headings and sentences between the Mustache tags), and the statistics tables'
/// labels. Held as Han-only phrases and as the shingles of those phrases.
public struct ReportTemplate: Sendable {
    /// Han-only phrases, longest first: cut out of a report's lines before it is shingled.
    public var phrases: [String]
    /// The shingles of the phrases: a sentence that quotes the template in part (the 条例's title) is not prose.
    var shingles: Set<UInt64>
    /// The phrases as scalars, by their first scalar, longest first: a line is scanned once, not once per phrase.
    var byFirst: [Unicode.Scalar: [[Unicode.Scalar]]]

    public init(phrases: [String]) {
        let han = Set(phrases.map(ReportSimilarity.han).filter { $0.count >= 2 })
        self.phrases = han.sorted { ($0.count, $1) > ($1.count, $0) }
        shingles = Set(self.phrases.flatMap { ReportSimilarity.hashes(Array($0.unicodeScalars)) })
        byFirst = Dictionary(grouping: self.phrases.map { Array($0.unicodeScalars) }, by: { $0[0] })
    }

    /// This template with more phrases every report of a plan shares (the plan's tasks, as a draft lists them).
    public func adding(_ more: [String]) -> ReportTemplate { ReportTemplate(phrases: phrases + more) }

    /// A template with nothing in it (tests, and a rubric scored without the Rules folder's template).
    public static let empty = ReportTemplate(phrases: [])

    /// The literal text of a Mustache template: what lies between its tags, line by line (comments dropped).
    public static func literalText(ofMustache text: String) -> [String] {
        let noComments = text.replacingOccurrences(of: "\\{\\{![\\s\\S]*?\\}\\}", with: "\n", options: .regularExpression)
        let noTags = noComments.replacingOccurrences(of: "\\{\\{[\\s\\S]*?\\}\\}", with: "\n", options: .regularExpression)
        return noTags.components(separatedBy: .newlines)
    }
}

/// 雷同 measured: how much of one annual report's own prose also appears in another's.
///
/// A report is read as one run of text (paragraphs, table rows and a PDF's broken lines joined). It keeps only its Han
/// characters, so numbers, dates, addresses in Latin letters, punctuation and layout never count; the template's
/// phrases are cut out (the text splits there). What is left is shingled: every run of `shingleLength` consecutive characters, a shingle the
/// template itself contains excluded. The share is the part of this report's distinct shingles that the other report
/// has too (containment, Broder 1997): 1 for a copy, 0 for reports that share no 13-character run.
public enum ReportSimilarity {
    /// 13 characters: on real reports, stock phrases shared by unrelated agencies stay under 7% at this length,
    /// while a report copied from last year's keeps three quarters (README, "雷同").
    public static let shingleLength = 13
    /// Fewer distinct shingles than this (about 100 characters of prose of its own) is too little to judge.
    public static let minimumShingles = 100
    /// The passages shown, longest first.
    public static let passagesShown = 3
    /// A fingerprint keeps at most this many shingle hashes (a roll-up's memory per department).
    public static let fingerprintCap = 1024
    /// The characters of a report measured: its first 200,000 (a real report has 10,000–30,000; a 10 MB one took
    /// 300 MB and 18 s whole).
    public static let maxCharacters = 200_000
    /// A passage is shown with at most this many characters.
    public static let passageShown = 80

    /// One report's prose: its lines after the template is cut out, as Han characters with where each stood in its line.
    public struct Prose: Sendable {
        struct Segment: Sendable {
            var scalars: [Unicode.Scalar]
            /// The text's characters, to show a passage with its punctuation.
            var line: [Character]
            /// For each scalar, its character's index in `line`.
            var positions: [Int]
        }
        var segments: [Segment]
        /// The distinct shingle hashes that are not the template's.
        public var shingles: Set<UInt64>

        /// The whole text is one run: a PDF's text layer breaks lines where the page does, and a shingle across such a
        /// break is as much the report's as any other (paragraphs and table rows join too; their labels are cut out).
        public init(_ text: String, template: ReportTemplate) {
            let chars = Array(text.prefix(ReportSimilarity.maxCharacters))
            var scalars: [Unicode.Scalar] = []
            var positions: [Int] = []
            for (i, c) in chars.enumerated() {
                for s in c.unicodeScalars where ReportSimilarity.isHan(s) {
                    scalars.append(s)
                    positions.append(i)
                }
            }
            segments = ReportSimilarity.pieces(scalars, cutting: template).filter { $0.1 - $0.0 >= ReportSimilarity.shingleLength }.map { start, end in
                Segment(scalars: Array(scalars[start..<end]), line: chars, positions: Array(positions[start..<end]))
            }
            shingles = Set(segments.flatMap { ReportSimilarity.hashes($0.scalars) }).subtracting(template.shingles)
        }
    }

    /// A passage this report shares with the other, as it stands in this report, and its length in Han characters.
    public struct Passage: Sendable, Equatable {
        public var text: String
        public var length: Int
    }

    public struct Result: Sendable {
        /// Shared shingles over this report's shingles, 0…1.
        public var share: Double
        public var shingles: Int
        public var sharedShingles: Int
        /// The longest shared passages, longest first (at most `passagesShown`).
        public var passages: [Passage]
        /// Too little prose of its own to judge (`minimumShingles`).
        public var tooShort: Bool { shingles < ReportSimilarity.minimumShingles }
    }

    /// How much of `text`'s prose the `other` report has too.
    public static func compare(_ text: String, with other: String, template: ReportTemplate) -> Result {
        compare(Prose(text, template: template), with: Prose(other, template: template).shingles)
    }

    public static func compare(_ prose: Prose, with other: Set<UInt64>) -> Result {
        let shared = prose.shingles.intersection(other)
        let share = prose.shingles.isEmpty ? 0 : Double(shared.count) / Double(prose.shingles.count)
        return Result(share: share, shingles: prose.shingles.count, sharedShingles: shared.count, passages: passages(prose, shared: shared))
    }

    /// Runs of characters covered by shared shingles, shown with the line's own punctuation, longest first.
    static func passages(_ prose: Prose, shared: Set<UInt64>) -> [Passage] {
        guard !shared.isEmpty else { return [] }
        var found: [Passage] = []
        for seg in prose.segments {
            let hashes = ReportSimilarity.hashes(seg.scalars)
            var covered = [Bool](repeating: false, count: seg.scalars.count)
            for (i, h) in hashes.enumerated() where shared.contains(h) {
                for k in i..<(i + shingleLength) { covered[k] = true }
            }
            var i = 0
            while i < covered.count {
                guard covered[i] else {
                    i += 1
                    continue
                }
                var j = i
                while j < covered.count && covered[j] { j += 1 }
                // Only its Chinese text and punctuation, and no more than `passageShown` characters: a passage is evidence
                // of copying, not a place to reprint what a report quotes (numbers, a name's telephone, an address).
                let shown = seg.line[seg.positions[i]...seg.positions[j - 1]].filter(isShown)
                let text = shown.count > passageShown ? String(shown.prefix(passageShown)) + "…" : String(shown)
                found.append(Passage(text: text, length: j - i))
                i = j
            }
        }
        var seen = Set<String>()
        return found.sorted { ($0.length, $1.text) > ($1.length, $0.text) }.filter { seen.insert($0.text).inserted }.prefix(passagesShown).map { $0 }
    }

    /// A passage's characters shown: Han, CJK and full-width punctuation; never a digit, a Latin letter or a line end.
    static func isShown(_ c: Character) -> Bool {
        c.unicodeScalars.allSatisfy { s in
            isHan(s) || (0x3000...0x303F).contains(s.value) || (0xFF01...0xFF0F).contains(s.value) || (0xFF1A...0xFF20).contains(s.value)
        }
    }

    /// Han ideographs (CJK Unified Ideographs and extension A).
    static func isHan(_ s: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) }

    static func han(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text.unicodeScalars.filter(isHan))
        return String(out)
    }

    /// The ranges of `scalars` left when every occurrence of the template's phrases is cut out.
    static func pieces(_ scalars: [Unicode.Scalar], cutting template: ReportTemplate) -> [(Int, Int)] {
        var cut = [Bool](repeating: false, count: scalars.count)
        for i in scalars.indices {
            for p in template.byFirst[scalars[i]] ?? [] where i + p.count <= scalars.count && scalars[i..<(i + p.count)].elementsEqual(p) {
                for k in i..<(i + p.count) { cut[k] = true }
            }
        }
        var out: [(Int, Int)] = []
        var start: Int?
        for i in 0...scalars.count {
            if i < scalars.count && !cut[i] {
                if start == nil { start = i }
            } else if let s = start {
                out.append((s, i))
                start = nil
            }
        }
        return out
    }

    /// FNV-1a of each run of `shingleLength` scalars: stable across runs and machines (Swift's `Hasher` is seeded).
    static func hashes(_ scalars: [Unicode.Scalar]) -> [UInt64] {
        let n = shingleLength
        guard scalars.count >= n else { return [] }
        return (0...(scalars.count - n)).map { start in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for s in scalars[start..<(start + n)] {
                h = (h ^ UInt64(s.value)) &* 0x100_0000_01b3
            }
            return h
        }
    }
}

/// What a roll-up keeps of a department's annual report: its shingle hashes, sorted, at most `fingerprintCap` of them.
/// A longer report keeps only the hashes divisible by 2^level (a fixed sample, the same for every report), so two
/// fingerprints are compared on the hashes both would keep: the share is exact up to the cap and estimated above it.
public struct ReportFingerprint: Sendable, Hashable {
    public var hashes: [UInt64]
    public var level: Int
    /// The report's distinct shingles before sampling.
    public var shingles: Int

    public init(_ prose: ReportSimilarity.Prose, cap: Int = ReportSimilarity.fingerprintCap) {
        var level = 0
        var kept = Array(prose.shingles)
        while kept.count > cap {
            level += 1
            let mask = (UInt64(1) << UInt64(level)) - 1
            kept = kept.filter { $0 & mask == 0 }
        }
        hashes = kept.sorted()
        self.level = level
        shingles = prose.shingles.count
    }

    /// `common` shared hashes over this fingerprint's hashes kept at `level` (at least its own).
    func share(common: Int, at level: Int) -> Double {
        let mask = (UInt64(1) << UInt64(level)) - 1
        let kept = level == self.level ? hashes.count : hashes.filter { $0 & mask == 0 }.count
        return kept == 0 ? 0 : Double(common) / Double(kept)
    }

    /// The share of this fingerprint's report found in `other`'s, on the hashes both keep.
    public func share(in other: ReportFingerprint) -> Double {
        let level = max(self.level, other.level)
        let mask = (UInt64(1) << UInt64(level)) - 1
        let mine = level == self.level ? hashes : hashes.filter { $0 & mask == 0 }
        let theirs = level == other.level ? other.hashes : other.hashes.filter { $0 & mask == 0 }
        guard !mine.isEmpty else { return 0 }
        var i = 0
        var j = 0
        var common = 0
        while i < mine.count && j < theirs.count {
            if mine[i] == theirs[j] {
                common += 1
                i += 1
                j += 1
            } else if mine[i] < theirs[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(common) / Double(mine.count)
    }
}
