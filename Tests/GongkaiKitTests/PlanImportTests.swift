import Foundation
import Testing

@testable import GongkaiCore
@testable import GongkaiImport
@testable import GongkaiOffice
@testable import GongkaiPlan

/// The responsibility wordings plans use, the deadline words, and the layout analyser's rules, each on small inputs.
@Suite struct PlanImportTests {
    let parser = ResponsibilityParser(departments: ["办公室", "法规科", "财务科", "审批科"], businessDepartments: ["法规科", "审批科"])

    struct Wording: Sendable, CustomStringConvertible {
        var phrase: String
        var lead: [String] = []
        var responsible: [String] = []
        var cooperating: [String] = []
        var collectives: [String] = []
        var description: String { phrase }
    }

    static let wordings: [Wording] = [
        Wording(phrase: "财务科", responsible: ["财务科"]),
        Wording(phrase: "办公室、法规科", responsible: ["办公室", "法规科"]),
        Wording(phrase: "办公室和法规科", responsible: ["办公室", "法规科"]),
        Wording(phrase: "区发展和改革局", responsible: ["区发展和改革局"]),
        Wording(phrase: "办公室统筹，法规科协助", lead: ["办公室"], cooperating: ["法规科"]),
        Wording(phrase: "法规科负责落实", responsible: ["法规科"]),
        Wording(phrase: "法规科具体负责，财务科参与", responsible: ["法规科"], cooperating: ["财务科"]),
        Wording(phrase: "审批科承办；办公室协同", responsible: ["审批科"], cooperating: ["办公室"]),
        Wording(phrase: "办公室、法规科分别牵头", lead: ["办公室", "法规科"]),
        Wording(phrase: "法规科等按职责分工负责", responsible: ["法规科"]),
        Wording(phrase: "财务科等单位落实", responsible: ["财务科"]),
        Wording(phrase: "办公室牵头，各科室配合", lead: ["办公室"], cooperating: ["法规科", "财务科", "审批科"], collectives: ["各科室/cooperating/all"]),
        Wording(phrase: "法规科牵头，各业务科室配合", lead: ["法规科"], cooperating: ["审批科"], collectives: ["各业务科室/cooperating/business"]),
        Wording(phrase: "办公室牵头，相关科室配合", lead: ["办公室"], collectives: ["相关科室/cooperating/relevant"]),
        Wording(
            phrase: "（牵头单位：办公室；责任单位：法规科、各县市区人民政府；配合单位：有关单位）", lead: ["办公室"],
            responsible: ["法规科", "各县市区人民政府"], collectives: ["有关单位/cooperating/relevant"]),
        Wording(
            phrase: "牵头单位:市行政审批服务局;责任单位:市直有关部门、单位,各区市政府。以下任务不再一一列出", lead: ["市行政审批服务局"],
            responsible: ["各区市政府"], collectives: ["市直有关部门、单位/responsible/relevant"]),
        Wording(
            phrase: "市政府各有关部门,各县市区人民政府、功能区管委会负责落实", responsible: ["各县市区人民政府", "功能区管委会"],
            collectives: ["市政府各有关部门/responsible/relevant"]),
        Wording(phrase: "各乡镇（街道）负责", responsible: ["各乡镇（街道）"]),
        // Round two (issue 27): 主办/协办, a role inside a 、-list, X等相关Y, a bare 按职责分工落实, 局主办科室.
        Wording(phrase: "审批科主办、法规科协办", lead: ["审批科"], cooperating: ["法规科"]),
        Wording(phrase: "办公室主办，各科室协办", lead: ["办公室"], cooperating: ["法规科", "财务科", "审批科"], collectives: ["各科室/cooperating/all"]),
        Wording(phrase: "财务科等相关科室", responsible: ["财务科"], collectives: ["相关科室/responsible/relevant"]),
        Wording(phrase: "按职责分工落实", responsible: ["办公室", "法规科", "财务科", "审批科"], collectives: ["按职责分工/responsible/all"]),
        Wording(
            phrase: "办公室牵头，各科室按职责分工落实", lead: ["办公室"], responsible: ["法规科", "财务科", "审批科"], collectives: ["各科室/responsible/all"]),
        Wording(phrase: "局主办科室", collectives: ["局主办科室/responsible/relevant"]),
        Wording(phrase: "按职责分别负责落实", responsible: ["办公室", "法规科", "财务科", "审批科"], collectives: ["按职责分工/responsible/all"]),
        Wording(phrase: "规划信息处(爱卫办)", responsible: ["规划信息处(爱卫办)"]),
        // Round three: labelled clauses with commas between them (立山区 2023).
        Wording(phrase: "牵头单位:办公室,责任单位:法规科、财务科,配合单位:审批科", lead: ["办公室"], responsible: ["法规科", "财务科"], cooperating: ["审批科"]),
        Wording(phrase: "牵头单位：办公室，责任单位：法规科,财务科", lead: ["办公室"], responsible: ["法规科", "财务科"]),
    ]

