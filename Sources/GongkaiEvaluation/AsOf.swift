import Foundation
import GongkaiCore
import GongkaiEvidence

extension EvidenceSet {
    /// The evidence as it stood at the end of `day`, the day of the self-check: a record dated later has not happened
    /// yet and is left out, and a later date in a record (an answer, a submission, an approval) is not known yet and is
    /// blank. Every check, `due`, the statistics, the appendix, the workbook and `rollup` read this view, so none of
    /// them compares dates with the as-of day on its own. Load problems stay: a bad record is bad whatever its date.
    /// Terms set in advance (`termFields`) are known when they are set, so a later one is kept.
    public func asOf(_ day: Day) -> EvidenceSet {
        // What changes, found on all cores (each record's dates are read once; usually nothing changes): for each
        // record that does, nil to leave it out, or the names of its dates not known yet.
        let chunk = 4096
        let changes = ConcurrentMap.map(Array(stride(from: 0, to: records.count, by: chunk))) { start -> [(Int, [String]?)] in
            var found: [(Int, [String]?)] = []
            for i in start..<Swift.min(start + chunk, records.count) {
                let r = records[i]
                if let d = r.date, d > day {
                    found.append((i, nil))
                    continue
                }
                let table = r.fieldTable
                var later: [String] = []
                table.forEachValue { position, value in
                    if case .date(let d) = value, d > day, !Self.termFields.contains(table.names[position]) { later.append(table.names[position]) }
                }
                if !later.isEmpty { found.append((i, later)) }
            }
            return found
        }
        // Nothing lies after the day (the usual run, on a finished year): the loader's set, with its indexes, is the view.
        guard changes.contains(where: { !$0.isEmpty }) else { return self }
        var kept: [EvidenceRecord] = []
        kept.reserveCapacity(records.count)
        var next = 0
        for (i, later) in changes.joined() {
            kept += records[next..<i]
            next = i + 1
            guard let later else { continue }
            var cut = records[i]
            var fields = cut.fields
            for name in later { fields[name] = nil }
            cut.fields = fields
            kept.append(cut)
        }
        kept += records[next...]
        var cut = EvidenceSet(
            root: root, records: kept, issues: issues, manifest: manifest, recordFileCount: recordFileCount,
            unreferencedFiles: unreferencedFiles)
        cut.notes = notes
        cut.ledgerColumns = ledgerColumns
        return cut
    }

    /// Dates that end a term fixed beforehand rather than record an event: a designation's end (`to`), a consultation's
    /// closing day (`end_on`), the completion deadline the office set (`correction_deadline`).
    public static let termFields: Set<String> = ["to", "end_on", "correction_deadline"]
}
