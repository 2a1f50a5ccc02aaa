import GongkaiChecks
import XlsxWriter

/// The cell formats every gongkai workbook shares (the compliance workbook, the statistics sheet, the rollup), so a
/// sheet written elsewhere looks like the rest without reaching into another report's internals.
public enum WorkbookStyle {
    /// The fill per status: the colours of the overview's chart and of every status cell.
    public static let fills: [Status: UInt32] = [
        .pass: 0xC6EFCE, .fail: 0xFFC7CE, .pending: 0xFFEB9C, .error: 0xC00000, .waived: 0xD9D9D9, .notApplicable: 0xF2F2F2,
    ]

    public static func status(_ s: Status) -> CellFormat {
        CellFormat(bold: true, fill: fills[s], fontColor: s == .error ? 0xFFFFFF : nil, border: true, alignTop: true, center: false)
    }
    public static let header = CellFormat(bold: true, wrap: true, fill: 0x1F4E78, fontColor: 0xFFFFFF, border: true, alignTop: true)
    public static let cell = CellFormat(wrap: true, border: true, alignTop: true)
    public static let plainCell = CellFormat(border: true, alignTop: true)
    public static let title = CellFormat(bold: true, fontSize: 14)
    public static let link = CellFormat(fontColor: 0x0563C1, border: true, alignTop: true, underline: true)
}
