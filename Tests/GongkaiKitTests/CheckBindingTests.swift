import Foundation
import Testing

@testable import GongkaiChecks
@testable import GongkaiCore
@testable import GongkaiPlan

/// A plan holds its checks as written; GongkaiChecks binds them. What the plan loader is told, and what runs, must be
/// what the plan says, whatever was bound before in the run.
@Suite struct CheckBindingTests {
    func check(_ yaml: String, line: Int = 1) throws -> PlanCheck {
        let node = try #require(try YAMLSource.compose(yaml, file: "plan.yaml"))
        var used: [String: Int] = [:]
        return PlanLoader.check(node, file: "plan.yaml", usedIDs: &used)
    }

    /// Values that print alike are told apart: a string from a number, and a value holding `, b=` from two keys.
    @Test func theBindingKeyTellsLookalikeParametersApart() {
        #expect(CheckRegistry.exactText(.string("5")) != CheckRegistry.exactText(.int(5)))
        #expect(
            CheckRegistry.exactText(.object([("a", .string("1, b=2"))]))
                != CheckRegistry.exactText(.object([("a", .int(1)), ("b", .int(2))])))
        #expect(CheckRegistry.exactText(.array([.string("ab")])) != CheckRegistry.exactText(.array([.string("a"), .string("b")])))
    }

    /// A good binding kept for the run never stands in for a check that differs: an unknown parameter, or a bad value,
    /// is still named at its own line after the same kind bound cleanly.
    @Test func aKeptBindingNeverHidesAProblem() throws {
        let good = try check("kind: evidence\ntypes: [training]\nmin: 2\n")
        #expect(CheckRegistry.vocabulary.problems(good).isEmpty)
        #expect(CheckRegistry.vocabulary.problems(good).isEmpty)
        let unknown = try check("kind: evidence\ntypes: [training]\nmin: 2\nmnimum: 3\n")
        let problems = CheckRegistry.vocabulary.problems(unknown)
        #expect(problems.count == 1 && problems.first?.location.line == 4 && problems.first?.message.en.contains("no parameter 'mnimum'") == true)
        let badValue = try check("kind: evidence\ntypes: [training]\nmin: \"two\"\n")
        #expect(CheckRegistry.vocabulary.problems(badValue).first?.message.en.contains("invalid parameters") == true)
        let unknownKind = try check("kind: evidense\ntypes: [training]\n")
        #expect(CheckRegistry.vocabulary.problems(unknownKind).first?.message.en.contains("unknown check kind 'evidense'") == true)
    }

    /// A quoted value that would read as another kind of scalar keeps its quotes through the plan's raw parameters.
    @Test func quotedScalarsKeepTheirKind() throws {
        let quoted = try check("kind: evidence\ntypes: [\"true\", \"5\", \"null\"]\n")
        #expect(quoted.parameters == .object([("types", .array([.string("true"), .string("5"), .string("null")]))]))
        let node = quoted.parameters.yamlNode
        #expect(CheckRegistry.exactText(node.jsonValue) == CheckRegistry.exactText(quoted.parameters))
        #expect(CheckRegistry.vocabulary.problems(quoted).isEmpty)
    }
}
