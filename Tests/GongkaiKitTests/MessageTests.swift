import Testing

@testable import GongkaiKit

/// The byte-level shortcuts the loader takes on every ledger cell give the same answers as the slow paths.
@Suite struct MessageTests {
    @Test(arguments: [
        ("  自然人 ", "自然人"), ("\u{3000}商业企业\u{3000}", "商业企业"), ("\u{A0}R1\t", "R1"), ("自然人", "自然人"),
        ("倀", "倀"), ("。", "。"), ("Â", "Â"), ("", ""), ("   ", ""),
    ])
    func trimming(_ text: String, _ expected: String) {
        // 倀 ends with the byte 80 and Â starts with C3: the fast path must not take them for spaces.
        #expect(text.trimmedSpaces == expected)
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
    }
}
