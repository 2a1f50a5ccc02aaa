import CZlib
import Foundation
import GongkaiCore
import Synchronization
import ZIPFoundation

/// Checks, before ZIPFoundation opens a zip held in memory, that every place the zip points to lies inside it.
///
/// ZIPFoundation reads an in-memory archive through a `FILE` whose read function traps when asked to read after
/// a seek past the end (`Archive+MemoryFile.swift`, `readData`): a workbook with one byte missing, found by
/// `make fuzz`, stopped the whole run. Offices' files are often damaged, so every office file (.xlsx, .docx) is
/// checked here first, and a zip that points outside itself is reported as damaged. Written by hand because it is
/// the guard around the kept library, not a second zip reader: it only reads the directory's offsets and sizes.
package enum ZipBounds {
    /// The zip in `data`, read through ZIPFoundation with every part's bytes counted against the file's budget and
    /// `run`'s, or why `data` is no sound zip.
    package static func open(_ data: Data, run: InflationBudget) -> Result<ZipFile, ZipProblem> {
        if let problem = problem(data) { return .failure(ZipProblem(reason: problem)) }
        do { return .success(ZipFile(try Archive(data: data, accessMode: .read), run: run)) } catch {
            return .failure(ZipProblem(reason: "not a zip archive"))
        }
    }

    package struct ZipProblem: Error {
        package var reason: String
    }

    /// nil when every directory entry, local header and compressed body lies inside `data`; else what does not.
    static func problem(_ data: Data) -> String? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String? in problem(bytes) }
    }

    static func problem(_ b: UnsafeRawBufferPointer) -> String? {
        let count = b.count
        func u16(_ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func u64(_ at: Int) -> Int? {
            let high = u32(at + 4)
            guard high < 1 << 30 else { return nil }
            return u32(at) | high << 32
        }
        func fits(_ start: Int, _ length: Int) -> Bool { start >= 0 && length >= 0 && start <= count && length <= count - start }

        // The end-of-central-directory record: the last signature within the comment's reach of the end.
        guard count >= 22 else { return "too short for a zip" }
        var eocd = -1
        var i = count - 22
        while i >= max(0, count - 22 - 65_535) {
            if b[i] == 0x50 && b[i + 1] == 0x4B && b[i + 2] == 0x05 && b[i + 3] == 0x06 {
                eocd = i
                break
            }
            i -= 1
        }
        guard eocd >= 0 else { return "no end of central directory" }
        var entries = u16(eocd + 10)
        var directorySize = u32(eocd + 12)
        var directoryOffset = u32(eocd + 16)
        if entries == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the locator just before the record points at the ZIP64 record.
            let locator = eocd - 20
            guard fits(locator, 20), u32(locator) == 0x0706_4B50, let record = u64(locator + 8), fits(record, 56), u32(record) == 0x0606_4B50,
                let n = u64(record + 32), let size = u64(record + 40), let offset = u64(record + 48)
            else { return "damaged ZIP64 directory" }
            (entries, directorySize, directoryOffset) = (n, size, offset)
        }
        guard fits(directoryOffset, directorySize) else { return "central directory outside the file" }
        var at = directoryOffset
        for _ in 0..<entries {
            guard fits(at, 46), u32(at) == 0x0201_4B50 else { return "damaged central directory entry" }
            var compressed = u32(at + 20)
            let wideUncompressed = u32(at + 24) == 0xFFFF_FFFF
            let nameLength = u16(at + 28)
            let extraLength = u16(at + 30)
            let commentLength = u16(at + 32)
            var local = u32(at + 42)
            guard fits(at + 46, nameLength + extraLength + commentLength) else { return "damaged central directory entry" }
            // ZIP64 sizes and offset, in this order, for each field that is all ones.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = u16(extra)
                let size = u16(extra + 2)
                guard extra + 4 + size <= extraEnd else { break }
                if id == 0x0001 {
                    var field = extra + 4
                    for value in [0, 1, 2] {
                        let wide = value == 0 ? wideUncompressed : value == 1 ? compressed == 0xFFFF_FFFF : local == 0xFFFF_FFFF
                        guard wide else { continue }
                        guard field + 8 <= extra + 4 + size, let v = u64(field) else { return "damaged ZIP64 entry" }
                        if value == 1 { compressed = v } else if value == 2 { local = v }
                        field += 8
                    }
                }
                extra += 4 + size
            }
            guard fits(local, 30), u32(local) == 0x0403_4B50 else { return "an entry's local header is outside the file" }
            let bodyStart = local + 30 + u16(local + 26) + u16(local + 28)
            guard fits(bodyStart, compressed) else { return "an entry's data is outside the file" }
            at += 46 + nameLength + extraLength + commentLength
        }
        return nil
    }
}

