import Foundation

/// Assembly, in one place: attachments hashed, ids made unique, records indexed by type and task.
extension EvidenceLoader {
    typealias Digest = Result<(Int, String), FolderListing.Problem>

    /// The files a record cites: its attachments and its `path` fields (the annual report's `file`), so the
    /// manifest holds every file a check reads.
    func citedPaths(_ r: EvidenceRecord) -> [String] {
        var paths = r.attachments.map(\.path)
        if let type = types[r.type] {
            for spec in type.fields where spec.kind == .path {
                if case .string(let p)? = r.fieldTable[spec.name] { paths.append(p) }
            }
        }
        return paths
    }

    /// Every cited file's size and SHA-256 (from the cache when unchanged), hashed on all cores; or why not.
    func hashAttachments(_ results: [FileResult]) -> [String: Digest] {
        var paths = Set<String>()
        for result in results {
            for r in result.records { for p in citedPaths(r) { paths.insert(p) } }
            for r in result.rejected { for a in r.problems.attachments { paths.insert(a.path) } }
        }
        let sorted = paths.sorted()
        let hashed = ConcurrentMap.map(sorted) { path -> Digest in
            switch FolderListing.regularFile(path, in: root) {
            case .failure(let p): return .failure(p)
            case .success(let resolved):
                guard let digest = (hashCache ?? HashCache.none).digest(of: URL(fileURLWithPath: resolved)) else { return .failure(.unreadable("")) }
                return .success(digest)
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(sorted, hashed))
    }

    static func citedProblem(_ path: String, _ problem: FolderListing.Problem, attachment: Bool) -> Message {
        let what = attachment ? Message("附件", "attachment") : Message("文件", "file")
        switch problem {
        case .outside: return Message("\(what.zh)路径 \(path) 指向证据目录之外，已拒绝", "\(what.en) path \(path) leaves the evidence folder: rejected")
        case .missing: return Message("\(what.zh) \(path) 不存在", "\(what.en) \(path) does not exist")
        case .unreadable: return Message("\(what.zh) \(path) 无法读取", "\(what.en) \(path) cannot be read")
        default: return Message("\(what.zh) \(path)：", "\(what.en) \(path): ") + problem.text
        }
    }

    /// One pass over the validated records, in file and row order: duplicate ids (naming both places), cited
    /// files that are missing, outside the folder, not regular files or do not match their declared SHA-256.
    /// A record with a problem is left out with every problem it has; the rest are copied once, into the indexed set.
    func assemble(_ results: [FileResult], digests: [String: Digest]) -> EvidenceSet {
        let total = results.reduce(0) { $0 + $1.records.count }
        var kept: [EvidenceRecord] = []
        kept.reserveCapacity(total)
        var issues: [LoadIssue] = []
        // id → index in `kept`, or for a record left out -1 - its index in `leftOut`: the first use of an id stays
        // the one later uses are reported against, kept or not.
        var firstUse: [String: Int] = [:]
        firstUse.reserveCapacity(total)
        var leftOut: [SourceLocation] = []
        var byType: [String: [Int]] = [:]
        var byTask: [Int: [Int]] = [:]
        let pathFields = Dictionary(uniqueKeysWithValues: types.types.map { ($0.key, $0.value.fields.filter { $0.kind == .path }.map(\.name)) })
        func check(_ attachments: inout [Attachment], into bad: inout [Message]) {
            for i in attachments.indices {
                let a = attachments[i]
                switch digests[a.path] {
                case .success(let (size, sha)):
                    attachments[i].sha256 = sha
                    attachments[i].size = size
                    if let declared = a.declaredSHA256, declared.lowercased() != sha {
                        bad.append(
                            Message(
                                "附件 \(a.path) 的 SHA-256 不符：记录写 \(declared)，文件为 \(sha)",
                                "attachment \(a.path): SHA-256 mismatch: the record says \(declared), the file is \(sha)"))
                    }
                case .failure(let problem): bad.append(Self.citedProblem(a.path, problem, attachment: true))
                case .none: bad.append(Self.citedProblem(a.path, .unreadable(""), attachment: true))
                }
            }
        }
        /// A row that failed validation: its problems, then its attachments' and its id's, all at its place.
        func reject(_ r: IssueList) {
            var bad: [Message] = []
            var attachments = r.attachments
            check(&attachments, into: &bad)
            let location = r.location ?? SourceLocation(file: "")
            if let id = r.id {
                if let first = firstUse.updateValue(-1 - leftOut.count, forKey: id) {
                    firstUse[id] = first
                    let at = first >= 0 ? kept[first].location : leftOut[-1 - first]
                    bad.insert(Message("记录编号 \(id) 重复：已在 \(at) 使用", "record id \(id) is used twice: first at \(at)"), at: 0)
                } else {
                    leftOut.append(location)
                }
            }
            issues += r.issues + bad.map { LoadIssue(location, $0, recordType: r.recordType, tasks: r.tasks) }
        }
        for result in results {
            var nextRejected = 0
            for (index, original) in result.records.enumerated() {
                while nextRejected < result.rejected.count && result.rejected[nextRejected].before <= index {
                    reject(result.rejected[nextRejected].problems)
                    nextRejected += 1
                }
                var r = original
                var bad: [Message] = []
                var attachments = r.attachments
                check(&attachments, into: &bad)
                if !attachments.isEmpty { r.attachments = attachments }
                for name in pathFields[r.type] ?? [] {
                    guard case .string(let p)? = r.fieldTable[name] else { continue }
                    if case .failure(let problem)? = digests[p] { bad.append(Self.citedProblem(p, problem, attachment: false)) }
                }
                // One hash of the id: claim it for this record, and give it back if an earlier record had it.
                let slot = bad.isEmpty ? kept.count : -1 - leftOut.count
                if let first = firstUse.updateValue(slot, forKey: r.id) {
                    firstUse[r.id] = first
                    let at = first >= 0 ? kept[first].location : leftOut[-1 - first]
                    bad.insert(Message("记录编号 \(r.id) 重复：已在 \(at) 使用", "record id \(r.id) is used twice: first at \(at)"), at: 0)
                } else if !bad.isEmpty {
                    leftOut.append(r.location)
                }
                guard bad.isEmpty else {
                    issues += bad.map { LoadIssue(r.location, $0, recordType: r.type, tasks: r.tasks) }
                    continue
                }
                byType[r.type, default: []].append(kept.count)
                for t in r.tasks { byTask[t, default: []].append(kept.count) }
                kept.append(r)
            }
            for rest in result.rejected[nextRejected...] { reject(rest.problems) }
        }
        // Every cited file that could be read is in the manifest, whether or not its record was kept.
        let manifest = digests.compactMap { path, digest -> ManifestEntry? in
            guard case .success(let (size, sha)) = digest else { return nil }
            return ManifestEntry(path: path, size: size, sha256: sha)
        }
        return EvidenceSet(root: root, records: kept, issues: issues, manifest: manifest, byType: byType, byTask: byTask, firstUse: firstUse)
    }
}