    @Test(arguments: wordings) func wording(_ w: Wording) throws {
        let roles = try #require(parser.parse(w.phrase))
        #expect(roles.lead == w.lead)
        #expect(roles.responsible == w.responsible)
        #expect(roles.cooperating == w.cooperating)
        #expect(roles.collectives.map { "\($0.phrase)/\($0.role.rawValue)/\($0.kind.rawValue)" } == w.collectives)
    }

    @Test(arguments: ["视情况而定", "办公室牵头，法规科", "市发展改革委牵头,市住建局等政府各有关", "责任单位:区", "", "重点领域信息(基层政务公开标准化规范化)"])
    func phrasesItCannotReadGiveNoRoles(_ phrase: String) {
        #expect(parser.parse(phrase) == nil)
    }

    @Test func deadlines() {
        #expect(DeadlineParser.parse(column: "年底前", year: 2021)?.due == Day(year: 2021, month: 12, day: 31))
        #expect(DeadlineParser.parse(column: "6月底前", year: 2021)?.due == Day(year: 2021, month: 6, day: 30))
        #expect(DeadlineParser.parse(column: "六月底前", year: 2021)?.due == Day(year: 2021, month: 6, day: 30))
        #expect(DeadlineParser.parse(column: "3月15日前", year: 2022)?.due == Day(year: 2022, month: 3, day: 15))
        #expect(DeadlineParser.parse(column: "2021年8月前", year: 2020)?.due == Day(year: 2021, month: 7, day: 31))
        #expect(DeadlineParser.parse(column: "每季度", year: 2021)?.cadence == .quarter)
        #expect(DeadlineParser.parse(column: "每月", year: 2021)?.cadence == .month)
        for word in ["长期坚持", "持续推进", "常态化"] { #expect(DeadlineParser.parse(column: word, year: 2021)?.ongoing == true) }
        let unknown = DeadlineParser.parse(column: "视进度而定", year: 2021)
        #expect(unknown?.text == "视进度而定" && unknown?.due == nil && unknown?.ongoing == false)
        #expect(DeadlineParser.parse(requirement: "做好政策解读，长期向好", year: 2021) == nil)
        // A month alone, 全年, a relative time, a year written with 年底前 (issue 27).
        #expect(DeadlineParser.parse(column: "2022年10月", year: 2024)?.due == Day(year: 2022, month: 10, day: 31))
        #expect(DeadlineParser.parse(column: "10月", year: 2024)?.due == Day(year: 2024, month: 10, day: 31))
        #expect(DeadlineParser.parse(column: "全年", year: 2024)?.ongoing == true)
        let relative = DeadlineParser.parse(requirement: "政策文件发布后3天内，公开政策解读信息", year: 2025)
        #expect(relative?.text == "发布后3天内" && relative?.due == nil && relative?.cadence == nil && relative?.ongoing == false)
        #expect(DeadlineParser.relative("信息形成之日起20个工作日内公开") == "形成之日起20个工作日内")
        #expect(DeadlineParser.parse(requirement: "2022年底前完成清理", year: 2024)?.due == Day(year: 2022, month: 12, day: 31))
    }

    /// What the review names: each note's Chinese text.
    func notes(_ r: PlanImporter.Result) -> String { r.notes.map(\.message.zh).joined(separator: "\n") }

    @Test func rolesAndDeadlineInOneBracketInARunningParagraph() throws {
        let text = """
            某区2022年政务公开工作要点
            一、加强公开
            （一）做好规划公开。公开年度计划。（区发展改革委负责落实，完成时限：2022年10月）公开执行情况。（区统计局、区财政局分别负责落实）做好解读（区政府办牵头，各部门配合，2022年底前完成）
            """
        let r = try PlanImporter(options: .init(agency: "某区")).importText(text, file: "b.txt")
        #expect(r.tasks.map(\.no) == [1, 2, 3])
        #expect(r.tasks[0].requirement == "公开年度计划。" && r.sections[0].items[0].title == "做好规划公开。")
        #expect(r.tasks[0].roles?.responsible == ["区发展改革委"] && r.tasks[0].deadline?.due == Day(year: 2022, month: 10, day: 31))
        #expect(r.tasks[0].checks.contains { $0.kind == "deadline" && $0.parameters.contains { $0 == ("due", "2022-10-31") } })
        #expect(r.tasks[1].roles?.responsible == ["区统计局", "区财政局"] && r.tasks[1].deadline == nil)
        #expect(r.tasks[2].roles?.lead == ["区政府办"] && r.tasks[2].deadline?.due == Day(year: 2022, month: 12, day: 31))
        #expect(r.tasks[2].responsibility == "区政府办牵头，各部门配合")
    }

    @Test(arguments: ["  办公室 ", "\t\u{3000}法规科\u{3000}", "a\nb ", " \n", "", "\u{00A0}x\u{2009}y\u{202F}", "无空白"])
    func whitespaceScalarByScalarIsFoundationsAndTheStandardLibrarys(_ s: String) {
        #expect(s.trimmingSpaces == s.trimmingCharacters(in: .whitespaces))
        #expect(s.withoutWhitespace == s.filter { !$0.isWhitespace })
    }

    @Test func aBracketOnTheLineAfterATaskIsItsRolesAndATitlesOwnBracketIsNot() throws {
        let text = """
            某区2023年政务公开工作要点
            一、提升政策公开水平
            1.公开现行规范文件。及时更新发布。
            （牵头单位：区政府办公室、区司法局，责任单位：区政府各部门，完成时限：2023年9月底前）
            2.落实政策解读规范。落实《政策文件解读工作规范（试行）》，丰富解读形式。
            (牵头单位:区政府办公室,责任单位:区政府各部门,完成时限: 长期坚持)
            （此件公开发布）
            """
        let r = try PlanImporter(options: .init(agency: "某区")).importText(text, file: "l.txt")
        #expect(r.tasks.map(\.no) == [1, 2])
        #expect(r.tasks[0].roles?.lead == ["区政府办公室", "区司法局"] && r.tasks[0].deadline?.due == Day(year: 2023, month: 9, day: 30))
        #expect(r.tasks[0].sourceText.hasSuffix("完成时限：2023年9月底前）"), "the bracket line is part of the task's source")
        #expect(r.tasks[1].requirement.contains("《政策文件解读工作规范（试行）》") && r.tasks[1].roles?.lead == ["区政府办公室"])
        #expect(r.tasks[1].deadline?.ongoing == true)
        #expect(!r.departments.contains("试行") && r.warnings.isEmpty, "\(r.warnings.map(\.message.zh))")
        #expect(!notes(r).contains("牵头单位"), "no bracket line is left over")
    }

    @Test func severalNumberedRequirementsInOneCellAreSplitAndAJumpIsNamed() throws {
        let text = """
            工作任务 | 具体要求 | 责任科室 |
            一、做好公开 | 1.公开预算。2.公开决算。 | 财务科 |
            二、做好解读 | 3.做好A。4.做好B；5.做好C。 | 办公室牵头，各科室按职责分工落实 |
            三、其他 | 9.做好D。 | 法规科 |
            """
        let r = try PlanImporter(options: .init(year: 2021, agency: "某局", title: "某局2021年分工方案")).importText(text, file: "n.txt")
        #expect(r.tasks.map(\.no) == [1, 2, 3, 4, 5, 9])
        #expect(r.tasks[1].requirement == "公开决算。" && r.tasks[1].roles?.responsible == ["财务科"])
        #expect(r.tasks[3].requirement == "做好B；" && r.tasks[4].roles?.lead == ["办公室"])
        #expect(notes(r).contains("一格中有 3 项编号要求（3～5）"))
        #expect(notes(r).contains("任务编号从 5 跳到 9"))
    }

    @Test func theDeadlineColumnWinsOverAStaleYearInTheRequirement() throws {
        let text = """
            工作任务 | 具体要求 | 责任股室 | 完成时限 |
            一、规范文件 | 1.按照要求，2022年底前完成规范性文件清理。 | 法规股 | 常态化开展 |
            二、公开解读 | 2.政策文件发布后3天内公开解读。 | 办公室 | |
            三、清理 | 3.2022年底前完成目录编制。 | 办公室 | |
            """
        let r = try PlanImporter(options: .init(year: 2024, agency: "某局", title: "某局2024年分工方案")).importText(text, file: "s.txt")
        #expect(r.tasks[0].deadline?.ongoing == true && r.tasks[0].deadline?.due == nil)
        #expect(!r.tasks[0].checks.contains { $0.kind == "deadline" }, "no 2024-12-31 deadline from a quoted 2022年底前")
        #expect(r.tasks[1].deadline?.text == "发布后3天内" && r.tasks[1].deadline?.due == nil)
        #expect(r.tasks[2].deadline == nil && !r.tasks[2].checks.contains { $0.kind == "deadline" })
        #expect(notes(r).contains("以完成时限栏“常态化开展”为准") && notes(r).contains("“2022年底前”不是2024年的期限"))
        #expect(PlanReview.text(r, lang: .zh).contains("时限：发布后3天内（相对期限，不是日期）"))
    }

    @Test func cadenceWordsSuggestAPeriodicCheck() throws {
        let text = """
            工作任务 | 具体要求 | 责任科室 | 完成时限 |
            一、公开 | 1.公开财政收支情况。 | 财务科 | 每季度 |
            二、专栏 | 2.专栏每月至少更新3条信息。 | 办公室 | |
            三、检查 | 3.做好日常巡查、季度检查和年度考评。 | 办公室 | 每季度 |
            四、报送 | 4.每半年报送一次工作情况。 | 办公室 | |
            五、公布 | 5.公布预算执行情况，半年一次。 | 财务科 | |
            六、总结 | 6.上半年工作总结报送区政府。 | 办公室 | |
            """
        let r = try PlanImporter(options: .init(year: 2021, agency: "某局", title: "某局2021年分工方案")).importText(text, file: "c.txt")
        let periodic = r.tasks.map { t in t.checks.filter { $0.kind == "periodic" }.map { c in c.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: ",") } }
        #expect(periodic[0] == ["type=publication,cadence=quarter"])
        #expect(periodic[1] == ["type=publication,cadence=month,min=3"])
        #expect(periodic[2].count == 3, "the website checks' own periodic checks, no fourth")
        #expect(periodic[3] == ["type=work-record,cadence=half-year"], "每半年: the half-year cadence")
        #expect(periodic[4] == ["type=publication,cadence=half-year"], "半年一次 too")
        #expect(r.tasks[5].checks.allSatisfy { $0.kind != "periodic" }, "上半年 is a window of the year, not a cadence")
    }

