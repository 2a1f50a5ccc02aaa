import Foundation

/// Substring search on UTF-8 bytes. Foundation's `contains`/`range(of:)` on Linux folds character
/// clusters through CoreFoundation and took most of an import's time; byte search is exact for the words matched here.
extension StringProtocol {
    package func includes(_ needle: some StringProtocol) -> Bool { byteOffset(of: needle) != nil }

    package func byteRange(of needle: some StringProtocol) -> Range<Index>? {
        guard let offset = byteOffset(of: needle) else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: needle.utf8.count)
    }

    private func byteOffset(of needle: some StringProtocol) -> Int? {
        var haystack = String(self)
        var pattern = String(needle)
        return haystack.withUTF8 { h in
            pattern.withUTF8 { n -> Int? in
                guard !n.isEmpty else { return 0 }
                guard let hb = h.baseAddress, let nb = n.baseAddress, h.count >= n.count else { return nil }
                let last = h.count - n.count
                var i = 0
                while i <= last, let hit = memchr(hb + i, Int32(nb.pointee), last - i + 1) {
                    let at = UnsafeRawPointer(hb).distance(to: UnsafeRawPointer(hit))
                    if memcmp(hb + at, nb, n.count) == 0 { return at }
                    i = at + 1
                }
                return nil
            }
        }
    }
}
