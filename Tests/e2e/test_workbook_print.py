"""The workbooks print: LibreOffice renders them to PDF, pdftotext reads the PDF back.

Each page's footer names its sheet (&A), so pages are counted per sheet. A cell's text is cut when its row is too
low or its column too narrow: LibreOffice then draws the glyphs past the cell, over the next row or column, where
pdftotext's word boxes overlap; so no two word boxes on a page may overlap, and every cell's text must appear in its
sheet's pages. openpyxl checks the page setup, number types, wrapping and row heights."""
import re, subprocess, xml.etree.ElementTree as ET
import openpyxl, pytest
from conftest import COMPLETE, GAPS, run

NS = {"x": "http://www.w3.org/1999/xhtml"}
AGENCY = "肇庆市商务局"


def to_pdf(xlsx, tmp):
    profile = tmp / "lo-profile"
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf", "--outdir", str(tmp), str(xlsx)],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp / (xlsx.stem + ".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


def read_pages(pdf):
    """Per page: its words as (text, x0, y0, x1, y1), its height, and its text in drawing order (a cell's lines together)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    root = ET.fromstring(out)
    pages = []
    for n, page in enumerate(root.iter("{%s}page" % NS["x"])):
        words = [(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
                 for w in page.iter("{%s}word" % NS["x"])]
        pages.append({"words": words, "height": float(page.get("height")), "text": raw[n]})
    return pages


def sheet_of(page, sheets):
    """The sheet named in the page's footer (the lowest 6% of the page)."""
    bottom = [w[0] for w in page["words"] if w[2] > page["height"] * 0.94]
    found = [s for s in sheets if s in bottom]
    assert len(found) == 1, f"footer names no single sheet: {bottom}"
    return found[0]


def squash(s):
    return re.sub(r"\s+", "", s)


def overlaps(words):
    """Pairs of word boxes that overlap by more than a hair in both directions."""
    bad = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            dx = min(a[3], b[3]) - max(a[1], b[1])
            dy = min(a[4], b[4]) - max(a[2], b[2])
            if dx > 1.0 and dy > 2.0:
                bad.append((a[0], b[0]))
    return bad


def cell_texts(ws):
    for row in ws.iter_rows():
        for c in row:
            if c.value is None or c.value == "":
                continue
            yield c.coordinate, str(int(c.value)) if isinstance(c.value, float) and c.value.is_integer() else str(c.value)


def printed(xlsx, tmp):
    """Pages per sheet, and per sheet the text of its pages, from the PDF LibreOffice prints."""
    wb = openpyxl.load_workbook(xlsx)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    pages = read_pages(to_pdf(xlsx, tmp))
    count, text, bad = {s: 0 for s in visible}, {s: "" for s in visible}, []
    for n, p in enumerate(pages, 1):
        s = sheet_of(p, visible)
        count[s] += 1
        text[s] += squash(p["text"])
        bad += [(s, n, pair) for pair in overlaps(p["words"])]
    return wb, count, text, bad


def assert_nothing_cut(wb, text, bad):
    assert bad == [], f"overlapping text (a cell's text runs past its cell): {bad[:5]}"
    for s, body in text.items():
        for coord, value in cell_texts(wb[s]):
            assert squash(value) in body, f"{s}!{coord}: {value[:40]!r} is not printed whole"


@pytest.fixture(scope="module")
def gaps_book(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("print")
    path = tmp / "gaps.xlsx"
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "--xlsx", str(path), "--created", "2021-02-06")
    assert code == 1 and path.exists(), err
    return path, printed(path, tmp)


def test_pages_per_sheet(gaps_book):
    _, (wb, count, _, _) = gaps_book
    assert count["概览"] == 1, "the overview and its chart fit one page"
    assert count["统计"] == 3, "one page per statistics table"
    for s in ["任务", "检查", "部门矩阵"]:
        assert 1 <= count[s] <= 12, (s, count[s])
    assert 1 <= count["证据"] <= 40, "321 records"
    assert sum(count.values()) == sum(count[s] for s in wb.sheetnames)


def test_no_cell_text_is_cut(gaps_book):
    _, (wb, _, text, bad) = gaps_book
    assert_nothing_cut(wb, text, bad)