    @Test func aHeaderWithOneKnownWordIsNeverATask() throws {
        let text = """
            指标 | 评分要点 | 责任股室 |
            信息公开 | 1.及时公开年度报告。 | 办公室 |
            信息公开 | 2.做好依申请公开。 | 法规股 |
            """
        let r = try PlanImporter(options: .init(year: 2021, agency: "某局", title: "某局2021年分工方案")).importText(text, file: "h.txt")
        #expect(r.tasks.map(\.requirement) == ["及时公开年度报告。", "做好依申请公开。"])
        #expect(r.departments == ["办公室", "法规股"])
        #expect(notes(r).contains("表头“评分要点”不是已知的列名"))
    }

    @Test func anUnnumberedRowWithItsOwnUnitIsATaskAndAContinuationIsNamed() throws {
        let text = """
            工作任务 | 具体要求 | 责任科室 |
            一、公开 | 1.做好规划公开， | 办公室 |
            一、公开 | 集中发布规划原文。 | |
            一、公开 | 摸清公开事项底数。 | 办公室牵头，各科室按职责分工落实 |
            """
        let r = try PlanImporter(options: .init(year: 2021, agency: "某局", title: "某局2021年分工方案")).importText(text, file: "m.txt")
        #expect(r.tasks.count == 2)
        #expect(r.tasks[0].requirement == "做好规划公开，集中发布规划原文。" && r.tasks[0].roles?.responsible == ["办公室"])
        #expect(r.tasks[1].requirement == "摸清公开事项底数。" && r.tasks[1].roles?.lead == ["办公室"] && r.tasks[1].autoNumbered)
        #expect(notes(r).contains("这一行没有编号，已接在任务 1 的要求后面"))
    }

