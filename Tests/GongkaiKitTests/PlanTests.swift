import Testing

@testable import GongkaiChecks
@testable import GongkaiPlan
@testable import GongkaiReports

@Suite struct PlanTests {
    @Test func thePlanHasAll32TasksInSixSections() {
        #expect(plan2020.tasks.map(\.no) == Array(1...32))
        #expect(plan2020.sections.map(\.no) == ["一", "二", "三", "四", "五", "六"])
        #expect(plan2020.tasks.allSatisfy { !$0.checks.isEmpty })
        #expect(PlanLinter.lint(plan2020, types: rules.types).isEmpty)
    }

    @Test func rolesFromThePhrases() {
        let t1 = plan2020.task(1)!
        #expect(t1.lead == ["审批科"])
        #expect(t1.cooperating == ["促进科", "资管科", "市场科", "服贸科", "机电科"])
        let t2 = plan2020.task(2)!
        #expect(t2.lead == ["办公室"])
        #expect(t2.cooperating.count == 10 && t2.cooperating.first == "机关党委")
        #expect(plan2020.task(10)!.responsible == plan2020.businessDepartments)
        #expect(plan2020.task(11)!.responsible == ["市场科", "服贸科", "电商科", "口岸科"])
        #expect(plan2020.task(28)!.responsible == ["办公室"] && plan2020.task(28)!.owners == ["办公室"])
    }

    let parser = ResponsibilityParser(departments: ["办公室", "机关党委", "甲股", "乙股", "丙股"], businessDepartments: ["甲股", "乙股", "丙股"])

    @Test func phraseForms() {
        #expect(parser.parse("甲股牵头，乙股、丙股配合。")?.cooperating == ["乙股", "丙股"])
        #expect(parser.parse("办公室负责")?.responsible == ["办公室"])
        #expect(parser.parse("各股室配合")?.cooperating.count == 5)
        #expect(parser.parse("各业务股室负责")?.responsible == ["甲股", "乙股", "丙股"])
        let r = parser.parse("甲股牵头，乙股、丙股负责")
        #expect(r?.lead == ["甲股"] && r?.responsible == ["乙股", "丙股"])
        let m = parser.parse("办公室牵头,机关党委、各处室配合")
        #expect(m?.lead == ["办公室"] && m?.cooperating == ["机关党委", "甲股", "乙股", "丙股"])
        #expect(parser.parse("视情况而定") == nil)
    }

    /// 怀远县医疗保障局 2025 (Tests/fixtures/journey-plans): 局各股室 and 局属各中心 are collectives of the bureau's own
    /// units, the 股 and the 中心 (issue 25), never a unit named 局各股室.
    @Test func bureauCollectivesOfSectionsAndCentres() {
        let units = ResponsibilityParser(departments: ["办公室", "待遇保障股", "基金监管股", "医保服务中心"], businessDepartments: [])
        let r = units.parse("办公室牵头,局各股室、局属各中心配合")
        #expect(r?.lead == ["办公室"])
        #expect(r?.cooperating == ["待遇保障股", "基金监管股", "医保服务中心"])
        #expect(r?.collectives.map(\.phrase) == ["局各股室", "局属各中心"])
        #expect(units.parse("局属各中心负责")?.responsible == ["医保服务中心"])
        #expect(ResponsibilityParser.kind(of: "局各股室") == .collective(.all))
        #expect(ResponsibilityParser.kind(of: "各镇卫生院") == .outside)
        // A district's plan (松江区 2025): its departments and its towns are the plan's units.
        let district = ResponsibilityParser(departments: ["区政府办公室", "区数据局", "岳阳街道", "泗泾镇"], businessDepartments: [])
        let d = district.parse("责任单位:区政府各部门、各街镇")
        #expect(d?.responsible == ["区政府办公室", "区数据局", "岳阳街道", "泗泾镇"])
        #expect(district.parse("各街镇负责")?.responsible == ["岳阳街道", "泗泾镇"])
    }

    /// A ledger's unit written another way is the plan's unit when only one fits (issue 25); declared aliases first.
    @Test func unitsWrittenAnotherWay() throws {
        var plan = plan2020
        plan.agency = "怀远县医疗保障局"
        plan.departments = ["办公室", "待遇保障股", "基金监管股", "医保服务中心"]
        plan.aliases = ["医保中心": "医保服务中心"]
        #expect(plan.unit(named: "办公室")! == ("办公室", false))
        #expect(plan.unit(named: "局办公室")! == ("办公室", true))
        #expect(plan.unit(named: "怀远县医疗保障局办公室")! == ("办公室", true))
        #expect(plan.unit(named: "医保中心")! == ("医保服务中心", true))
        #expect(plan.unit(named: "财务股") == nil)
        #expect(plan.unit(named: "街道办公室") == nil)
    }

    /// A negative or huge count is refused at load with its line (issue 30): nothing reaches a calendar's arithmetic.
    @Test(arguments: ["-1", "3000000000"]) func countsOutOfRangeAreRefused(within: String) throws {
        let (_, issues) = try PlanLoader.parse(Self.oneTask(checks: "  - kind: request-deadline\n    within: \(within)"), file: "p.yaml")
        #expect(issues.count == 1)
        #expect(issues.first?.location.line == 16)  // the parameter's own line
        #expect(issues.first?.message.zh.contains("within 应为 0～100000 的整数，而不是 \(within)") == true)
    }

    /// A plan of one task of 办公室, with `checks` (YAML list items, indented under the task's `checks:`).
    static func oneTask(checks: String) -> String {
        """
        id: p
        year: 2020
        departments: [办公室]
        sections:
          - no: 一
            title: T
            items:
              - no: 一
                title: I
                tasks:
                  - no: 1
                    requirement: R
                    responsibility: 办公室负责
                    checks:

        """ + checks.split(separator: "\n").map { "                  " + $0 }.joined(separator: "\n")
    }

    @Test func badChecksAreErrorsWithLines() throws {
        let text = Self.oneTask(
            checks: "  - kind: nonsense\n  - kind: evidence\n    types: [training]\n    colour: red\n  - kind: deadline\n    type: training")
        let (plan, issues) = try PlanLoader.parse(text, file: "p.yaml")
        #expect(plan.task(1)?.responsible == ["办公室"])
        #expect(issues.count == 3)
        #expect(issues[0].location.line == 15 && issues[0].message.en.contains("unknown check kind 'nonsense'"))
        #expect(issues[1].location.line == 18 && issues[1].message.en.contains("no parameter 'colour'"))
        #expect(issues[2].message.en.contains("needs either due"))
    }
}
