import Foundation
import GongkaiCore
import GongkaiPlan

/// A responsibility phrase written in the text rather than in a column: on a line of its own (`责任单位：…`), in
/// brackets at a paragraph's end (`（牵头单位：A；责任单位：B）`), or closing each task of a running paragraph
/// (`…规划信息。（市规划国土委负责落实）推进…（A、B分别负责落实）`); a deadline said in the same bracket
/// (`完成时限：全年`) is split off.
enum InlinePhrase {
    /// A running paragraph cut at its brackets: each task's text, its bracket's words and its source; what follows.
    struct Running {
        struct Task {
            var body: String
            var inner: String
            var source: String
        }
        var tasks: [Task]
        var tail: String
        /// Brackets in the middle of the text (or more than one): a paragraph of several tasks.
        var isRunning: Bool { tasks.count >= 2 || (tasks.count == 1 && !tail.isEmpty) }
    }

    static let labels = ["牵头单位", "责任单位", "配合单位", "责任科室", "牵头科室", "配合科室", "责任股室", "责任处室", "责任部门", "牵头部门", "配合部门", "负责单位", "承办单位"]

    static let roleWords = ["牵头", "负责", "配合", "责任单位", "责任科室", "落实", "承办", "协助", "参与", "主办", "协办"]

    /// The phrase of a line that holds only roles: "责任单位：区发展和改革局", or a bracket after the task's paragraph
    /// ("（牵头单位：区政府办公室，责任单位：区政府各部门，完成时限：长期坚持）"), whose words are returned.
    static func ownLine(_ text: String) -> String? {
        // The label is at the start: the rest of a long paragraph is never normalised.
        let t = ResponsibilityParser.normalize(String(text.prefix(12)))
        if labels.contains(where: { t.hasPrefix($0 + ":") }) { return text }
        guard let open = text.first, "(（".contains(open), let close = text.last, ")）".contains(close) else { return nil }
        let inner = String(text.dropFirst().dropLast())
        // One bracket from end to end ("(一)…(二)" is not), with a role word in it ("（此件公开发布）" has none).
        var depth = 0
        for c in inner {
            if "(（".contains(c) { depth += 1 } else if ")）".contains(c) { depth -= 1 }
            if depth < 0 { return nil }
        }
        guard depth == 0, roleWords.contains(where: { inner.includes($0) }), isRolePhrase(inner) else { return nil }
        return inner
    }

    /// "1.做好…。（牵头单位：A；责任单位：B）" → ("1.做好…。", "牵头单位：A；责任单位：B"). A bracket left open at the end
    /// (a page cut short) still counts when it holds a role word.
    static func trailing(_ text: String) -> (String, String?) {
        var t = text
        while let last = t.last, "。.;；".contains(last) { t.removeLast() }
        let closed = t.hasSuffix(")") || t.hasSuffix("）")
        var depth = 0
        var index = t.endIndex
        while index > t.startIndex {
            index = t.index(before: index)
            let c = t[index]
            if c == ")" || c == "）" { depth += 1 }
            if c == "(" || c == "（" {
                if closed {
                    depth -= 1
                    if depth == 0 { break }
                } else if depth == 0 {
                    break
                } else {
                    depth -= 1
                }
            }
        }
        guard index > t.startIndex, t[index] == "(" || t[index] == "（" else { return (text, nil) }
        var inner = String(t[t.index(after: index)...])
        if closed { inner.removeLast() }
        // Units alone in a closed bracket count too ("（区发展改革委）"); an open one only with a role word.
        guard inner.count <= 200, roleWords.contains(where: { inner.includes($0) }) || (closed && isRolePhrase(inner)) else { return (text, nil) }
        return (String(t[..<index]), inner)
    }

