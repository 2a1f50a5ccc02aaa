import Foundation

/// One source format of evidence files: it turns a file's bytes into raw rows with their locations, each handed to
/// the loader's `validate`, and problems. Registered in `EvidenceLoader.formats`.
protocol EvidenceFormat: Sendable {
    /// Lower-case file name endings, without the dot.
    static var extensions: [String] { get }
    /// The largest file read, for this folder.
    static func maxBytes(_ config: FolderConfig) -> Int
    /// Reads one file's bytes into `result`.
    static func read(_ data: Data, path: String, loader: EvidenceLoader, into result: inout FileResult)
    /// How the file is read: by default at once; a large ledger splits into parts read on all cores.
    static func steps(_ path: String, size: Int, loader: EvidenceLoader) -> [EvidenceLoader.ParseStep]
}

typealias FileResult = EvidenceLoader.FileResult

extension EvidenceFormat {
    static func maxBytes(_ config: FolderConfig) -> Int { EvidenceLoader.maxRecordFileBytes }

    static func steps(_ path: String, size: Int, loader: EvidenceLoader) -> [EvidenceLoader.ParseStep] {
        var result = FileResult()
        if let data = loader.readFile(path, limit: maxBytes(loader.config), into: &result) {
            read(data, path: path, loader: loader, into: &result)
        }
        return [.parsed(result)]
    }
}

extension EvidenceLoader.FileResult {
    /// One raw row, validated: a record, or its problems. The files it cites are noted here, on the parsing
    /// thread while the record is fresh, so assembly need not visit every record again to find them.
    mutating func add(_ validated: Result<EvidenceRecord, EvidenceLoader.IssueList>, citing pathFields: [String: [Int]]) {
        switch validated {
        case .success(let r):
            for a in r.attachments { cited.insert(a.path) }
            pathReader.forEachPath(of: r, in: pathFields) { cited.insert($0) }
            records.append(r)
        case .failure(let list):
            for a in list.attachments { cited.insert(a.path) }
            // Kept for assembly, in row order among the records, unless it never was a record at all.
            if list.location != nil { rejected.append((records.count, list)) } else { issues += list.issues }
        }
    }
}