def test_page_setup_of_every_sheet(gaps_book):
    path, _ = gaps_book
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title
        assert ws.page_setup.orientation == ("portrait" if ws.title == "概览" else "landscape"), ws.title
        header = "".join(part.text or "" for part in [ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right])
        assert AGENCY in header, (ws.title, header)
        assert "第 &P 页 共 &N 页" in ws.oddFooter.center.text, ws.title
        assert ws.page_margins.left >= 0.3 and ws.page_margins.top >= 0.5
        if ws.title in ["任务", "检查", "证据", "部门矩阵"]:
            assert ws.print_title_rows.replace("$", "") == "1:1", ws.title
            assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
            assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0, (ws.title, "one page wide, as many down as needed")
            assert "2020年政务公开工作要点" in header or "截至 2021年2月5日" in header, header
            assert "截至 2021年2月5日" in ws.oddHeader.right.text
    overview = wb["概览"].page_setup
    assert wb["概览"].sheet_properties.pageSetUpPr.fitToPage
    assert overview.fitToHeight in (None, 1) and overview.fitToWidth in (None, 1), "1 × 1 (1 is the default, left out of the file)"


def test_overview_numbers_and_time(gaps_book, gaps_json):
    path, _ = gaps_book
    ws = openpyxl.load_workbook(path)["概览"]
    facts = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, 12)}
    assert isinstance(facts["证据记录"], int) and facts["证据记录"] == gaps_json["evidence"]["records"]
    assert isinstance(facts["输入错误"], int) and facts["输入错误"] == len(gaps_json["errors"])
    assert facts["生成时间"] == "2021年2月6日"
    assert facts["截至日期"] == "2021年2月5日"
    assert len(ws._charts) == 1


def test_generated_time_in_the_folder_zone(tmp_path):
    path = tmp_path / "w.xlsx"
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "--xlsx", str(path))
    ws = openpyxl.load_workbook(path)["概览"]
    generated = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, 12)}["生成时间"]
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", generated), generated