    @Test func kindsAreToldByContent() {
        #expect(DocumentKind.sniff(Data([0x50, 0x4B, 0x03, 0x04, 0])) == .zip)
        #expect(DocumentKind.sniff(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])) == .ole)
        #expect(DocumentKind.sniff(Data("%PDF-1.7".utf8)) == .pdf)
        #expect(DocumentKind.sniff(Data("  <!DOCTYPE html><html>".utf8)) == .html)
        #expect(DocumentKind.sniff(Data("工作任务\t具体要求".utf8)) == .text)
        #expect(DocumentKind.sniff(Data(" \n".utf8)) == .empty)
    }

    @Test func shortPipeRowsTakeTheirMergedCellsFromAbove() throws {
        let text = """
            工作任务 | 具体要求 | 责任科室 |
            一、做好公开。 | 1.公开预算。 | 财务科 |
            2.公开决算。 | 办公室牵头,各科室配合 | |
            """
        let result = try PlanImporter(options: .init(year: 2021, agency: "某局", title: "某局2021年分工方案")).importText(text, file: "t.txt")
        #expect(result.tasks.map(\.no) == [1, 2])
        #expect(result.sections.count == 1 && result.sections[0].title == "做好公开。")
        #expect(result.tasks[1].roles?.lead == ["办公室"] && result.tasks[1].roles?.cooperating == ["财务科"])
        #expect(result.tasks[1].location == SourceLocation(file: "t.txt", line: 3))
    }

