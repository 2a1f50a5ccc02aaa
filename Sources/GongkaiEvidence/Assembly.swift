import Foundation
import GongkaiCore

/// Assembly, in one place: attachments hashed, ids made unique, records indexed by type and task.
extension EvidenceLoader {
    typealias Digest = Result<(Int, String), FolderListing.Problem>

    /// Every cited file's size and SHA-256 (from the cache when unchanged), hashed on all cores; or why not.
    func hashAttachments(_ results: [FileResult]) -> [String: Digest] {
        var paths = Set<String>()
        for result in results { paths.formUnion(result.cited) }
        let sorted = paths.sorted()
        let hashed = ConcurrentMap.map(sorted) { path -> Digest in
            switch FolderListing.regularFile(path, in: root) {
            case .failure(let p): return .failure(p)
            case .success(let resolved): return (hashCache ?? HashCache.none).digest(of: resolved)
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

    /// Assembly of the validated rows, in file and row order: duplicate ids (naming both places), cited files that
    /// are missing, outside the folder, not regular files or do not match their declared SHA-256. A record with a
    /// problem is left out with every problem it has; the rest are indexed.
    ///
    /// On all cores, so that its cost does not stand alone after the parallel parse (one serial pass over 100,000
    /// records was a seventh of a load): each file's rows are checked on their own, ids are claimed in shards by
    /// hash (each shard walks all rows in order, so the first use of an id is the same as in one pass), then each
    /// file's kept records are placed at their offset.
    func assemble(_ results: [FileResult], digests: [String: Digest]) -> EvidenceSet {
        let files = ConcurrentMap.map(results.indices.map { $0 }) { i in FileRows(results[i], digests: digests, pathFields: pathFields) }
        let shardCount = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
        // Each row's first earlier use of its id, written by the shard that owns the id (rows are disjoint).
        let firstUse = files.map { SharedInts(count: $0.order.count, value: -1) }
        let rows = files.reduce(0) { $0 + $1.order.count }
        let shards = ConcurrentMap.map(Array(0..<shardCount)) { shard -> [String: Int] in
            var claimed: [String: Int] = [:]
            claimed.reserveCapacity(rows / shardCount + rows / (4 * shardCount) + 16)
            for (f, file) in files.enumerated() {
                let result = results[f]
                let firstUse = firstUse[f]
                for e in file.order.indices where file.hashes[e] != 0 && Int(UInt(bitPattern: file.hashes[e]) % UInt(shardCount)) == shard {
                    let id = result.id(of: file.order[e])!
                    if let first = claimed.updateValue(f << 32 | e, forKey: id) {
                        claimed[id] = first
                        firstUse[e] = first
                    }
                }
            }
            return claimed
        }
        // Where each file's kept records go.
        let keptCounts = ConcurrentMap.map(files.indices.map { $0 }) { f in files[f].keptCount(firstUse[f]) }
        let offsets = keptCounts.indices.map { keptCounts[..<$0].reduce(0, +) }
        let total = keptCounts.reduce(0, +)
        let slots = files.map { SharedInts(count: $0.order.count, value: -1) }
        var parts: [FilePart] = []
        let kept = [EvidenceRecord](unsafeUninitializedCapacity: total) { buffer, initialized in
            let into = SharedRecords(buffer.baseAddress)
            parts = ConcurrentMap.map(files.indices.map { $0 }) { f in
                files[f].place(results[f], from: offsets[f], into: into, slots: slots[f], firstUse: firstUse[f]) { ref in
                    let (g, e) = (ref >> 32, ref & 0xFFFF_FFFF)
                    return results[g].location(of: files[g].order[e])
                }
            }
            initialized = total
        }
        var issues: [LoadIssue] = []
        var byType: [String: [Int]] = [:]
        var byTask: [Int: [Int]] = [:]
        for part in parts {
            issues += part.issues
            for (type, indices) in part.byType { byType[type, default: []] += indices }
            for (task, indices) in part.byTask { byTask[task, default: []] += indices }
        }
        // Every cited file that could be read is in the manifest, whether or not its record was kept.
        let manifest = digests.compactMap { path, digest -> ManifestEntry? in
            guard case .success(let (size, sha)) = digest else { return nil }
            return ManifestEntry(path: path, size: size, sha256: sha)
        }
        let ids = IDIndex(shards: shards, slots: slots)
        return EvidenceSet(root: root, records: kept, issues: issues, manifest: manifest, byType: byType, byTask: byTask, ids: ids)
    }

    /// One file's rows in assembly order, with what each row's own content gives: its problems with cited files,
    /// its record's attachments with their digests, and its id's hash (0 for a row without an id).
    struct FileRows: Sendable {
        /// A record's index, or for a row that failed validation -1 - its index among the rejected.
        var order: [Int] = []
        var problems: [Int: [Message]] = [:]
        /// Records whose attachments now carry their size and digest.
        var updated: [Int: EvidenceRecord] = [:]
        var hashes: [Int] = []

        init(_ result: FileResult, digests: [String: Digest], pathFields: [String: [Int]]) {
            order.reserveCapacity(result.records.count + result.rejected.count)
            hashes.reserveCapacity(order.capacity)
            var nextRejected = 0
            var pathReader = PathFieldReader()
            func reject(_ k: Int) {
                let list = result.rejected[k].problems
                var attachments = list.attachments
                let bad = Self.check(&attachments, digests: digests)
                if !bad.isEmpty { problems[order.count] = bad }
                order.append(-1 - k)
                hashes.append(list.id.map(Self.hash) ?? 0)
            }
            for (j, r) in result.records.enumerated() {
                while nextRejected < result.rejected.count && result.rejected[nextRejected].before <= j {
                    reject(nextRejected)
                    nextRejected += 1
                }
                var attachments = r.attachments
                var bad = Self.check(&attachments, digests: digests)
                if !attachments.isEmpty {
                    var withDigests = r
                    withDigests.attachments = attachments
                    updated[j] = withDigests
                }
                pathReader.forEachPath(of: r, in: pathFields) { p in
                    if case .failure(let problem)? = digests[p] { bad.append(EvidenceLoader.citedProblem(p, problem, attachment: false)) }
                }
                if !bad.isEmpty { problems[order.count] = bad }
                order.append(j)
                hashes.append(Self.hash(r.id))
            }
            for k in nextRejected..<result.rejected.count { reject(k) }
        }

        /// The shard of an id: FNV-1a of its bytes (cheaper than a seeded `hashValue`, and the shard's dictionary
        /// hashes it anyway). Never 0, which marks a row without an id.
        static func hash(_ id: String) -> Int {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            let n = Int(truncatingIfNeeded: h)
            return n == 0 ? 1 : n
        }

        /// Fills in each attachment's size and digest; returns the problems of those that are missing, outside
        /// the folder, unreadable or not as declared.
        static func check(_ attachments: inout [Attachment], digests: [String: Digest]) -> [Message] {
            var bad: [Message] = []
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
                case .failure(let problem): bad.append(EvidenceLoader.citedProblem(a.path, problem, attachment: true))
                case .none: bad.append(EvidenceLoader.citedProblem(a.path, .unreadable(""), attachment: true))
                }
            }
            return bad
        }

        /// Records kept: valid rows with no problem of their own whose id was not used before.
        func keptCount(_ firstUse: SharedInts) -> Int {
            var n = 0
            for e in order.indices where order[e] >= 0 && (problems.isEmpty || problems[e] == nil) && firstUse[e] < 0 { n += 1 }
            return n
        }

        /// Places this file's kept records from `offset` on, noting each row's slot (its index among all records,
        /// or -1 for a row left out), and lists the problems of the rows left out, in row order.
        func place(
            _ result: FileResult, from offset: Int, into kept: SharedRecords, slots: SharedInts, firstUse: SharedInts,
            locationOf: (Int) -> SourceLocation
        ) -> FilePart {
            var part = FilePart()
            var next = offset
            var lastType = ""
            var typeIndices: [Int] = []
            for (e, o) in order.enumerated() {
                var bad = problems.isEmpty ? [] : problems[e] ?? []
                if firstUse[e] >= 0 {
                    let id = result.id(of: o)!
                    let at = locationOf(firstUse[e])
                    bad.insert(Message("记录编号 \(id) 重复：已在 \(at) 使用", "record id \(id) is used twice: first at \(at)"), at: 0)
                }
                guard o >= 0 else {
                    let list = result.rejected[-1 - o].problems
                    let location = list.location ?? SourceLocation(file: "")
                    part.issues += list.issues + bad.map { LoadIssue(location, $0, recordType: list.recordType, tasks: list.tasks) }
                    continue
                }
                let r = updated.isEmpty ? result.records[o] : updated[o] ?? result.records[o]
                guard bad.isEmpty else {
                    part.issues += bad.map { LoadIssue(r.location, $0, recordType: r.type, tasks: r.tasks) }
                    continue
                }
                slots[e] = next
                kept.initialize(next, to: r)
                // A file's records are nearly always of one type: its list is kept at hand, not hashed per record.
                if r.type != lastType {
                    if !typeIndices.isEmpty { part.byType[lastType, default: []] += typeIndices }
                    lastType = r.type
                    typeIndices = []
                }
                typeIndices.append(next)
                for t in r.tasks { part.byTask[t, default: []].append(next) }
                next += 1
            }
            if !typeIndices.isEmpty { part.byType[lastType, default: []] += typeIndices }
            return part
        }
    }

    /// What placing one file's rows gave: problems in row order, and its kept records' indices by type and task.
    struct FilePart: Sendable {
        var issues: [LoadIssue] = []
        var byType: [String: [Int]] = [:]
        var byTask: [Int: [Int]] = [:]
    }
}

extension EvidenceLoader.FileResult {
    /// The id of the row at `o` in `FileRows.order`.
    func id(of o: Int) -> String? { o >= 0 ? records[o].id : rejected[-1 - o].problems.id }
    func location(of o: Int) -> SourceLocation { o >= 0 ? records[o].location : rejected[-1 - o].problems.location ?? SourceLocation(file: "") }
}

/// Integers written by several threads, each to its own indices.
final class SharedInts: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Int>
    init(count: Int, value: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
    }
    deinit { storage.deallocate() }
    subscript(_ i: Int) -> Int {
        get { storage[i] }
        set { storage[i] = newValue }
    }
}

/// The kept records' buffer while threads place their files' records, each in its own range.
struct SharedRecords: @unchecked Sendable {
    let base: UnsafeMutablePointer<EvidenceRecord>?
    init(_ base: UnsafeMutablePointer<EvidenceRecord>?) { self.base = base }
    func initialize(_ i: Int, to r: EvidenceRecord) { (base! + i).initialize(to: r) }
}

/// Record ids to their index among the kept records (negative for an id whose first row was left out), in the
/// shards assembly claimed them in: nothing is hashed again to build one dictionary.
final class IDIndex: Sendable {
    private let shards: [[String: Int]]
    private let slots: [SharedInts]

    init(shards: [[String: Int]], slots: [SharedInts]) {
        self.shards = shards
        self.slots = slots
    }

    func index(of id: String) -> Int? {
        let hash = EvidenceLoader.FileRows.hash(id)
        guard let ref = shards[Int(UInt(bitPattern: hash) % UInt(shards.count))][id] else { return nil }
        return slots[ref >> 32][ref & 0xFFFF_FFFF]
    }
}