    /// A paragraph cut at each bracket that holds a role phrase (`（X负责落实）`, `（A、B分别负责落实）`,
    /// `（责任单位：X，完成时限：…）`, or units alone: `（区发展改革委）`): the text before each bracket with the bracket's
    /// words, and what follows the last one.
    static func running(_ text: String) -> Running {
        let t = text
        var tasks: [Running.Task] = []
        var cursor = t.startIndex
        var depth = 0
        var open: String.Index?
        // Brackets inside a title (《…规范(试行)》) are the title's own.
        var titleDepth = 0
        let separators: Set<Character> = ["。", "；", ";", "，", ",", " ", "　", "\t"]
        for i in t.indices {
            let c = t[i]
            if c == "《" { titleDepth += 1 } else if c == "》" { titleDepth = max(0, titleDepth - 1) }
            if titleDepth > 0 { continue }
            if c == "(" || c == "（" {
                if depth == 0 { open = i }
                depth += 1
            } else if c == ")" || c == "）", depth > 0 {
                depth -= 1
                guard depth == 0, let o = open, o >= cursor else { continue }
                let inner = String(t[t.index(after: o)..<i])
                guard isRolePhrase(inner) else { continue }
                // The separators left over from the task before are dropped; the sentence's own end is kept.
                let body = String(t[cursor..<o].drop { separators.contains($0) }).trimmingSpaces
                let source = String(t[cursor...i].drop { separators.contains($0) })
                if body.isEmpty, let previous = tasks.popLast() {
                    // Two brackets in a row: one task's phrase said twice.
                    tasks.append(Running.Task(body: previous.body, inner: previous.inner + "；" + inner, source: previous.source + source))
                } else {
                    tasks.append(Running.Task(body: body, inner: inner, source: source))
                }
                cursor = t.index(after: i)
            }
        }
        var tail = t[cursor...].drop { separators.contains($0) }
        while let last = tail.last, separators.contains(last) { tail = tail.dropLast() }
        return Running(tasks: tasks, tail: String(tail))
    }

    /// A bracket's words read as roles: a role word with units the parser reads, a labelled clause, or units alone.
    static func isRolePhrase(_ inner: String) -> Bool {
        // "（以下简称市发改委）", "（含区属国企）": a name said in passing, not the task's units.
        // "（试行）", "（2024年版）": a document's edition, not units.
        let asides = ["简称", "下同", "以下", "包括", "详见", "附件", "含", "试行", "暂行", "草案", "征求意见稿", "年版"]
        guard !asides.contains(where: { inner.includes($0) }) else { return false }
        let (phrase, _) = splitDeadline(inner)
        guard phrase.count <= 200, !phrase.isEmpty, let parsed = ResponsibilityParser.clauses(phrase) else { return false }
        return parsed.clauses.allSatisfy { !$0.names.isEmpty }
    }

    /// "责任单位：区发改委，完成时限：全年" → ("责任单位：区发改委", "全年"); "区发展改革委负责落实，2022年10月底前完成"
    /// → ("区发展改革委负责落实", "2022年10月底前"); a phrase with no deadline in it is returned whole.
    static func splitDeadline(_ phrase: String) -> (String, String?) {
        let separators: Set<Character> = ["，", ",", "；", ";", " ", "　"]
        for label in ["完成时限", "完成时间", "时限要求", "时间要求", "时间节点", "时限"] {
            guard let r = phrase.byteRange(of: label), r.lowerBound > phrase.startIndex else { continue }
            let before = phrase[..<r.lowerBound]
            guard let sep = before.last, separators.contains(sep) else { continue }
            var deadline = phrase[r.upperBound...].drop { ":：".contains($0) || $0 == " " }
            while let l = deadline.last, "。.;；)）".contains(l) { deadline = deadline.dropLast() }
            return (String(before.dropLast()).trimmingSpaces, deadline.isEmpty ? nil : String(deadline))
        }
        // An unlabelled last clause that is a deadline ("2022年10月底前完成", "长期坚持").
        guard let cut = phrase.lastIndex(where: { separators.contains($0) }) else { return (phrase, nil) }
        var last = String(phrase[phrase.index(after: cut)...]).trimmingSpaces
        for done in ["前完成", "完成"] where last.hasSuffix(done) && last.count > done.count {
            last = String(last.dropLast(done.hasPrefix("前") ? done.count - 1 : done.count))
        }
        let head = String(phrase[..<cut])
        guard DeadlineParser.parse(requirement: last, year: 2000) != nil, ResponsibilityParser.clauses(last) == nil, ResponsibilityParser.clauses(head) != nil
        else { return (phrase, nil) }
        return (head, last)
    }
}