/// A zip opened for reading through `ZipBounds`: the only way gongkai reads a zip's parts, so every part's bytes
/// are counted as they are inflated, against the part's own limit, the file's budget and the run's.
///
/// The sizes a zip's headers declare are the file's word and a hostile file lies: a .docx that says its body
/// is 1 KB inflated to 3 GB and stopped `check`; 100 sheets pointing at one 1,000 MB part are each under the
/// part limit and together 100 GB. Only the bytes actually inflated are counted.
package final class ZipFile: Sequence {
    private let archive: Archive
    /// Bytes inflated from this file so far, every read counted (a part read twice counts twice).
    private var inflated = 0
    private let fileBudget: Int

    private let run: InflationBudget

    /// The most bytes one file's parts may inflate to, all its reads together.
    static let fileBudgetBytes = 2 << 30

    fileprivate init(_ archive: Archive, run: InflationBudget, fileBudget: Int = fileBudgetBytes) {
        self.archive = archive
        self.run = run
        self.fileBudget = fileBudget
    }

    package subscript(path: String) -> Entry? { archive[path] }

    package func makeIterator() -> AnyIterator<Entry> { archive.makeIterator() }

    /// Why a part was not read whole: a limit reached (and which), or damage.
    package enum Failure: Error, Sendable, Equatable {
        case exceeded(Exceeded)
        case damaged(part: String, reason: String)
    }

    /// A limit a part's inflated bytes reached; `part` is the part being read when it was reached.
    package struct Exceeded: Error, Sendable, Equatable {
        package enum Scope: Sendable, Equatable { case part, file, run }
        package var part: String
        package var scope: Scope
        var limit: Int

        var message: Message {
            let mb = limit >> 20
            switch scope {
            case .part: return Message("\(part) 解压后超过 \(mb) MB（单个部件的上限）", "\(part) inflates to more than \(mb) MB (the limit for one part)")
            case .file:
                return Message(
                    "解压到 \(part) 时，整个文件已解压超过 \(mb) MB（每个文件的上限），未再读取",
                    "while inflating \(part), the file's parts passed \(mb) MB (the limit for one file): not read further")
            case .run:
                return Message(
                    "解压到 \(part) 时，本次运行已解压超过 \(mb) MB（每次运行的上限），未再读取",
                    "while inflating \(part), this run's zips passed \(mb) MB (the limit for one run): not read further")
            }
        }
    }

    /// Inflates a part chunk by chunk into `consumer`, stopping at `limit` bytes for the part or at the file's or the
    /// run's budget; with `verify`, its CRC-32 is compared at the end. ZIPFoundation's own CRC-32, in Swift a byte at
    /// a time, was a tenth of reading a large sheet: zlib's (the library ZIPFoundation inflates with) checks it.
    func extract(_ entry: Entry, part: String, limit: Int, verify: Bool = true, _ consumer: (UnsafeRawBufferPointer) -> Void) throws(Failure) {
        guard entry.uncompressedSize <= UInt64(limit) else { throw .exceeded(Exceeded(part: part, scope: .part, limit: limit)) }
        var crc = crc32(0, nil, 0)
        var total = 0
        do {
            _ = try archive.extract(entry, skipCRC32: true) { chunk in
                total += chunk.count
                if let exceeded = charge(chunk.count, part: part, partTotal: total, limit: limit) { throw Failure.exceeded(exceeded) }
                chunk.withUnsafeBytes { bytes in
                    if verify { crc = crc32(crc, bytes.bindMemory(to: Bytef.self).baseAddress, uInt(bytes.count)) }
                    consumer(bytes)
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .damaged(part: part, reason: "cannot be decompressed (\(error))")
        }
        // An entry whose checksum sits in a data descriptor ZIPFoundation did not read reports 0: not compared.
        guard !verify || entry.checksum == 0 || UInt32(crc) == entry.checksum else {
            throw .damaged(part: part, reason: "its CRC-32 does not match")
        }
    }

    private func charge(_ count: Int, part: String, partTotal: Int, limit: Int) -> Exceeded? {
        if partTotal > limit { return Exceeded(part: part, scope: .part, limit: limit) }
        inflated += count
        if inflated > fileBudget { return Exceeded(part: part, scope: .file, limit: fileBudget) }
        if !run.charge(count) { return Exceeded(part: part, scope: .run, limit: run.limit) }
        return nil
    }
}

/// The bytes all the zips of one run may inflate to together: one budget per evidence folder loaded (each department
/// of a roll-up has its own, so a roll-up's later departments are not refused for what earlier ones inflated), one
/// per document read on its own (a plan, a rubric, last year's report, a holiday notice). Shared by the threads that
/// read one folder's workbooks at once.
public final class InflationBudget: Sendable {
    /// The most bytes the zips of one run may inflate to.
    public static let runBytes = 16 << 30
    public let limit: Int
    private let inflated = Mutex(0)

    public init(limit: Int = runBytes) { self.limit = limit }

    /// Counts `count` more bytes; false once the run's zips have inflated past the limit.
    func charge(_ count: Int) -> Bool {
        inflated.withLock { total in
            total += count
            return total <= limit
        }
    }
}
