"""`gongkai init FOLDER --plan ID --workbook`: 证据台账.xlsx, read back by openpyxl."""
import csv, datetime, json, os, re, shutil
import openpyxl, pytest, yaml
from conftest import GAPS, ROOT, run


PLAN = os.path.join(ROOT, "Rules", "plans", "zhaoqing-commerce-2020.yaml")
TYPES = yaml.safe_load(open(os.path.join(ROOT, "Rules", "types.yaml"), encoding="utf-8"))["types"]
MARK = "示例"


def plan_tasks():
    plan = yaml.safe_load(open(PLAN, encoding="utf-8"))
    out = []
    def walk(node):
        if isinstance(node, dict):
            if False in node:  # YAML 1.1 (PyYAML) reads the key `no` as false
                node["no"] = node.pop(False)
            if "checks" in node and isinstance(node.get("no"), int):
                out.append(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(plan)
    return plan, out


def used_types():
    """The evidence types the plan's checks read, found independently of the tool."""
    _, tasks = plan_tasks()
    used = []
    for t in tasks:
        for c in t["checks"]:
            names = c.get("types") or ([c["type"]] if "type" in c else [])
            if not names and c["kind"] == "report":
                names = ["annual-report"]
            if not names and c["kind"] == "request-deadline":
                names = ["disclosure-request"]
            used += [n for n in names if n not in used]
    return used


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("init") / "证据"
    code, out, err = run("init", str(folder), "--plan", "zhaoqing-commerce-2020", "--workbook")
    assert code == 0, err
    path = folder / "证据台账.xlsx"
    assert path.exists() and (folder / "gongkai.yaml").exists()
    return folder, openpyxl.load_workbook(path)


def headings(ws):
    return [re.sub(r"（必填）$", "", c.value) for c in ws[1] if c.value]


def test_sheets(book):
    _, wb = book
    titles = [TYPES[t]["title"] for t in used_types()]
    assert wb.sheetnames == ["填写说明"] + titles + ["列表"]
    assert wb["列表"].sheet_state == "hidden"
    assert all(wb[s].sheet_state == "visible" for s in wb.sheetnames[:-1])
    assert wb.active.title == "填写说明"


def test_headings_comments_and_required(book):
    _, wb = book
    for t in used_types():
        ws = wb[TYPES[t]["title"]]
        names = headings(ws)
        assert names[0] == MARK and names[1:3] == ["编号", "部门"]
        for field, spec in TYPES[t]["fields"].items():
            if spec.get("personal"):
                assert not any(field in (c.comment.text if c.comment else "") for c in ws[1])
                continue
            if "title" in spec:
                assert spec["title"] in names, (t, spec["title"])
        for c in ws[1]:
            assert c.comment is not None and c.comment.text.strip(), (t, c.value)
            required = c.value.endswith("（必填）")
            assert ("必填。" in c.comment.text) == required, (t, c.value, c.comment.text)
        assert ws.freeze_panes == "A2"
        assert ws.column_dimensions["B"].width >= 8
        for c in ws[1]:
            width = ws.column_dimensions[c.column_letter].width
            assert width >= sum(2 if ord(ch) > 0x2E80 else 1 for ch in c.value) * 0.9, (t, c.value, width)
    designation = [c.value for c in wb[TYPES["leader-designation"]["title"]][1]]
    assert "备案日期（必填）" in designation, "require_filed makes filed_on required"
    assert "终止日期" in designation, "optional fields are not marked"


def test_dropdowns_from_the_hidden_list(book):
    _, wb = book
    lists = wb["列表"]
    columns = {lists.cell(row=1, column=c).column_letter: [lists.cell(row=r, column=c).value for r in range(2, lists.max_row + 1) if lists.cell(row=r, column=c).value]
               for c in range(1, lists.max_column + 1)}
    plan, _ = plan_tasks()
    for t in used_types():
        ws = wb[TYPES[t]["title"]]
        names = headings(ws)
        validations = {}
        for dv in ws.data_validations.dataValidation:
            assert dv.type == "list"
            m = re.fullmatch(r"'?列表'?!\$([A-Z]+)\$2:\$\1\$(\d+)", dv.formula1)
            assert m, dv.formula1
            for rng in str(dv.sqref).split():
                validations[re.match(r"[A-Z]+", rng).group(0)] = columns[m.group(1)]
        dept_col = openpyxl.utils.get_column_letter(names.index("部门") + 1)
        assert validations[dept_col] == [d for d in validations[dept_col]] and len(validations[dept_col]) >= 10
        assert "办公室" in validations[dept_col] and "审批科" in validations[dept_col]
        for field, spec in TYPES[t]["fields"].items():
            label = spec.get("title")
            if spec["kind"] == "enum" and label in names:
                assert validations[openpyxl.utils.get_column_letter(names.index(label) + 1)] == [str(v) for v in spec["values"]], (t, field)
            if spec["kind"] == "boolean" and label in names:
                assert validations[openpyxl.utils.get_column_letter(names.index(label) + 1)] == ["是", "否"]


def test_date_columns_and_examples(book):
    _, wb = book
    for t in used_types():
        ws = wb[TYPES[t]["title"]]
        names = headings(ws)
        rows = [r for r in range(2, ws.max_row + 1) if any(ws.cell(row=r, column=c).value is not None for c in range(1, ws.max_column + 1))]
        assert rows, f"{t}: at least one example row"
        for r in rows:
            assert ws.cell(row=r, column=1).value == MARK, (t, r)
        dates = [label for f, spec in TYPES[t]["fields"].items() if spec["kind"] == "date" for label in [spec.get("title")] if label in names]
        if "日期" in names:
            dates.append("日期")
        for label in dates:
            col = names.index(label) + 1
            cell = ws.cell(row=2, column=col)
            assert isinstance(cell.value, datetime.datetime), (t, label, cell.value)
            assert cell.number_format == "yyyy-mm-dd"
            letter = openpyxl.utils.get_column_letter(col)
            blank = ws.cell(row=50, column=col)
            assert blank.number_format == "yyyy-mm-dd" or ws.column_dimensions[letter].number_format == "yyyy-mm-dd", (t, label)


def test_each_responsible_gets_a_row_per_department(book):
    _, wb = book
    _, tasks = plan_tasks()
    task10 = next(t for t in tasks if t["no"] == 10)
    for t in ["training", "policy-interpretation"]:
        ws = wb[TYPES[t]["title"]]
        names = headings(ws)
        dept, task = names.index("部门") + 1, names.index("任务编号") + 1
        rows = [(ws.cell(row=r, column=dept).value, ws.cell(row=r, column=task).value) for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == MARK]
        for d in task10["responsible"]:
            assert (d, 10) in rows, (t, d)


def test_guide_sheet(book):
    _, wb = book
    ws = wb["填写说明"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for t in used_types():
        assert TYPES[t]["title"] in text
    assert "任务10" in text and "任务29" in text
    for phrase in ["示例", "2020-01-06", "编号", "部门"]:
        assert phrase in text
    assert ws.freeze_panes is not None


def test_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("x")
    code, out, err = run("init", str(tmp_path / "x"), "--workbook")
    assert code != 0 and not (tmp_path / "x" / "证据台账.xlsx").exists()


def sample_records():
    """The gaps sample's records: YAML record files and CSV ledgers (type from the file name)."""
    records = []
    for base, _, files in os.walk(GAPS):
        for name in sorted(files):
            path = os.path.join(base, name)
            if name.endswith(".yaml") and name != "gongkai.yaml":
                records += yaml.safe_load(open(path, encoding="utf-8")) or []
            elif name.endswith(".csv"):
                kind = next(t for t in TYPES if name.startswith(t))
                for row in csv.DictReader(open(path, encoding="utf-8")):
                    records.append({"type": kind, **{k: v for k, v in row.items() if v != ""}})
    return records


def test_round_trip_gives_the_samples_results(tmp_path, gaps_json):
    folder = tmp_path / "证据"
    code, _, err = run("init", str(folder), "--plan", "zhaoqing-commerce-2020", "--workbook")
    assert code == 0, err
    for name in os.listdir(folder):
        if name not in ("gongkai.yaml", "证据台账.xlsx"):
            shutil.rmtree(folder / name) if (folder / name).is_dir() else os.remove(folder / name)
    for sub in ["附件", "年度报告"]:
        shutil.copytree(os.path.join(GAPS, sub), folder / sub, ignore=shutil.ignore_patterns("*.yaml"))
    wb = openpyxl.load_workbook(folder / "证据台账.xlsx")
    next_row = {}
    for ws in wb.worksheets[1:-1]:
        ws.delete_rows(2, ws.max_row)
        next_row[ws.title] = 2
    for rec in sample_records():
        spec = TYPES[rec["type"]]
        ws = wb[spec["title"]]
        names = headings(ws)
        labels = {"id": "编号", "department": "部门", "tasks": "任务编号", "date": "日期", "title": "标题", "attachments": "附件", "note": "备注"}
        labels.update({f: s["title"] for f, s in spec["fields"].items() if "title" in s})
        row = next_row[ws.title]
        next_row[ws.title] += 1
        rec.setdefault("id", rec.get("request_no") or rec.get("doc_no"))
        for key, value in rec.items():
            label = labels.get(key)
            if key == "type" or label not in names:
                continue
            if key == "attachments":
                value = "；".join(a["path"] for a in value)
            elif key == "tasks":
                value = "、".join(str(t) for t in value)
            elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
                value = datetime.date.fromisoformat(value)
            ws.cell(row=row, column=names.index(label) + 1, value=value)
    wb.save(folder / "证据台账.xlsx")
    code, out, err = run("check", str(folder), "--as-of", "2021-02-05", "--format", "json")
    got = json.loads(out)
    assert got["summary"] == gaps_json["summary"]
    for mine, theirs in zip(got["tasks"], gaps_json["tasks"]):
        assert mine["status"] == theirs["status"], mine["no"]
        for a, b in zip(mine["checks"], theirs["checks"]):
            assert (a["id"], a["status"], len(a["findings"])) == (b["id"], b["status"], len(b["findings"])), (mine["no"], a["id"])
            assert [(f.get("department"), f.get("due")) for f in a["findings"]] == [(f.get("department"), f.get("due")) for f in b["findings"]]


def test_the_example_annual_report_row_is_of_the_plans_year(tmp_path):
    """The 年度报告 sheet's example row says 报告年度 = the plan's year (it said 1, a clerk copied it)."""
    code, _, err = run("init", str(tmp_path / "证据"), "--plan", "zhaoqing-commerce-2020", "--workbook")
    assert code == 0, err
    ws = openpyxl.load_workbook(tmp_path / "证据" / "证据台账.xlsx")["政府信息公开工作年度报告"]
    heads = [str(c.value) for c in ws[1]]
    assert ws.cell(2, heads.index("报告年度（必填）") + 1).value == 2020