    @Test func listStyleTakesThePhraseAtTheEndOrOnItsOwnLine() throws {
        let text = """
            某局2022年政务公开工作要点
            一、加强公开
            1.做好政策解读。（牵头单位：办公室；配合单位：法规科）
            2.每季度开展网站检查。
            责任科室：审批科
            （一）规范文件管理
            责任单位：法规科、财务科
            """
        let result = try PlanImporter(options: .init()).importText(text, file: "l.txt")
        #expect(result.year == 2022 && result.agency == "某局")
        #expect(result.tasks.map(\.no) == [1, 2, 3])
        #expect(result.tasks[0].roles?.lead == ["办公室"] && result.tasks[0].roles?.cooperating == ["法规科"])
        #expect(result.tasks[1].roles?.responsible == ["审批科"] && result.tasks[1].deadline?.cadence == .quarter)
        #expect(result.tasks[2].requirement == "规范文件管理" && result.tasks[2].autoNumbered)
        #expect(result.tasks[2].roles?.responsible == ["法规科", "财务科"])
    }

    @Test func aDocumentWithoutATaskIsAnErrorNotAnEmptyPlan() {
        #expect(throws: GongkaiError.self) { try PlanImporter(options: .init(year: 2021, agency: "x", title: "y")).importText("一段话。\n另一段话。", file: "e.txt") }
    }

