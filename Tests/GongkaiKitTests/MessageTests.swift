import Testing

@testable import GongkaiEvidence

/// The byte-level shortcuts the loader takes on every ledger cell give the same answers as the slow paths.
@Suite struct MessageTests {
    @Test(arguments: [
        ("  自然人 ", "自然人"), ("\u{3000}商业企业\u{3000}", "商业企业"), ("\u{A0}R1\t", "R1"), ("自然人", "自然人"),
        ("倀", "倀"), ("。", "。"), ("Â", "Â"), ("", ""), ("   ", ""),
        ("R1\u{A0}", "R1"), ("\u{3000}\u{A0}自然人\u{A0}\u{3000}", "自然人"), ("、\u{3000}", "、"), ("\u{80}倀\u{80}", "\u{80}倀\u{80}"),
    ])
    func trimming(_ text: String, _ expected: String) {
        // 倀 ends with the byte 80 and Â starts with C3: the fast path must not take them for spaces.
        #expect(text.trimmedSpaces == expected)
    }

    /// CSV fields are trimmed on their bytes, before a string is made: the same as `trimmedSpaces`, quoted or not,
    /// for every mix of spaces, tabs, U+3000, U+00A0 and characters whose bytes look like theirs (倀 ends with 80,
    /// 、 is E3 80 81, U+0080 is C2 80).
    @Test func csvFieldsTrimAsStringsDo() {
        let pieces = [" ", "\t", "\u{3000}", "\u{A0}", "a", "倀", "、", "\u{80}", "自然人", "Â", "\u{3000}\u{A0}"]
        var generator = SystemRandomNumberGenerator()
        var cases = ["  自然人 ", "\u{3000}商业企业\u{3000}", "\u{A0}R1\t", "倀", "   ", "", "\u{3000}", "\u{A0}"]
        for _ in 0..<2000 {
            cases.append((0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in cases {
            let quoted = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            var fields: [String] = []
            CSVRows.read("a,b,c\n" + quoted + ",x" + text + "x," + text + "\n") { row, line in
                if line == 2 { fields = row }
                return true
            }
            #expect(fields == [text.trimmedSpaces, "x" + text + "x", text.trimmedSpaces], "\(Array(text.unicodeScalars))")
        }
    }

    @Test func sameBytes() {
        #expect("".sameBytes(""))
        #expect("不予公开-保护第三方合法权益".sameBytes("不予公开-保护第三方合法权益"))
        #expect(!"是".sameBytes("否"))
        #expect(!"abc".sameBytes("abcd"))
        #expect(String(decoding: Array("自然人".utf8), as: UTF8.self).sameBytes("自然人"), "equal bytes in other storage")
    }

    @Test(arguments: [0, 7, 10, 99_999, 1_000_000])
    func rowIDs(_ line: Int) {
        #expect(EvidenceLoader.rowID("台账/disclosure-request.csv", line) == "台账/disclosure-request.csv:\(line)")
        #expect(EvidenceLoader.rowID("台账.xlsx", sheet: "依申请公开", line) == "台账.xlsx:依申请公开:\(line)")
    }
}
