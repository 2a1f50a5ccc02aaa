"""Evidence the way offices keep it: Excel ledgers (.xlsx, .xls) read end to end by the built binary.

Workbooks are written by openpyxl (and, where openpyxl cannot, patched at the XML level or converted by LibreOffice);
results are read back from the JSON report."""
import csv, datetime, glob, io, json, os, re, shutil, subprocess, zipfile
import openpyxl
import yaml
from openpyxl.styles import Alignment
from conftest import GAPS, ROOT, run

AS_OF = "2021-02-05"
TYPES = yaml.safe_load(open(os.path.join(ROOT, "Rules", "types.yaml"), encoding="utf-8"))


def label(type_id, field):
    """The Chinese heading types.yaml declares for a field (its title), else the common field's title, else the name."""
    spec = TYPES["types"][type_id]["fields"].get(field)
    if isinstance(spec, dict) and spec.get("title"):
        return spec["title"]
    common = TYPES["common_fields"].get(field)
    return common["title"] if common else field


def check_json(folder, *extra):
    code, out, err = run("check", str(folder), "--as-of", AS_OF, "--format", "json", *extra)
    assert code in (0, 1), err
    return code, json.loads(out)


def cell_value(type_id, field, value):
    spec = TYPES["types"][type_id]["fields"].get(field, {})
    kind = spec.get("kind") if isinstance(spec, dict) else None
    if (kind == "date" or field == "date") and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.date.fromisoformat(value)
    if isinstance(value, datetime.date):
        return value
    if field == "tasks" and isinstance(value, list):
        return ",".join(str(v) for v in value)
    if field == "attachments" and isinstance(value, list):
        return ";".join(v["path"] if isinstance(v, dict) else v for v in value)
    if kind == "integer" and isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def gaps_records():
    """Every record of the gaps sample as (type, fields), in file order, and the files they came from."""
    records, files = [], []
    for path in sorted(glob.glob(os.path.join(GAPS, "**", "*"), recursive=True)):
        rel = os.path.relpath(path, GAPS)
        if rel in ("gongkai.yaml", "waivers.yaml") or os.path.isdir(path):
            continue
        if path.endswith(".yaml"):
            for r in yaml.load(open(path, encoding="utf-8"), Loader=yaml.BaseLoader) or []:
                records.append((r["type"], r))
            files.append(rel)
        elif path.endswith(".csv"):
            type_id = os.path.basename(path).rsplit(".", 1)[0]
            type_id = next(t for t in TYPES["types"] if type_id == t or type_id.startswith(t + "-"))
            for r in csv.DictReader(open(path, encoding="utf-8")):
                records.append((type_id, {k: v for k, v in r.items() if v != ""}))
            files.append(rel)
    return records, files


