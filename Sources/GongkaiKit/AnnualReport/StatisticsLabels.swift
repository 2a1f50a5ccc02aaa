/// The national annual-report format's wording (国办公开办函〔2019〕60号 and 〔2021〕30号), each label beside its English
/// translation. The Chinese is the format's own text, printed by default and in the annual report; the English is a
/// faithful translation for `--lang en`. Every fixed label of the statistics tables comes from here, so a label cannot
/// be translated in one output and not in another.
enum StatLabel {
    static func format(year: Int) -> Text {
        year >= 2021
            ? Text("国办公开办函〔2021〕30号", "the 2021 format of the State Council General Office's disclosure office (Guo Ban Gong Kai Han [2021] No. 30)")
            : Text(
                "国办公开办函〔2019〕60号（试行）", "the 2019 trial format of the State Council General Office's disclosure office (Guo Ban Gong Kai Han [2019] No. 60)")
    }

    static func documentTitle(agency: String, year: Int) -> Text {
        Text("\(agency)\(year)年政府信息公开工作年度报告统计表", "\(agency): statistics tables of the \(year) annual report on government information disclosure")
    }
    /// The header of a printed page, without the agency.
    static func pageHeader(year: Int) -> Text {
        Text("\(year)年政府信息公开工作年度报告统计表", "Statistics of the \(year) annual report on government information disclosure")
    }

    // MARK: 二、主动公开政府信息情况

    static let active = Text("二、主动公开政府信息情况", "II. Proactive disclosure of government information")
    static let activeDecisions2021 = Text(
        "二、主动公开政府信息情况：行政许可、行政处罚、行政强制",
        "II. Proactive disclosure of government information: administrative licensing, administrative penalties, administrative compulsory measures")
    static let activeDecisions2019 = Text(
        "二、主动公开政府信息情况：行政许可、其他对外管理服务事项、行政处罚、行政强制",
        "II. Proactive disclosure of government information: administrative licensing, other external administrative services, administrative penalties, administrative compulsory measures"
    )
    static let activeFees = Text("二、主动公开政府信息情况：行政事业性收费", "II. Proactive disclosure of government information: administrative fees")
    static let activeProcurement = Text("二、主动公开政府信息情况：政府集中采购", "II. Proactive disclosure of government information: centralised government procurement")

    static let item = Text("信息内容", "Item")
    static let rules = Text("规章", "Rules")
    static let normativeDocuments2021 = Text("行政规范性文件", "Administrative normative documents")
    static let normativeDocuments2019 = Text("规范性文件", "Normative documents")
    static let documentColumns2021 = [Text("本年制发件数", "Issued this year"), Text("本年废止件数", "Abolished this year"), Text("现行有效件数", "In force")]
    static let documentColumns2019 = [
        Text("本年新制作数量", "Newly made this year"), Text("本年新公开数量", "Newly disclosed this year"), Text("对外公开总数量", "Total disclosed"),
    ]
    static let licensing = Text("行政许可", "Administrative licensing")
    static let otherServices = Text("其他对外管理服务事项", "Other external administrative services")
    static let penalties = Text("行政处罚", "Administrative penalties")
    static let compulsory = Text("行政强制", "Administrative compulsory measures")
    static let decisionsThisYear = Text("本年处理决定数量", "Decisions made this year")
    static let itemsLastYear = Text("上一年项目数量", "Items last year")
    static let change = Text("本年增/减", "Increase/decrease this year")
    static let decisions = Text("处理决定数量", "Decisions made")
    static let fees = Text("行政事业性收费", "Administrative fees")
    static let feesCollected = Text("本年收费金额（单位：万元）", "Fees collected this year (10,000 yuan)")
    static let procurement = Text("政府集中采购", "Centralised government procurement")
    static let procurementProjects = Text("采购项目数量", "Procurement projects")
    static let procurementAmount = Text("采购总金额（万元）", "Total procurement amount (10,000 yuan)")

    // MARK: 三、收到和处理政府信息公开申请情况

