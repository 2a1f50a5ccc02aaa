import Foundation
import GongkaiCore
import GongkaiOffice

/// Excel 97–2003 workbooks (.xls), read through libfreexl: each sheet with a header row is a ledger, as in .xlsx.
enum XLSLedgerFormat: EvidenceFormat {
    static let extensions = ["xls"]
    static func maxBytes(_ config: FolderConfig) -> Int { config.maxLedgerBytes }

    static func read(_ data: Data, path: String, loader: EvidenceLoader, into result: inout FileResult) {
        // libfreexl reads from a path; the bytes were already checked to come from a regular file in the folder.
        let workbook: XLSWorkbook
        do { workbook = try XLSWorkbook(path: loader.root.appendingPathComponent(path).path) } catch {
            result.issues.append(
                LoadIssue(
                    SourceLocation(file: path),
                    Message(
                        "无法读取 .xls 工作簿（libfreexl 错误 \(error.code)）：请用 Excel 或 WPS 打开后另存为 .xlsx",
                        "cannot read the .xls workbook (libfreexl error \(error.code)): open it in Excel or WPS and save it as .xlsx"),
                    recordType: loader.typeFromFileName(path)))
            return
        }
        for (index, name) in workbook.sheetNames.enumerated() {
            var ledger = SheetLedger(path: path, sheet: name, loader: loader)
            do {
                try workbook.read(sheet: index) { ledger.add($0, into: &result) }
            } catch {
                result.issues.append(
                    LoadIssue(
                        SourceLocation(file: path, sheet: name, row: nil),
                        Message(
                            "工作表无法读取（libfreexl 错误 \(error.code)）：请另存为 .xlsx",
                            "the sheet cannot be read (libfreexl error \(error.code)): save the workbook as .xlsx"),
                        recordType: ledger.fileType))
            }
            ledger.finish(into: &result)
        }
    }
}
