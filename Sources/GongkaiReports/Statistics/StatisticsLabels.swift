import GongkaiCore

/// The national annual-report format's wording (国办公开办函〔2019〕60号 and 〔2021〕30号), each label beside its English
/// translation. The Chinese is the format's own text, printed by default and in the annual report; the English is a
/// faithful translation for `--lang en`. Every fixed label of the statistics tables comes from here, so a label cannot
/// be translated in one output and not in another.
enum StatLabel {
    static func format(year: Int) -> Message {
        year >= 2021
            ? Message("国办公开办函〔2021〕30号", "the 2021 format of the State Council General Office's disclosure office (Guo Ban Gong Kai Han [2021] No. 30)")
            : Message(
                "国办公开办函〔2019〕60号（试行）", "the 2019 trial format of the State Council General Office's disclosure office (Guo Ban Gong Kai Han [2019] No. 60)")
    }

    static func documentTitle(agency: String, year: Int) -> Message {
        Message("\(agency)\(year)年政府信息公开工作年度报告统计表", "\(agency): statistics tables of the \(year) annual report on government information disclosure")
    }
    /// The header of a printed page, without the agency.
    static func pageHeader(year: Int) -> Message {
        Message("\(year)年政府信息公开工作年度报告统计表", "Statistics of the \(year) annual report on government information disclosure")
    }

    // MARK: 二、主动公开政府信息情况

    static let active = Message("二、主动公开政府信息情况", "II. Proactive disclosure of government information")
    /// The heading row of each block of table 二: the item of the 条例's article 20 it discloses.
    static func article20(_ item: String, _ n: Int) -> Message {
        Message("第二十条第（\(item)）项", "Article 20, item (\(n))")
    }

    static let item = Message("信息内容", "Item")
    static let rules = Message("规章", "Rules")
    static let normativeDocuments2021 = Message("行政规范性文件", "Administrative normative documents")
    static let normativeDocuments2019 = Message("规范性文件", "Normative documents")
    static let documentColumns2021 = [Message("本年制发件数", "Issued this year"), Message("本年废止件数", "Abolished this year"), Message("现行有效件数", "In force")]
    static let documentColumns2019 = [
        Message("本年新制作数量", "Newly made this year"), Message("本年新公开数量", "Newly disclosed this year"), Message("对外公开总数量", "Total disclosed"),
    ]
    static let licensing = Message("行政许可", "Administrative licensing")
    static let otherServices = Message("其他对外管理服务事项", "Other external administrative services")
    static let penalties = Message("行政处罚", "Administrative penalties")
    static let compulsory = Message("行政强制", "Administrative compulsory measures")
    static let decisionsThisYear = Message("本年处理决定数量", "Decisions made this year")
    static let itemsLastYear = Message("上一年项目数量", "Items last year")
    static let change = Message("本年增/减", "Increase/decrease this year")
    static let decisions = Message("处理决定数量", "Decisions made")
    static let fees = Message("行政事业性收费", "Administrative fees")
    static let feesCollected = Message("本年收费金额（单位：万元）", "Fees collected this year (10,000 yuan)")
    static let procurement = Message("政府集中采购", "Centralised government procurement")
    static let procurementProjects = Message("采购项目数量", "Procurement projects")
    static let procurementAmount = Message("采购总金额", "Total procurement amount")

    // MARK: 三、收到和处理政府信息公开申请情况