    static let requests = Text("三、收到和处理政府信息公开申请情况", "III. Requests for government information received and handled")
    static let applicants = Text("申请人情况", "Applicants")
    static let organisations = Text("法人或其他组织", "Legal persons or other organisations")
    static let total = Text("总计", "Total")
    /// The six applicant columns, in the format's order; the Chinese is also what a ledger's 申请人类型 holds.
    static let applicantColumns = [
        Text("自然人", "Natural persons"), Text("商业企业", "Commercial enterprises"), Text("科研机构", "Research institutions"),
        Text("社会公益组织", "Public-interest organisations"), Text("法律服务机构", "Legal service institutions"), Text("其他", "Other"),
    ]
    static let balanceNote = Text("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "(In each column, item I plus item II equals item III plus item IV.)")
    static let newRequests = Text("一、本年新收政府信息公开申请数量", "I. New requests received this year")
    static let carriedIn = Text("二、上年结转政府信息公开申请数量", "II. Requests carried over from last year")
    static let results = Text("三、本年度办理结果", "III. Results of handling this year")
    static let disclosed = Text("（一）予以公开", "(1) Disclosed")
    static let partly = Text(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(2) Partly disclosed (a request handled in parts counts here only, not under another result)")
    static let refused = Text("（三）不予公开", "(3) Not disclosed")
    static let refusalReasons = [
        Text("属于国家秘密", "State secrets"), Text("其他法律行政法规禁止公开", "Disclosure prohibited by other laws and administrative regulations"),
        Text("危及“三安全一稳定”", "Would endanger national, public or economic security or social stability"),
        Text("保护第三方合法权益", "Protecting a third party's lawful rights and interests"), Text("属于三类内部事务信息", "Internal affairs information (three kinds)"),
        Text("属于四类过程性信息", "Process information (four kinds)"), Text("属于行政执法案卷", "Administrative law-enforcement case files"),
        Text("属于行政查询事项", "Matters of administrative enquiry"),
    ]
    static let unavailable = Text("（四）无法提供", "(4) Cannot be provided")
    static let unavailableReasons = [
        Text("本机关不掌握相关政府信息", "This agency does not hold the information"),
        Text("没有现成信息需要另行制作", "No existing information: it would have to be made"),
        Text("补正后申请内容仍不明确", "The request is still unclear after completion"),
    ]
    static let notProcessed = Text("（五）不予处理", "(5) Not processed")
    static let notProcessedReasons = [
        Text("信访举报投诉类申请", "Petitions, reports and complaints"), Text("重复申请", "Repeated requests"),
        Text("要求提供公开出版物", "Requests for published material"), Text("无正当理由大量反复申请", "Large numbers of repeated requests without good reason"),
        Text("要求行政机关确认或重新出具已获取信息", "Requests to confirm or reissue information already obtained"),
    ]
    static let otherHandling = Text("（六）其他处理", "(6) Other handling")
    /// 其他处理's items in the 2021 format (the 2019 trial format has the one row).
    static let otherHandlingReasons2021 = [
        Text(
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "The applicant did not complete the request in time without good reason; the agency no longer processes it"),
        Text(
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "The applicant did not pay the fee as the fee notice required; the agency no longer processes the request"),
        Text("其他", "Other"),
    ]
    static let grandTotal = Text("（七）总计", "(7) Total")
    static let carriedOut = Text("四、结转下年度继续办理", "IV. Carried over to next year")

    // MARK: 四、政府信息公开行政复议、行政诉讼情况

    static let review = Text("四、政府信息公开行政复议、行政诉讼情况", "IV. Administrative reconsideration and litigation on government information disclosure")
    /// The results a case ends with, the Chinese being what a ledger's `result` holds; 总计 follows them in the table.
    static let reviewResults = [Text("结果维持", "Upheld"), Text("结果纠正", "Corrected"), Text("其他结果", "Other result"), Text("尚未审结", "Not yet concluded")]
    static let reconsideration = Text("行政复议", "Administrative reconsideration")
    static let litigation = Text("行政诉讼", "Administrative litigation")
    static let direct = Text("未经复议直接起诉", "Filed without reconsideration")
    static let afterReconsideration = Text("复议后起诉", "Filed after reconsideration")
    static let litigationDirect = Text("行政诉讼（未经复议直接起诉）", "Administrative litigation (filed without reconsideration)")
    static let litigationAfter = Text("行政诉讼（复议后起诉）", "Administrative litigation (filed after reconsideration)")
    static let cases = Text("案件数", "Cases")

    // MARK: Around the tables

    static let note = Text("注：", "Note: ")
    static let notCounted = Text("未计入：", "Not counted: ")
}
