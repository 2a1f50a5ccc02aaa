import Foundation

/// The State Council's yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) read from its own sentences,
/// as published or reposted: 「一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。」. Full-width or
/// half-width punctuation, simplified or traditional characters, page furniture around it. Every weekday it states is
/// checked against the date, every 共N天 against the range, and every statutory holiday must be among its days; a
/// sentence that disagrees is quoted. A supplementary notice (国办发明电〔2020〕1号: 延长2020年春节假期至2月2日) extends a
/// year already known.
public struct HolidayNotice: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        /// 元旦, 春节, or 国庆节、中秋节 as the notice names it.
        public var name: String
        public var holidays: [Day]
        public var workdays: [Day]
        /// The sentence as found, for the review.
        public var sentence: String
    }

    public enum Kind: Sendable, Hashable {
        /// The year's notice: every holiday of the year.
        case yearly
        /// A later notice extending one holiday to `until` (inclusive); work resumes the day after.
        case extended(holiday: String, until: Day)
    }

    public var year: Int
    public var kind: Kind
    public var items: [Item]
    /// The notice's address when the text names one (a saved page's canonical link, a repost's 来源).
    public var address: String?

    public struct Problem: Error, Sendable, Hashable {
        public var message: Message
        /// The sentence at fault, quoted.
        public var sentence: String?
        public init(_ message: Message, sentence: String? = nil) {
            self.message = message
            self.sentence = sentence
        }
        public var text: Message {
            guard let sentence else { return message }
            return message + Message("：「\(sentence)」", ": “\(sentence)”")
        }
    }

    static let holidayNames = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]

    /// Reads a notice's text (already taken out of its HTML or Word file).
    public static func parse(_ raw: String) throws(Problem) -> HolidayNotice {
        let text = normalize(raw)
        let address = firstMatch(#"https?://www\.gov\.cn/[A-Za-z0-9_./\-]+\.htm"#, in: raw)
        if let ext = try parseExtension(text, address: address) { return ext }
        guard let year = noticeYear(text) else {
            throw Problem(
                Message(
                    "不是国务院办公厅节假日安排通知：找不到“关于YYYY年部分节假日安排的通知”或“YYYY年…放假调休”",
                    "not a State Council holiday notice: no “关于YYYY年部分节假日安排的通知” or “YYYY年…放假调休” found"))
        }
        var items: [Item] = []
        for (name, body) in itemBodies(text) {
            items.append(try parseItem(name: name, body: body, year: year))
        }
        let named = Set(items.flatMap { $0.name.components(separatedBy: "、") })
        let missing = holidayNames.filter { !named.contains($0) }
        if !missing.isEmpty {
            throw Problem(
                Message(
                    "通知不完整：缺少\(missing.joined(separator: "、"))的安排（文字可能被截断），未写入",
                    "the notice is incomplete: no arrangement for \(missing.joined(separator: ", ")) (the text may be cut); nothing written"))
        }
        let notice = HolidayNotice(year: year, kind: .yearly, items: items, address: address)
        try notice.checkStatutory()
        return notice
    }

    /// Every statutory holiday of the year (《全国年节及纪念日放假办法》) must be among the notice's days off.
    func checkStatutory() throws(Problem) {
        let off = Set(items.flatMap(\.holidays))
        for (day, name) in StatutoryHolidays.list(year: year) where !off.contains(day) {
            let item = items.first { $0.name.contains(name.components(separatedBy: "、")[0]) }
            throw Problem(
                Message(
                    "\(day) 是法定节假日（\(name)），通知却未安排放假：请核对通知原文",
                    "\(day) is a statutory holiday (\(WorkCalendar.holidayName(name, .en))) but the notice gives no day off on it: check the text"),
                sentence: item?.sentence)
        }
    }

    /// Full-width digits and punctuation made half-width where the sentences' shape depends on them; the traditional
    /// characters of the notices' words made simplified.
    static func normalize(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            if let mapped = traditional[ch] {
                out.append(mapped)
                continue
            }
            switch ch {
            case "０"..."９":
                let v = ch.unicodeScalars.first!.value - 0xFF10
                out.append(Character(UnicodeScalar(0x30 + v)!))
            case "(": out.append("（")
            case ")": out.append("）")
            case ":": out.append("：")
            case ",": out.append("，")
            case ";": out.append("；")
            case "\u{3000}", "\u{00A0}": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }

    static let traditional: [Character: Character] = [
        "節": "节", "勞": "劳", "動": "动", "國": "国", "慶": "庆", "調": "调", "週": "周", "連": "连", "與": "与", "農": "农",
        "曆": "历", "臘": "腊", "號": "号", "關": "关", "於": "于", "辦": "办", "廳": "厅", "務": "务", "間": "间", "長": "长",
        "夠": "够", "單": "单", "鬆": "松", "開": "开", "體": "体", "這": "这", "為": "为", "時": "时", "鬧": "闹", "陽": "阳",
        "頭": "头", "兩": "两", "歷": "历",
    ]

    static func noticeYear(_ text: String) -> Int? {
        for pattern in [#"关于\s*(\d{4})\s*年\s*部分节假日安排的通知"#, #"(\d{4})\s*年\s*部分节假日安排"#, #"(\d{4})\s*年元旦、春节"#] {
            if let y = firstMatch(pattern, in: text, group: 1).flatMap({ Int($0) }) { return y }
        }
        return nil
    }

    /// The numbered items 「一、元旦：…」 up to the next item or the closing words.
    static func itemBodies(_ text: String) -> [(String, String)] {
        let names = "(?:元旦|春节|清明节|劳动节|端午节|中秋节|国庆节)(?:、(?:元旦|春节|清明节|劳动节|端午节|中秋节|国庆节))*"
        guard let re = try? NSRegularExpression(pattern: "[一二三四五六七八]\\s*[、.．]\\s*(\(names))\\s*：") else { return [] }
        let ns = text as NSString
        let found = re.matches(in: text, range: NSRange(location: 0, length: ns.length))
        var out: [(String, String)] = []
        var seen = Set<String>()
        for (i, m) in found.enumerated() {
            let name = ns.substring(with: m.range(at: 1))
            let start = m.range.location + m.range.length
            let end = i + 1 < found.count ? found[i + 1].range.location : ns.length
            var body = ns.substring(with: NSRange(location: start, length: end - start))
            // The last item ends at its sentence: what follows is the notice's closing words or the page.
            if i + 1 == found.count, let r = body.range(of: "上班。") ?? body.range(of: "。") {
                let afterFirst = body[r.upperBound...]
                // 「…放假调休，共8天。10月7日（周六）上班。」: keep the working-day sentence when it follows.
                if body[..<r.upperBound].contains("上班") || !afterFirst.prefix(40).contains("上班") {
                    body = String(body[..<r.upperBound])
                } else if let w = afterFirst.range(of: "上班。") {
                    body = String(body[..<w.upperBound])
                }
            }
            // A repost that quotes the list twice (a summary, then the text) is read once.
            if seen.insert(name).inserted { out.append((name, body.trimmingCharacters(in: .whitespacesAndNewlines))) }
        }
        return out
    }

    /// A date as the notices write it: 2018年12月30日, 12月30日, or 3日 after a month already named.
    static let datePattern = #"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:\s*（([^）]*)）)?"#

    static func parseItem(name: String, body: String, year: Int) throws(Problem) -> Item {
        let sentence = "\(name)：\(body)"
        // The holidays: up to the first 放假.
        guard let off = body.range(of: "放假") else {
            throw Problem(Message("找不到放假日期", "no holiday dates found"), sentence: sentence)
        }
        let head = String(body[..<off.lowerBound])
        let dates = try dates(in: head, year: year, item: name, sentence: sentence)
        guard let first = dates.first else { throw Problem(Message("找不到放假日期", "no holiday dates found"), sentence: sentence) }
        let last = dates.count > 1 ? dates[dates.count - 1] : first
        guard first <= last, last.ordinal - first.ordinal < 20 else {
            throw Problem(Message("放假日期 \(first) 至 \(last) 不成立", "the holiday \(first) to \(last) makes no sense"), sentence: sentence)
        }
        let holidays = (first.ordinal...last.ordinal).map(Day.init(ordinal:))
        let tail = String(body[off.upperBound...])
        if let n = firstMatch(#"^[^。]*?(?:共|放假)\s*(\d+)\s*天"#, in: "放假" + tail, group: 1).flatMap({ Int($0) }), n != holidays.count {
            throw Problem(
                Message(
                    "通知说共\(n)天，而 \(first) 至 \(last) 是 \(holidays.count) 天：请核对通知原文",
                    "the notice says \(n) days, but \(first) to \(last) is \(holidays.count) days: check the text"),
                sentence: sentence)
        }
        // Adjusted working days: the dates of each sentence that ends in 上班 (not 起正常上班, which is only a resumption).
        var workdays: [Day] = []
        for part in tail.components(separatedBy: "。") where part.contains("上班") && !part.contains("起正常上班") {
            let clause = part.components(separatedBy: "上班")[0]
            workdays += try self.dates(in: clause, year: year, item: name, sentence: sentence)
        }
        return Item(name: name, holidays: holidays, workdays: workdays, sentence: sentence)
    }

    /// The dates of a clause, each checked against the weekday stated beside it.
    static func dates(in clause: String, year: Int, item: String, sentence: String) throws(Problem) -> [Day] {
        guard let re = try? NSRegularExpression(pattern: datePattern) else { return [] }
        let ns = clause as NSString
        var out: [Day] = []
        var month: Int?
        var y: Int?
        for m in re.matches(in: clause, range: NSRange(location: 0, length: ns.length)) {
            func group(_ k: Int) -> String? { m.range(at: k).location == NSNotFound ? nil : ns.substring(with: m.range(at: k)) }
            if let ys = group(1) { y = Int(ys) }
            if let ms = group(2) { month = Int(ms) }
            guard let mo = month, let d = group(3).flatMap({ Int($0) }) else { continue }
            // 元旦's days in December belong to the year before (2019's notice: 2018年12月30日).
            let dayYear = y ?? (item.hasPrefix("元旦") && mo == 12 ? year - 1 : year)
            let text = ns.substring(with: m.range)
            guard let day = Day(year: dayYear, month: mo, day: d) else {
                throw Problem(Message("日期 \(text) 不存在", "\(text) is not a date"), sentence: sentence)
            }
            if let note = group(4), let stated = weekday(in: note), stated != day.weekday {
                throw Problem(
                    Message(
                        "\(dayYear)年\(mo)月\(d)日是\(["周一", "周二", "周三", "周四", "周五", "周六", "周日"][day.weekday - 1])，通知写的是“\(note)”：请核对通知原文",
                        "\(day) is a \(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][day.weekday - 1]), but the "
                            + "notice says “\(note)”: check the text"
                    ),
                    sentence: sentence)
            }
            out.append(day)
        }
        return out
    }

    /// The weekday a parenthesis states (周四, 星期六, 农历腊月二十八、周日), 1 = Monday.
    static func weekday(in note: String) -> Int? {
        guard let w = firstMatch(#"(?:周|星期|礼拜)([一二三四五六日天])"#, in: note, group: 1) else { return nil }
        return ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7][w]
    }

    /// 「延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班」
    static func parseExtension(_ text: String, address: String?) throws(Problem) -> HolidayNotice? {
        let pattern = #"延长\s*(\d{4})\s*年\s*(元旦|春节|清明节|劳动节|端午节|中秋节|国庆节)\s*假期至\s*("# + datePattern + ")"
        guard let re = try? NSRegularExpression(pattern: pattern) else { return nil }
        let ns = text as NSString
        guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)), let year = Int(ns.substring(with: m.range(at: 1))) else {
            return nil
        }
        let name = ns.substring(with: m.range(at: 2))
        let sentence = ns.substring(with: m.range)
        guard let until = try dates(in: ns.substring(with: m.range(at: 3)), year: year, item: name, sentence: sentence).first else { return nil }
        return HolidayNotice(
            year: year, kind: .extended(holiday: name, until: until), items: [Item(name: name, holidays: [], workdays: [], sentence: sentence)],
            address: address)
    }

    static func firstMatch(_ pattern: String, in text: String, group: Int = 0) -> String? {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return nil }
        let ns = text as NSString
        guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)), m.range(at: group).location != NSNotFound else { return nil }
        return ns.substring(with: m.range(at: group))
    }

    /// The year's days as the notice sets them, or as the extension makes of `base`.
    public func apply(to base: NoticeYear?) throws(Problem) -> NoticeYear {
        switch kind {
        case .yearly:
            var y = NoticeYear(year: year, notices: address.map { [$0] } ?? [])
            for item in items {
                for d in item.holidays { y.holidays[d] = item.name }
                for d in item.workdays { y.workdays[d] = item.name }
            }
            return y
        case .extended(let holiday, let until):
            guard var y = base else {
                throw Problem(
                    Message(
                        "这是延长\(year)年\(holiday)假期的补充通知：请先导入\(year)年的节假日安排通知",
                        "this notice extends the \(year) \(holiday) holiday: import the \(year) notice first"))
            }
            guard let current = y.holidays.filter({ $0.value.contains(holiday) }).keys.max(), let name = y.holidays[current] else {
                throw Problem(Message("\(year)年的通知中没有\(holiday)", "the \(year) notice has no \(holiday)"))
            }
            guard until > current else {
                throw Problem(
                    Message(
                        "\(year)年\(holiday)假期已放假至 \(current)，已包含本补充通知的安排，无需再导入",
                        "the \(year) \(holiday) holiday already runs to \(current), which includes this notice's extension: nothing to import"))
            }
            guard until.ordinal - current.ordinal < 30 else {
                throw Problem(Message("补充通知的日期 \(until) 不在\(holiday)假期之后", "the extension's day \(until) does not follow the \(holiday) holiday"))
            }
            for o in (current.ordinal + 1)...until.ordinal {
                y.holidays[Day(ordinal: o)] = name
                y.workdays[Day(ordinal: o)] = nil
            }
            if let address { y.notices.append(address) }
            return y
        }
    }

    /// A year as `Rules/calendars/cn.yaml` writes it: consecutive days as a range, names in the notice's order.
    public static func yaml(_ years: [NoticeYear]) -> String {
        var lines = ["years:"]
        for y in years.sorted(by: { $0.year < $1.year }) {
            lines.append("  \(y.year):")
            if !y.notices.isEmpty {
                lines.append("    notices:")
                lines += y.notices.map { "      - \($0)" }
            }
            for (field, days) in [("holidays", y.holidays), ("workdays", y.workdays)] where !days.isEmpty {
                lines.append("    \(field):")
                // Names in the order of their first day.
                var order: [String] = []
                for (_, name) in days.sorted(by: { $0.key < $1.key }) where !order.contains(name) { order.append(name) }
                for name in order {
                    let ds = days.filter { $0.value == name }.keys.sorted()
                    var runs: [String] = []
                    var i = 0
                    while i < ds.count {
                        var j = i
                        while j + 1 < ds.count, ds[j + 1].ordinal == ds[j].ordinal + 1 { j += 1 }
                        runs.append(i == j ? "\(ds[i])" : "\(ds[i])..\(ds[j])")
                        i = j + 1
                    }
                    lines.append("      \(name): [\(runs.joined(separator: ", "))]")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
