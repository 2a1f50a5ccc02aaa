import Foundation
import Testing

@testable import GongkaiCore

/// The one masking function: what it masks, and what it must leave alone (digests, dates, numbers in JSON).
@Suite struct RedactionTests {
    @Test(arguments: [
        ("电话13912340001。", "电话139****0001。"),
        ("139 1234 0005", "139 **** 0005"),
        ("+86 13912340001", "+86 139****0001"),
        ("8613912340001", "86139****0001"),
        ("身份证441202197001010015", "身份证441**************5"),
        ("44010419900101234X号", "440**************X号"),
        ("回电0758-2281234", "回电0758-*******"),
        ("020 12345678", "020 ********"),
        // Glued to letters, to each other, or after a percent escape's hex digits.
        ("x13912340001", "x139****0001"),
        ("tel13912340001ext", "tel139****0001ext"),
        ("1391234567811010519491231002X", "139****5678110**************X"),
        ("44120219700101001513912340001", "441**************5139****0001"),
        ("%E5%A8%9C13948408146.csv", "%E5%A8%9C139****8146.csv"),
        ("%E5%A8%9c13948408146", "%E5%A8%9c139****8146"),
    ])
    func masks(_ text: String, _ expected: String) {
        #expect(Redaction.mask(text) == expected)
    }

    @Test(arguments: [
        "2020-01-06", "2020年1月6日", "肇商务依申〔2020〕1号",
        "sha256 0a13912340001b4c", "139123400012", "a139123400012",  // inside a digest, or 12 digits
        "1391234000113", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "441202197001010016",  // 18 digits, wrong check digit
        "12912340001", "task-28/designation", "0758",
    ])
    func leavesAlone(_ text: String) {
        #expect(Redaction.mask(text) == text)
    }

    @Test func checkDigit() {
        #expect(Redaction.idCheckDigitValid(Array("441202197001010015").map { Int(String($0))! }))
        #expect(!Redaction.idCheckDigitValid(Array("441202197001010016").map { Int(String($0))! }))
    }

    @Test func jsonIsMaskedInsideStringsOnly() throws {
        let json = Data(#"{"size": 13912340001, "path": "回执13912340001.txt", "esc": "a\"13912340001"}"#.utf8)
        let masked = String(decoding: Redaction.mask(json), as: UTF8.self)
        #expect(masked == #"{"size": 13912340001, "path": "回执139****0001.txt", "esc": "a\"139****0001"}"#)
        #expect(try JSONSerialization.jsonObject(with: Data(masked.utf8)) is [String: Any])
    }

    @Test func controlCharactersInNamesAreEscaped() {
        #expect(Redaction.escapingControls("a\n::error file=x::b") == "a\\n::error file=x::b")
        #expect(Redaction.escapingControls("esc\u{1B}[31m\u{7}") == "esc\\u{1B}[31m\\u{07}")
        #expect(Redaction.escapingControls("正常/文件.csv") == "正常/文件.csv")
        #expect(SourceLocation(file: "x\ny.yaml", line: 2).description == "x\\ny.yaml:2")
    }
}

/// Names have no shape: the values of personal fields seen in a run are scrubbed from every output (issue 30).
@Suite(.serialized) struct PersonalValuesTests {
    @Test func scrubsKnownValuesOnly() {
        let seen = PersonalValues()
        seen.note("欧阳娜娜")
        seen.note("欧阳")  // a shorter value: the longest match wins where both fit
        seen.note("无")  // a placeholder, one character: never kept
        seen.note("13912345678")  // a number: masked by its shape instead
        seen.note("办公室") { $0 == "办公室" }  // a word gongkai must print
        var bytes = Array("欧阳娜娜13912345678.csv 欧阳锋 办公室 无".utf8)
        #expect(seen.scrub(&bytes))
        #expect(String(decoding: bytes, as: UTF8.self) == "＊＊＊＊13912345678.csv ＊＊锋 办公室 无")
        var clean = Array("肇庆市商务局".utf8)
        #expect(!seen.scrub(&clean))
    }
}