def write_gaps_workbook(path):
    """The gaps sample's records as one workbook: one sheet per type, Chinese headings, a merged title row above
    them, real Excel dates. Sheets are named three ways: by an alias (依申请公开登记台账), by the type's Chinese
    title, and by a type column (类型) on a sheet with another name."""
    records, _ = gaps_records()
    by_type = {}
    for type_id, r in records:
        by_type.setdefault(type_id, []).append(r)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    merged = []
    for type_id, rows in by_type.items():
        title = TYPES["types"][type_id]["title"]
        sheet_name = {"disclosure-request": "依申请公开登记台账", "normative-document": "规范性文件目录", "training": "其他台账"}.get(type_id, title)
        ws = wb.create_sheet(sheet_name[:31])
        fields = []
        for r in rows:
            for k in r:
                if k not in fields and k != "type":
                    fields.append(k)
        if type_id == "training":
            fields = ["type"] + fields
        ws.cell(row=1, column=1, value=f"肇庆市商务局 {title}（2020年）")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(fields))
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        for c, f in enumerate(fields, start=1):
            ws.cell(row=3, column=c, value=label(type_id, f))
        for i, r in enumerate(rows, start=4):
            for c, f in enumerate(fields, start=1):
                if f == "type":
                    ws.cell(row=i, column=c, value=title)
                    continue
                if f not in r:
                    continue
                v = cell_value(type_id, f, r[f])
                cell = ws.cell(row=i, column=c, value=v)
                if isinstance(v, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
        # Offices merge a column's repeated value down the rows (部门 here): the value belongs to every row it spans.
        if "department" in fields:
            c = fields.index("department") + 1
            start = 4
            for i in range(4, len(rows) + 5):
                same = i < len(rows) + 4 and ws.cell(row=i, column=c).value == ws.cell(row=start, column=c).value
                if not same:
                    if i - 1 > start and ws.cell(row=start, column=c).value is not None:
                        ws.merge_cells(start_row=start, start_column=c, end_row=i - 1, end_column=c)
                        merged.append((ws.title, start, i - 1))
                    start = i
    assert merged, "the workbook has merged department cells"
    wb.save(path)


def comparable(report):
    """A report without what depends on where evidence is kept: locations, record ids made from locations, the
    manifest of files."""
    def finding(f):
        return {"message": f["message"], "department": f.get("department"), "due": f.get("due")}
    tasks = []
    for t in report["tasks"]:
        checks = [{"id": c["id"], "status": c["status"], "message": c.get("message"),
                   "findings": sorted((finding(f) for f in c.get("findings", [])), key=json.dumps)} for c in t["checks"]]
        tasks.append({"no": t["no"], "status": t["status"], "checks": checks})
    return {"summary": report["summary"], "tasks": tasks, "errors": len(report["errors"]), "records": report["evidence"]["records"]}


def test_the_gaps_sample_as_one_workbook_gives_the_same_results(tmp_path):
    folder = tmp_path / "gaps-xlsx"
    shutil.copytree(GAPS, folder)
    _, files = gaps_records()
    for rel in files:
        os.remove(folder / rel)
    write_gaps_workbook(folder / "证据台账.xlsx")
    _, expected = check_json(GAPS)
    _, actual = check_json(folder)
    assert actual["errors"] == [], actual["errors"]
    assert actual["evidence"]["records"] == expected["evidence"]["records"] > 100
    assert comparable(actual) == comparable(expected)
    # The late gazette submission is found in the workbook, located by sheet and cell.
    gazette = next(t for t in actual["tasks"] if t["no"] == 27)["checks"][0]
    assert gazette["status"] == "fail"
    assert "肇商务规〔2020〕4号" in gazette["findings"][0]["message"]


def simple_request_sheet(ws, rows, title=True, header_row=None):
    """A request ledger with Chinese headings: a merged title row and a blank row above the header when `title`."""
    headings = ["申请编号", "收到申请日期", "申请人类型", "申请人姓名", "联系电话", "身份证号码", "申请内容", "答复日期", "办理结果", "是否延期", "延期批准日期"]
    r = 1
    if title:
        ws.cell(row=1, column=1, value="2020年依申请公开登记台账")
        ws.merge_cells("A1:K1")
        r = 3
    for c, h in enumerate(headings, start=1):
        ws.cell(row=r, column=c, value=h)
    for i, row in enumerate(rows, start=r + 1):
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            cell = ws.cell(row=i, column=c, value=v)
            if isinstance(v, datetime.date):
                cell.number_format = "yyyy\"年\"m\"月\"d\"日\""
    return r


def minimal_folder(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "gongkai.yaml").write_text("plan: zhaoqing-commerce-2020\nagency: 测试局\nyear: 2020\n", encoding="utf-8")
    return folder


def errors_of(report):
    return [(e.get("location") or f"{e['file']}:{e.get('line')}", e["message"]) for e in report["errors"]]


def test_title_rows_chinese_headings_dates_hidden_and_unknown_sheets(tmp_path):
    folder = minimal_folder(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "依申请公开登记台账"
    d = datetime.date
    simple_request_sheet(ws, [
        ["肇商务依申〔2020〕1号", d(2020, 1, 6), "自然人", "林某某", "13948408146", "441251520194603879", "政策文件", d(2020, 2, 3), "予以公开", "否", None],
        ["肇商务依申〔2020〕2号", "2020年1月16日", "商业企业", "王某", None, None, "政策文件", "2020/2/18", "予以公开", False, None],
        [None] * 11,
        ["肇商务依申〔2020〕3号", d(2020, 3, 2), "其他人", "张某", "13900000000", None, "政策文件", "2020-13-01", "予以公开", "否", None],
    ])
    hidden = wb.create_sheet("旧台账")
    simple_request_sheet(hidden, [["肇商务依申〔2019〕9号", d(2019, 1, 6), "自然人", None, None, None, "x", None, "予以公开", "否", None]])
    hidden.sheet_state = "hidden"
    odd = wb.create_sheet("统计表")
    odd["A1"], odd["B1"], odd["A2"], odd["B2"] = "月份", "件数", "1月", 3
    header_only = wb.create_sheet("规范性文件目录")
    for c, h in enumerate(["文号", "文件名称", "发布日期", "报送公报日期"], start=1):
        header_only.cell(row=1, column=c, value=h)
    wb.save(folder / "台账.xlsx")
    code, report = check_json(folder)
    assert code == 1
    errors = errors_of(report)
    # Row 7 (the blank row 6 is passed over) has two problems, both located by sheet and cell, and no value of a
    # type with personal fields is echoed.
    assert ("台账.xlsx › 依申请公开登记台账 › C7", next(m for loc, m in errors if loc.endswith("C7"))) in errors
    # Fields are named by their titles, and a day that does not exist says why (issue 25).
    assert any(loc == "台账.xlsx › 依申请公开登记台账 › H7" and m.startswith("“答复日期”") and "没有13月" in m for loc, m in errors)
    assert not any("其他人" in m or "2020-13-01" in m or "张某" in m for _, m in errors)
    assert len(errors) == 2, errors
    by_loc = {e["location"]: e for e in report["errors"]}
    assert by_loc["台账.xlsx › 依申请公开登记台账 › C7"]["sheet"] == "依申请公开登记台账"
    assert by_loc["台账.xlsx › 依申请公开登记台账 › C7"]["cell"] == "C7" and by_loc["台账.xlsx › 依申请公开登记台账 › C7"]["line"] == 7
    notes = [(n["location"], n["message"]) for n in report["notes"]]
    assert any(loc == "台账.xlsx › 旧台账" and "隐藏" in m for loc, m in notes), notes
    assert any(loc == "台账.xlsx › 统计表" and "跳过" in m for loc, m in notes), notes
    assert not any("规范性文件目录" in loc for loc, _ in notes), "a header-only sheet is a ledger with no rows"
    assert report["evidence"]["records"] == 2
    # The text report shows the same places.
    code, out, _ = run("check", str(folder), "--as-of", AS_OF)
    assert "台账.xlsx › 依申请公开登记台账 › C7" in out and "台账.xlsx › 旧台账" in out
    assert "林某某" not in out and "13948408146" not in out


def patch_sheet(path, sheet_part, replace):
    """Rewrites one part of a workbook: what openpyxl cannot write (cached formula values, inline strings)."""
    src = zipfile.ZipFile(path)
    parts = {n: src.read(n) for n in src.namelist()}
    src.close()
    parts[sheet_part] = replace(parts[sheet_part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for n, data in parts.items():
            out.writestr(n, data)


def test_formulas_inline_strings_and_both_date_systems(tmp_path):
    """A formula's cached value and an inline string (with a phonetic run) are what is read: planted as values the
    validator rejects, they come back quoted in its messages at their cells. Dates in both date systems read the
    same day (the records' dates are asserted through the appendix's count per month being in May and June)."""
    folder = minimal_folder(tmp_path)
    for epoch in ("1900", "1904"):
        wb = openpyxl.Workbook()
        if epoch == "1904":
            wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
        ws = wb.active
        ws.title = "培训台账"
        for c, h in enumerate(["编号", "日期", "主题", "参加人数", "部门"], start=1):
            ws.cell(row=1, column=c, value=h)
        ws.append([f"T-{epoch}", datetime.date(2020, 5, 1), "条例学习", 0, "办公室"])
        ws["B2"].number_format = "yyyy-mm-dd"
        ws.append([f"U-{epoch}", datetime.date(2020, 6, 1), "学习", 0, "办公室"])
        ws["B3"].number_format = "m/d/yy"
        ws.append([f"V-{epoch}", datetime.date(2020, 2, 29), "学习", 7, "办公室"])
        ws["B4"].number_format = "yyyy\"年\"m\"月\"d\"日\""
        wb.save(folder / f"培训-{epoch}.xlsx")
        patch_sheet(folder / f"培训-{epoch}.xlsx", "xl/worksheets/sheet1.xml", lambda xml: re.sub(
            r'<c r="D2"([^>]*)><v>0</v></c>', r'<c r="D2"\1><f>10+2.5</f><v>12.5</v></c>', re.sub(
                r'<c r="D3"[^>]*>.*?</c>', '<c r="D3" t="inlineStr"><is><t>三十</t><rPh sb="0" eb="2"><t>さんじゅう</t></rPh></is></c>', xml)))
    code, report = check_json(folder, "--lang", "en")
    errors = sorted((e["location"], e["message"]) for e in report["errors"])
    assert [loc for loc, _ in errors] == [f"培训-{e}.xlsx › 培训台账 › {c}" for e in ("1900", "1904") for c in ("D2", "D3")]
    assert all("attendees should be an integer, not '12.5'" in m for loc, m in errors if loc.endswith("D2"))
    assert all("not '三十'" in m and "さん" not in m for loc, m in errors if loc.endswith("D3"))
    assert report["evidence"]["records"] == 2
    # The one valid row of each file is dated 2020-02-29 in both date systems: `due`/`appendix` aside, validate
    # shows it through the record's date when the folder is checked as of the day before (nothing dated later).
    code, out, _ = run("validate", str(folder))
    assert "2 条有效记录" in out, out


def training_sheet():
    """A workbook whose one sheet, named after the training type, has the field names as its header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "training"
    for c, h in enumerate(["id", "date", "topic", "attendees", "department"], start=1):
        ws.cell(row=1, column=c, value=h)
    return wb, ws


def test_the_1900_leap_day_that_never_was(tmp_path):
    folder = minimal_folder(tmp_path)
    wb, ws = training_sheet()
    for i, serial in enumerate([59, 60, 61], start=2):
        ws.append([f"S{serial}", serial, "x", 1, "办公室"])
        ws.cell(row=i, column=2).number_format = "yyyy-mm-dd"
    wb.save(folder / "dates.xlsx")
    code, out, _ = run("check", str(folder), "--as-of", AS_OF, "--format", "json", "--lang", "en")
    report = json.loads(out)
    assert [e["location"] for e in report["errors"]] == ["dates.xlsx › training › B3"]
    assert "60" in report["errors"][0]["message"]
    # 59 is 1900-02-28, 61 is 1900-03-01: both before the plan year, both read as days (validate shows no error).
    assert report["evidence"]["records"] == 2


def test_cells_outside_the_header_and_example_rows_in_row_order(tmp_path):
    """Rows are read in batches of 2,048 on other cores: notes on cells outside the header's columns still come in
    row order, a row with only such a cell is blank (noted, no record), and example rows are passed over."""
    folder = minimal_folder(tmp_path)
    wb, ws = training_sheet()
    outside = {3, 2050, 2051, 4100}
    for r in range(2, 4200):
        if r == 2051:
            ws.cell(row=r, column=8, value="备注")
            continue
        ws.append([f"示例{r}" if r in (5, 3000) else f"T{r}", datetime.date(2020, 5, 1), "学习", 3, "办公室"])
        if r in outside:
            ws.cell(row=r, column=7, value="多余")
    wb.save(folder / "training.xlsx")
    code, out, _ = run("check", str(folder), "--as-of", AS_OF, "--format", "json", "--lang", "en")
    report = json.loads(out)
    assert report["errors"] == [], report["errors"]
    notes = [n["location"] for n in report["notes"] if "outside the header" in n["message"]]
    assert notes == ["training.xlsx › training › G3", "training.xlsx › training › G2050", "training.xlsx › training › H2051",
                     "training.xlsx › training › G4100"], notes
    assert report["evidence"]["records"] == 4198 - 1 - 2


def test_merged_cells_fill_rows_read_before_a_broken_row(tmp_path):
    """A sheet whose XML breaks after some rows: the rows before the break are read with the topic (required) merged
    down them (the merged ranges follow the rows in the XML, past the break), and the sheet's error names it."""
    folder = minimal_folder(tmp_path)
    wb, ws = training_sheet()
    for r in range(2, 12):
        ws.append([f"T{r}", datetime.date(2020, 5, 1), "学习" if r in (2, 9, 10, 11) else None, 3, "办公室"])
    ws.merge_cells(start_row=2, start_column=3, end_row=8, end_column=3)
    wb.save(folder / "training.xlsx")
    patch_sheet(folder / "training.xlsx", "xl/worksheets/sheet1.xml", lambda x: x.replace('<row r="10"', '<row r="10" r="10"', 1))
    code, out, _ = run("check", str(folder), "--as-of", AS_OF, "--format", "json", "--lang", "en")
    report = json.loads(out)
    assert code == 1
    assert [(e["location"], "cannot be parsed" in e["message"]) for e in report["errors"]] == [("training.xlsx › training", True)], report["errors"]
    assert report["evidence"]["records"] == 8, "rows 2 to 9, read before the break"


def test_a_corrupt_workbook_is_an_error_and_the_rest_still_loads(tmp_path):
    folder = minimal_folder(tmp_path)
    (folder / "坏的.xlsx").write_bytes(b"PK\x03\x04 this is no zip at all")
    shutil.copy(os.path.join(GAPS, "培训", "training.yaml"), folder / "training.yaml")
    code, report = check_json(folder)
    assert code == 1
    assert [(e["file"], "另存为 .xlsx" in e["message"]) for e in report["errors"]] == [("坏的.xlsx", True)]
    assert report["evidence"]["records"] > 0


def test_an_xls_workbook_is_read_through_libfreexl(tmp_path):
    folder = minimal_folder(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "依申请公开登记台账"
    simple_request_sheet(ws, [["肇商务依申〔2020〕1号", datetime.date(2020, 1, 6), "自然人", "林某某", None, None, "政策文件",
                               datetime.date(2020, 2, 3), "予以公开", "否", None],
                              ["肇商务依申〔2020〕2号", datetime.date(2020, 1, 6), "路人", None, None, None, "政策文件", None, None, "否", None]])
    wb.save(tmp_path / "ledger.xlsx")
    subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", str(folder), str(tmp_path / "ledger.xlsx")],
                   check=True, capture_output=True, timeout=120)
    assert (folder / "ledger.xls").exists()
    code, report = check_json(folder)
    assert report["evidence"]["records"] == 1
    assert [e["location"] for e in report["errors"]] == ["ledger.xls › 依申请公开登记台账 › C5"]


def test_a_100000_row_sheet(tmp_path):
    folder = minimal_folder(tmp_path)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("依申请公开登记台账")
    ws.append(["申请编号", "收到日期", "申请人类型", "申请人姓名", "答复日期", "办理结果", "是否延期"])
    # Three rows with a day that is no day, in different validation batches (rows are validated 2,048 at a time
    # on another core while the sheet parses): each is reported at its own cell, in the sheet's order.
    bad = {7, 4_100, 99_998}
    for i in range(100_000):
        received = datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 300)
        ws.append([f"R{i}", "2020-13-45" if i in bad else received, "自然人", f"申请人{i}", received + datetime.timedelta(days=5), "予以公开", "否"])
    wb.save(folder / "big.xlsx")
    code, out, err = run("validate", str(folder))
    assert code == 1, out[-2000:]
    assert "99997 条有效记录" in out
    assert "申请人1" not in out and "申请人4100" not in out
    code, report = check_json(folder)
    assert report["evidence"]["records"] == 99_997
    assert [e["location"] for e in report["errors"]] == [f"big.xlsx › 依申请公开登记台账 › B{i + 2}" for i in sorted(bad)]