def lines_needed(text, width):
    """An independent estimate: display width (CJK two) over the column width, per paragraph."""
    total = 0
    for para in str(text).split("\n"):
        w = sum(2 if ord(ch) > 0x2E80 else 1 for ch in para)
        total += max(1, -(-w // max(1, int(width) - 1)))
    return total


def test_long_text_wraps_with_row_heights(gaps_book):
    path, _ = gaps_book
    wb = openpyxl.load_workbook(path)
    for name in ["任务", "检查"]:
        ws = wb[name]
        tall = 0
        for r in range(2, ws.max_row + 1):
            for c in range(1, ws.max_column + 1):
                cell = ws.cell(row=r, column=c)
                if not isinstance(cell.value, str) or cell.value == "":
                    continue
                width = ws.column_dimensions[cell.column_letter].width
                need = lines_needed(cell.value, width)
                if need > 1:
                    assert cell.alignment.wrap_text, (name, cell.coordinate)
                    height = ws.row_dimensions[r].height
                    assert height is not None and height >= need * 14, (name, cell.coordinate, need, height)
                    tall += 1
        assert tall > 5, f"{name}: some rows are several lines high"


def test_checks_sheet_reads_in_chinese(gaps_book):
    path, _ = gaps_book
    ws = openpyxl.load_workbook(path)["检查"]
    header = [c.value for c in ws[1]]
    assert header == ["任务", "检查", "要求", "状态", "期限", "说明", "发现", "证据", "检查编号"]
    assert ws.column_dimensions["I"].width <= 16, "the stable id stays in a narrow column of its own"
    ids = [ws.cell(row=r, column=9).value for r in range(2, ws.max_row + 1)]
    assert all(re.fullmatch(r"task-\d+/[a-z0-9-]+", i) for i in ids), ids[:3]
    for r in range(2, ws.max_row + 1):
        kind, params = ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value or ""
        assert re.search(r"[\u4e00-\u9fff]", kind), kind
        assert not re.search(r"[a-z]+[=_-]|\b(types?|publication|work-record|evidence|designation)\b", params), params
    assert any("证据类型：主动公开信息" in (ws.cell(row=r, column=3).value or "") for r in range(2, ws.max_row + 1))


def official_layout(ws):
    merged = {str(m) for m in ws.merged_cells.ranges}
    values = {c.value: c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for label in ["申请人情况", "自然人", "法人或其他组织", "商业企业", "总计", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]:
        assert label in values, label
    start = values["申请人情况"]
    assert any(m.startswith(start + ":") for m in merged), "申请人情况 spans the applicant columns"
    assert any(m.startswith(values["法人或其他组织"] + ":") for m in merged)
    assert any(m.startswith(values["自然人"] + ":") for m in merged), "自然人 spans two heading rows"
    assert any(m.startswith(values["三、本年度办理结果"] + ":") for m in merged), "三、 runs down beside its results"
    assert any(m.startswith(values["（三）不予公开"] + ":") for m in merged), "（三） runs down beside its reasons"
    row = int(re.sub(r"[A-Z]", "", values["一、本年新收政府信息公开申请数量"]))
    numbers = [ws.cell(row=row, column=c).value for c in range(4, 11)]
    assert all(isinstance(v, int) for v in numbers) and numbers[-1] == sum(numbers[:-1]), numbers
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert len(ws.row_breaks.brk) == 2, "a page break before tables 三 and 四"


def test_statistics_sheet_official_layout(gaps_book):
    path, _ = gaps_book
    official_layout(openpyxl.load_workbook(path)["统计"])


def test_stats_xlsx_prints_one_page_per_table(tmp_path):
    path = tmp_path / "stats.xlsx"
    code, _, err = run("stats", GAPS, "--as-of", "2021-02-05", "--format", "xlsx", "--output", str(path))
    assert code == 0 and path.exists(), err
    wb, count, text, bad = printed(path, tmp_path)
    official_layout(wb["统计"])
    assert count == {"统计": 3}
    assert_nothing_cut(wb, text, bad)
    ws = wb["统计"]
    assert AGENCY in ws.oddHeader.left.text and "第 &P 页 共 &N 页" in ws.oddFooter.center.text


def test_rollup_workbook_prints(tmp_path):
    path = tmp_path / "rollup.xlsx"
    code, _, err = run("rollup", GAPS, COMPLETE, "--as-of", "2021-02-05", "--xlsx", str(path), "--created", "2021-02-06")
    assert path.exists(), err
    wb, count, text, bad = printed(path, tmp_path)
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape", ws.title
        assert ws.print_title_rows.replace("$", "") == "1:1", ws.title
        assert "第 &P 页 共 &N 页" in ws.oddFooter.center.text
        assert count[ws.title] >= 1
    assert_nothing_cut(wb, text, bad)


def test_english_workbook_prints(tmp_path):
    path = tmp_path / "en.xlsx"
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "--xlsx", str(path), "--lang", "en", "--created", "2021-02-06")
    assert path.exists(), err
    wb, count, text, bad = printed(path, tmp_path)
    assert count["Overview"] == 1 and count["Statistics"] == 3
    for ws in wb.worksheets:
        assert "Page &P of &N" in ws.oddFooter.center.text, ws.title
    assert "as of 2021-02-05" in wb["Tasks"].oddHeader.right.text
    assert {wb["Overview"].cell(row=r, column=1).value: wb["Overview"].cell(row=r, column=2).value for r in range(1, 12)}["Generated"] == "2021-02-06"
    assert_nothing_cut(wb, text, bad)


def test_english_stats_xlsx_prints_one_page_per_table_with_whole_words(tmp_path):
    """The English statistics keep the official layout and print one page per table; the headings' words are wide enough
    not to break inside (each printed as one word box), and nothing is cut."""
    path = tmp_path / "stats-en.xlsx"
    code, _, err = run("stats", GAPS, "--as-of", "2021-02-05", "--format", "xlsx", "--output", str(path), "--lang", "en")
    assert code == 0 and path.exists(), err
    wb, count, text, bad = printed(path, tmp_path)
    assert count == {"Statistics": 3}
    assert_nothing_cut(wb, text, bad)
    ws = wb["Statistics"]
    merged = {str(m) for m in ws.merged_cells.ranges}
    at = {c.value: c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for label in ["Applicants", "Legal persons or other organisations", "III. Results of handling this year", "(3) Not disclosed"]:
        assert any(m.startswith(at[label] + ":") for m in merged), label
    assert "Page &P of &N" in ws.oddFooter.center.text and "annual report" in ws.oddHeader.center.text
    words = {w[0] for p in read_pages(tmp_path / "stats-en.pdf") for w in p["words"]}
    for word in ["enterprises", "institutions", "organisations", "Corrected", "concluded"]:
        assert word in words, f"{word} is broken inside"