    @Test func wordTablesResolveMerges() throws {
        // Two rows under a vertically merged first cell, and a section row spanning three grid columns.
        let xml = """
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:r><w:t>标题</w:t></w:r></w:p>
            <w:tbl>
            <w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>一、部分</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>任务甲</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>1.要求</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>财务科</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
            <w:tc><w:p><w:r><w:t>2.要求</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>办公室</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>
            """
        let blocks = try DocxReader.parse(Data(xml.utf8), name: "d.docx")
        #expect(blocks.first == .paragraph("标题"))
        guard case .table(let grid) = blocks.last else {
            Issue.record("no table")
            return
        }
        #expect(grid.rows == [["一、部分", "一、部分", "一、部分"], ["任务甲", "1.要求", "财务科"], ["任务甲", "2.要求", "办公室"]])
    }

    @Test func rowsBeforeTheHeaderAndRowsMergedIntoATaskAreNamed() throws {
        let text = """
            附件1 | 说明 |
            工作任务 | 具体要求 | 责任科室 |
            一、公开 | 1.做好规划公开。 | 办公室 |
            一、公开 | 1.做好规划公开。 | 法规科 |
            """
        let r = try PlanImporter(options: .init(year: 2021, agency: "某局", title: "某局2021年分工方案")).importText(text, file: "r.txt")
        #expect(r.tasks.count == 1 && r.tasks[0].roles?.responsible == ["办公室", "法规科"])
        #expect(notes(r).contains("表头之前的一行未导入：附件1 说明"))
        #expect(notes(r).contains("责任单位“法规科”并入任务 1"))
        let list = try PlanImporter(options: .init(year: 2021, agency: "某局", title: "某局2021年分工方案")).importText(
            "做好总体部署。（办公室负责）\n一、公开\n1.做好规划公开。（法规科负责）", file: "l.txt")
        #expect(list.tasks.count == 1 && notes(list).contains("未作为任务导入的段落：做好总体部署。（办公室负责）"))
    }

    /// The levels between the first and the last two are kept in the source text only: one item per 三级指标.
    @Test func anAssessmentTableInColumnsHasItsDeepestIndicatorAsTheTask() throws {
        let text = """
            一级指标 | 二级指标 | 三级指标 | 四级指标 | 分值 | 责任科室 |
            主动公开 | 重点领域 | 财政信息 | 是否公开部门预算 | 0.5 | 财务科 |
            主动公开 | 重点领域 | 财政信息 | 是否按月公开收支情况 | 0.5 | 财务科 |
            主动公开 | 重点领域 | 政策解读 | 是否同步发布解读材料 | 1 | 办公室 |
            """
        let r = try PlanImporter(options: .init(year: 2021, agency: "某局", title: "某局2021年分工方案")).importText(text, file: "a.txt")
        #expect(r.tasks.map(\.requirement) == ["是否公开部门预算", "是否按月公开收支情况", "是否同步发布解读材料"], "the header row is no task")
        #expect(r.sections.map(\.title) == ["主动公开"] && r.sections[0].items.map(\.title) == ["财政信息", "政策解读"])
        #expect(r.tasks.map { $0.roles?.responsible ?? [] } == [["财务科"], ["财务科"], ["办公室"]])
        #expect(r.tasks[1].checks.first?.kind == "periodic")
    }
}
