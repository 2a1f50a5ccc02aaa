import Foundation
import ZIPFoundation

/// Checks, before ZIPFoundation opens a zip held in memory, that every place the zip points to lies inside it.
///
/// ZIPFoundation reads an in-memory archive through a `FILE` whose read function traps when asked to read after
/// a seek past the end (`Archive+MemoryFile.swift`, `readData`): a workbook with one byte missing, found by
/// `make fuzz`, stopped the whole run. Offices' files are often damaged, so every office file (.xlsx, .docx) is
/// checked here first, and a zip that points outside itself is reported as damaged. Written by hand because it is
/// the guard around the kept library, not a second zip reader: it only reads the directory's offsets and sizes.
enum ZipBounds {
    /// ZIPFoundation's read-only archive over `data`, or why `data` is no sound zip.
    static func archive(_ data: Data) -> Result<Archive, ZipProblem> {
        if let problem = problem(data) { return .failure(ZipProblem(reason: problem)) }
        do { return .success(try Archive(data: data, accessMode: .read)) } catch { return .failure(ZipProblem(reason: "not a zip archive")) }
    }

    struct ZipProblem: Error {
        var reason: String
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
