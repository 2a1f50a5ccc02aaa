"""The Excel workbook, read back by an independent reader (openpyxl)."""
import json, os
import openpyxl, yaml
from conftest import COMPLETE, GAPS, ROOT, run


def make(tmp_path, folder=GAPS, as_of="2021-02-05", lang="zh", name="w.xlsx", created="2021-02-06"):
    path = tmp_path / name
    code, out, err = run("check", folder, "--as-of", as_of, "--format", "json", "--xlsx", str(path), "--lang", lang, "--created", created)
    assert path.exists(), err
    return path, json.loads(out)


def test_sheets_headers_and_tasks(tmp_path):
    path, report = make(tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["概览", "任务", "检查", "证据", "部门矩阵", "统计"], "统计: the sample has a request ledger"
    ws = wb["任务"]
    header = [c.value for c in ws[1]]
    assert header == ["部分", "项目", "序号", "具体要求", "牵头", "负责", "配合", "状态", "原因", "证据"]
    numbers = [ws.cell(row=r, column=3).value for r in range(2, ws.max_row + 1)]
    assert sorted(numbers) == list(range(1, 33))
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J33"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows.replace("$", "") == "1:1"


def test_status_fills(tmp_path):
    path, report = make(tmp_path)
    ws = openpyxl.load_workbook(path)["任务"]
    fills = {"通过": "C6EFCE", "未通过": "FFC7CE"}
    seen = set()
    for r in range(2, ws.max_row + 1):
        cell = ws.cell(row=r, column=8)
        assert cell.fill.fgColor.rgb.endswith(fills[cell.value]), (r, cell.value)
        seen.add(cell.value)
        no = ws.cell(row=r, column=3).value
        expected = {t["no"]: t["status"] for t in report["tasks"]}[no]
        assert {"pass": "通过", "fail": "未通过"}[expected] == cell.value
    assert seen == {"通过", "未通过"}


def test_overview_counts_equal_the_json_summary(tmp_path):
    path, report = make(tmp_path)
    ws = openpyxl.load_workbook(path)["概览"]
    names = {"pass": "通过", "fail": "未通过", "pending": "待办", "error": "错误", "waived": "已豁免", "not-applicable": "不适用"}
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}
    for status, count in report["summary"].items():
        assert values[names[status]] == count
    assert ws._charts, "the status chart"


def test_evidence_links_and_hashes(tmp_path):
    path, report = make(tmp_path)
    ws = openpyxl.load_workbook(path)["证据"]
    assert [c.value for c in ws[1]][:3] == ["编号", "类型", "日期"]
    assert ws.max_row - 1 == report["evidence"]["records"]
    links = [ws.cell(row=r, column=8) for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=8).hyperlink]
    assert links
    target = links[0].hyperlink.target.replace("\\", "/")  # Excel stores Windows separators
    assert not target.startswith("/") and os.path.exists(os.path.normpath(os.path.join(tmp_path, target))), target
    assert all(len(ws.cell(row=l.row, column=9).value) == 64 for l in links)


def test_department_matrix(tmp_path):
    path, _ = make(tmp_path)
    ws = openpyxl.load_workbook(path)["部门矩阵"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["任务", "状态", "办公室"]
    row1 = {header[i]: ws.cell(row=2, column=i + 1).value for i in range(len(header))}
    assert row1["审批科"] == "牵头" and row1["促进科"] == "配合" and row1["办公室"] is None


def test_chinese_text_round_trips(tmp_path):
    path, _ = make(tmp_path)
    ws = openpyxl.load_workbook(path)["任务"]
    plan = yaml.safe_load(open(os.path.join(ROOT, "Rules/plans/zhaoqing-commerce-2020.yaml"), encoding="utf-8"))
    texts = {t.get("no", t.get(False)): t["requirement"] for s in plan["sections"] for i in s["items"] for t in i["tasks"]}
    for r in range(2, ws.max_row + 1):
        assert ws.cell(row=r, column=4).value == texts[ws.cell(row=r, column=3).value]


def test_english_sheet_names_and_properties(tmp_path):
    path, _ = make(tmp_path, lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Overview", "Tasks", "Checks", "Evidence", "Departments", "Statistics"]
    assert wb.properties.creator == "肇庆市商务局"
    assert wb.properties.title and wb.properties.subject


def test_byte_identical_with_a_fixed_creation_date(tmp_path):
    a, _ = make(tmp_path, name="a.xlsx")
    b, _ = make(tmp_path, name="b.xlsx")
    assert a.read_bytes() == b.read_bytes()


def test_unwritable_targets_fail_cleanly(tmp_path):
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--xlsx", str(tmp_path / "nope" / "w.xlsx"))
    assert code == 2
    assert "不存在" in err
    # A parent that is a file cannot hold the workbook, whoever runs the test (CI runs as root).
    (tmp_path / "file").write_text("x")
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--xlsx", str(tmp_path / "file" / "w.xlsx"))
    assert code == 2
    assert "file" in err
    assert sorted(os.listdir(tmp_path)) == ["file"], "no stray temporary file"
    assert (tmp_path / "file").read_text() == "x"



def test_a_large_evidence_set_streams_and_keeps_its_statistics_sheet(tmp_path):
    """Over 5,000 records the workbook streams row by row (constant memory): the 统计 sheet is still written, its tables
    in row order with the same numbers as `stats`."""
    import csv, shutil
    folder = tmp_path / "big"
    shutil.copytree(GAPS, folder)
    ledger = folder / "依申请公开" / "disclosure-request.csv"
    with open(ledger, encoding="utf-8") as f:
        header = next(csv.reader(f))
    with open(ledger, "a", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        for i in range(5200):
            w.writerow({"request_no": f"2020-B{i:05d}", "received_on": "2020-06-01", "applicant_type": "自然人",
                        "answered_on": "2020-06-10", "outcome": "予以公开"})
    path = tmp_path / "big.xlsx"
    code, out, err = run("check", str(folder), "--as-of", "2021-02-05", "--format", "json", "--xlsx", str(path))
    assert code == 1, err
    ws = openpyxl.load_workbook(path, read_only=True)["统计"]
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[0]]
    first = next(r for r in rows if str(r[0]).strip() == "一、本年新收政府信息公开申请数量")
    code, out, err = run("stats", str(folder), "--as-of", "2021-02-05", "--format", "json")
    requests = next(t for t in json.loads(out)["tables"] if t["id"] == "requests")
    # The format's layout: the label over columns A–C, the applicant columns from D.
    assert list(first[3:10]) == requests["rows"][0]["values"]
    assert requests["rows"][0]["values"][6] > 5200