    static let requests = Message("三、收到和处理政府信息公开申请情况", "III. Requests for government information received and handled")
    static let applicants = Message("申请人情况", "Applicants")
    static let organisations = Message("法人或其他组织", "Legal persons or other organisations")
    static let total = Message("总计", "Total")
    /// The six applicant columns, in the format's order; the Chinese is also what a ledger's 申请人类型 holds.
    static let applicantColumns = [
        Message("自然人", "Natural persons"), Message("商业企业", "Commercial enterprises"), Message("科研机构", "Research institutions"),
        Message("社会公益组织", "Public-interest organisations"), Message("法律服务机构", "Legal service institutions"), Message("其他", "Other"),
    ]
    static let balanceNote = Message("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "(In each column, item I plus item II equals item III plus item IV.)")
    static let newRequests = Message("一、本年新收政府信息公开申请数量", "I. New requests received this year")
    static let carriedIn = Message("二、上年结转政府信息公开申请数量", "II. Requests carried over from last year")
    static let results = Message("三、本年度办理结果", "III. Results of handling this year")
    static let disclosed = Message("（一）予以公开", "(1) Disclosed")
    static let partly = Message(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(2) Partly disclosed (a request handled in parts counts here only, not under another result)")
    static let refused = Message("（三）不予公开", "(3) Not disclosed")
    static let refusalReasons = [
        Message("属于国家秘密", "State secrets"), Message("其他法律行政法规禁止公开", "Disclosure prohibited by other laws and administrative regulations"),
        Message("危及“三安全一稳定”", "Would endanger national, public or economic security or social stability"),
        Message("保护第三方合法权益", "Protecting a third party's lawful rights and interests"), Message("属于三类内部事务信息", "Internal affairs information (three kinds)"),
        Message("属于四类过程性信息", "Process information (four kinds)"), Message("属于行政执法案卷", "Administrative law-enforcement case files"),
        Message("属于行政查询事项", "Matters of administrative enquiry"),
    ]
    static let unavailable = Message("（四）无法提供", "(4) Cannot be provided")
    static let unavailableReasons = [
        Message("本机关不掌握相关政府信息", "This agency does not hold the information"),
        Message("没有现成信息需要另行制作", "No existing information: it would have to be made"),
        Message("补正后申请内容仍不明确", "The request is still unclear after completion"),
    ]
    static let notProcessed = Message("（五）不予处理", "(5) Not processed")
    static let notProcessedReasons = [
        Message("信访举报投诉类申请", "Petitions, reports and complaints"), Message("重复申请", "Repeated requests"),
        Message("要求提供公开出版物", "Requests for published material"), Message("无正当理由大量反复申请", "Large numbers of repeated requests without good reason"),
        Message("要求行政机关确认或重新出具已获取信息", "Requests to confirm or reissue information already obtained"),
    ]
    static let otherHandling = Message("（六）其他处理", "(6) Other handling")
    /// 其他处理's items in the 2021 format (the 2019 trial format has the one row).
    static let otherHandlingReasons2021 = [
        Message(
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "The applicant did not complete the request in time without good reason; the agency no longer processes it"),
        Message(
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "The applicant did not pay the fee as the fee notice required; the agency no longer processes the request"),
        Message("其他", "Other"),
    ]
    static let grandTotal = Message("（七）总计", "(7) Total")
    static let carriedOut = Message("四、结转下年度继续办理", "IV. Carried over to next year")

    // MARK: 四、政府信息公开行政复议、行政诉讼情况

    /// The top-left cell of table 三: the identity every column of figures satisfies.
    static let requestsCorner = balanceNote
    static let review = Message("四、政府信息公开行政复议、行政诉讼情况", "IV. Administrative reconsideration and litigation on government information disclosure")
    /// The results a case ends with, the Chinese being what a ledger's `result` holds; 总计 follows them in the table.
    static let reviewResults = [Message("结果维持", "Upheld"), Message("结果纠正", "Corrected"), Message("其他结果", "Other result"), Message("尚未审结", "Not yet concluded")]
    static let reconsideration = Message("行政复议", "Administrative reconsideration")
    static let litigation = Message("行政诉讼", "Administrative litigation")
    static let direct = Message("未经复议直接起诉", "Filed without reconsideration")
    static let afterReconsideration = Message("复议后起诉", "Filed after reconsideration")
    static let litigationDirect = Message("行政诉讼（未经复议直接起诉）", "Administrative litigation (filed without reconsideration)")
    static let litigationAfter = Message("行政诉讼（复议后起诉）", "Administrative litigation (filed after reconsideration)")
    static let cases = Message("案件数", "Cases")

    // MARK: Around the tables

    static let note = Message("注：", "Note: ")
    static let notCounted = Message("未计入：", "Not counted: ")
}
