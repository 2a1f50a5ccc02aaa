import Foundation
import Testing

@testable import GongkaiCore
@testable import GongkaiEvidence

/// Evidence record files are composed from libyaml's events (YAMLEvents), not through Yams: what Yams reported,
/// they report the same way, at the same line and column.
@Suite struct YAMLEventsTests {
    func issue(_ text: String) -> LoadIssue? {
        do {
            _ = try YAMLEvents.compose(text, file: "r.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func recordsWithTheirPlaces() throws {
        let root = try #require(try YAMLEvents.compose("- id: a\n  title: \"政务 &x\"\n  tasks: [6, 7]\n- {id: b}\n", file: "r.yaml"))
        let items = try #require(root.items)
        #expect(items.count == 2)
        #expect(items[0][key: "title"]?.text == "政务 &x")
        #expect(items[0][key: "tasks"]?.items?.compactMap(\.text) == ["6", "7"])
        #expect(items[0].pairs?[1].key.line == 2 && items[0].pairs?[1].key.column == 3)
        #expect(items[1].line == 4 && items[1].column == 3)
        #expect(try YAMLEvents.compose("# only a comment\n", file: "r.yaml") == nil)
    }

    @Test func aliasesShareTheAnchoredNode() throws {
        let root = try #require(try YAMLEvents.compose("a: &x [1, 2]\nb: *x\n", file: "r.yaml"))
        #expect(root[key: "a"] === root[key: "b"])
        // Nested aliases cost what their text costs: nine levels of eight would be 8^9 nodes expanded.
        var text = "a: &a [x, x, x, x, x, x, x, x]\n"
        for (p, c) in zip("abcdefgh", "bcdefghi") { text += "\(c): &\(c) [*\(p), *\(p), *\(p), *\(p), *\(p), *\(p), *\(p), *\(p)]\n" }
        #expect(try YAMLEvents.compose(text, file: "r.yaml")?.pairs?.count == 9)
    }

    @Test func errorsAtTheirLineAndColumn() throws {
        let duplicated = try #require(issue("id: a\ntitle: x\nid: b\ntitle: y\n"))
        #expect(duplicated.message.en == "YAML syntax error: duplicated keys id, title")
        #expect(duplicated.location.line == 1 && duplicated.location.column == 1)
        let undefined = try #require(issue("a: *nowhere\n"))
        #expect(undefined.message.en == "YAML syntax error: found undefined alias" && undefined.location.line == 1 && undefined.location.column == 4)
        let two = try #require(issue("a: 1\n---\nb: 2\n"))
        #expect(two.message.en.hasSuffix("expected a single document in the stream: but found another document") && two.location.line == 2)
        let syntax = try #require(issue("a: [1, 2\nb: 3\n"))
        #expect(syntax.message.en.hasPrefix("YAML syntax error: while parsing a flow sequence") && syntax.location.line == 2)
        var deep = ""
        for level in 0..<70 { deep += String(repeating: "  ", count: level) + "k:\n" }
        #expect(try #require(issue(deep + String(repeating: "  ", count: 70) + "v\n")).message.en.contains("nested more than"))
    }

    /// The same words and places as Yams (which still reads rules and plans) for each kind of broken file.
    @Test(arguments: [
        "id: a\ntitle: x\nid: b\ntitle: y\n", "a: *nowhere\n", "a: 1\n---\nb: 2\n", "a: [1, 2\nb: 3\n", "a: 'open\n", "- a\nb: c\n",
        "a:\n  - x\n - y\n", "\t- tab\n", "a: b: c\n", "? [x]\n: 1\n",
    ])
    func sameReportAsYams(_ text: String) throws {
        var yams: LoadIssue?
        do { _ = try YAMLSource.compose(text, file: "r.yaml") } catch { yams = error }
        let ours = issue(text)
        #expect(ours?.message == yams?.message)
        #expect(ours?.location == yams?.location)
    }
}
