import Foundation

extension EvidenceSet {
    /// The evidence as it stood at the end of `day`, the day of the self-check: a record dated later has not happened
    /// yet and is left out, and a later date in a record (an answer, a submission, an approval) is not known yet and is
    /// blank. Every check, `due`, the statistics, the appendix, the workbook and `rollup` read this view, so none of
    /// them compares dates with the as-of day on its own. Load problems stay: a bad record is bad whatever its date.
    /// Terms set in advance (`termFields`) are known when they are set, so a later one is kept.
    public func asOf(_ day: Day) -> EvidenceSet {
        var kept: [EvidenceRecord] = []
        var changed = false
        for (i, r) in records.enumerated() {
            if let d = r.date, d > day {
                if !changed {
                    kept = Array(records[..<i])
                    changed = true
                }
                continue
            }
            let table = r.fieldTable
            var later: [String] = []
            for (position, name) in table.names.enumerated() {
                if case .date(let d) = table[position: position], d > day, !Self.termFields.contains(name) { later.append(name) }
            }
            if later.isEmpty {
                if changed { kept.append(r) }
                continue
            }
            if !changed {
                kept = Array(records[..<i])
                changed = true
            }
            var cut = r
            var fields = r.fields
            for name in later { fields[name] = nil }
            cut.fields = fields
            kept.append(cut)
        }
        // Nothing lies after the day (the usual run, on a finished year): the loader's set, with its indexes, is the view.
        guard changed else { return self }
        return EvidenceSet(
            root: root, records: kept, issues: issues, manifest: manifest, recordFileCount: recordFileCount,
            unreferencedFiles: unreferencedFiles)
    }

    /// Dates that end a term fixed beforehand rather than record an event: a designation's end (`to`), a consultation's
    /// closing day (`end_on`), the completion deadline the office set (`correction_deadline`).
    public static let termFields: Set<String> = ["to", "end_on", "correction_deadline"]
}
