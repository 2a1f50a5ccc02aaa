import Foundation
import GongkaiCore

/// Where `calendar import` writes a year: the user's calendar folder (outside the program and every evidence
/// folder), or, for a CI gate that must count the same days everywhere, the evidence folder's `日历/YYYY.yaml`,
/// declared in its gongkai.yaml.
public enum CalendarImport {
    public static let folderDirectory = "日历"

    /// Writes the year and returns the path written.
    public static func write(_ year: NoticeYear, toFolder root: URL? = nil) throws(GongkaiError) -> String {
        let text =
            "# 国务院\(year.year)年节假日安排（gongkai calendar import 生成；可用 gongkai calendar show \(year.year) 核对）\n"
            + HolidayNotice.yaml([year])
        do {
            guard let root else {
                let dir = WorkCalendar.userDirectory()
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                let url = dir.appendingPathComponent("\(year.year).yaml")
                try Data(text.utf8).write(to: url, options: .atomic)
                return url.path
            }
            let relative = "\(folderDirectory)/\(year.year).yaml"
            let config = try FolderConfig.load(root: root)
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folderDirectory), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: root.appendingPathComponent(relative), options: .atomic)
            if !config.calendars.contains(relative) { try declare(relative, in: root, existing: config.calendars) }
            return root.appendingPathComponent(relative).path
        } catch let e as GongkaiError {
            throw e
        } catch {
            throw GongkaiError(Message("无法写入日历：\(error.localizedDescription)", "cannot write the calendar: \(error.localizedDescription)"))
        }
    }

    /// Adds the file to gongkai.yaml's `calendars:`, keeping every other line as the office wrote it.
    static func declare(_ relative: String, in root: URL, existing: [String]) throws {
        let url = root.appendingPathComponent(FolderConfig.fileName)
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let all = (existing + [relative]).joined(separator: ", ")
        if let i = lines.firstIndex(where: { $0.hasPrefix("calendars:") }) {
            // A block list below the key is replaced by the flow list.
            var j = i + 1
            while j < lines.count, lines[j].hasPrefix(" ") || lines[j].hasPrefix("-") { j += 1 }
            lines.replaceSubrange(i..<j, with: ["calendars: [\(all)]   # 国务院节假日安排通知（gongkai calendar import --to 写入）"])
        } else {
            if lines.last == "" { lines.removeLast() }
            lines.append("calendars: [\(all)]   # 国务院节假日安排通知（gongkai calendar import --to 写入）")
            lines.append("")
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: url, options: .atomic)
    }
}
