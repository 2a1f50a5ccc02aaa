"""issue 14: the as-of day everywhere, the request rules to the letter, statistics that always balance, errors in scope."""
import json, os
import openpyxl
from conftest import GAPS, ROOT, run
from test_annual import check_identities


def test_nothing_of_2020_has_happened_on_1_june_2019():
    code, out, err = run("check", GAPS, "--as-of", "2019-06-01", "--format", "json")
    report = json.loads(out)
    statuses = [c["status"] for t in report["tasks"] for c in t["checks"]]
    assert "fail" not in statuses, [c for t in report["tasks"] for c in t["checks"] if c["status"] == "fail"]
    assert "2020-12-11" not in out and "超期" not in out


def test_a_deadline_six_days_ahead_is_not_overdue():
    code, out, err = run("due", GAPS, "--as-of", "2020-12-01")
    assert "2020-12-07 【已逾期】" not in out, out
    code, out, err = run("due", GAPS, "--as-of", "2020-12-01", "--format", "json")
    items = json.loads(out)["items"]
    assert items
    assert not [i for i in items if i["overdue"] and i["due"] >= "2020-12-01"]


def test_due_today_is_open():
    code, out, err = run("due", GAPS, "--as-of", "2020-12-07")
    today = [l for l in out.splitlines() if l.startswith("2020-12-07 ")]
    assert today and all("（今天到期）" in l and "【已逾期】" not in l for l in today), today


def test_every_report_counts_only_facts_of_the_as_of_day(tmp_path):
    # As of 30 June the statistics know only the first half year's requests.
    code, out, err = run("stats", GAPS, "--as-of", "2020-06-30", "--format", "json")
    stats = json.loads(out)
    requests = next(t for t in stats["tables"] if t["id"] == "requests")
    check_identities(requests)
    rows = {r["label"]: r["values"] for r in requests["rows"]}
    ledger = open(os.path.join(GAPS, "依申请公开", "disclosure-request.csv"), encoding="utf-8").read().splitlines()[1:]
    first_half = [l for l in ledger if l.split(",")[1] <= "2020-06-30"]
    assert rows["一、本年新收政府信息公开申请数量"][6] == len(first_half) < len(ledger)
    # The workbook's evidence sheet lists only records dated by the as-of day.
    xlsx = tmp_path / "w.xlsx"
    run("check", GAPS, "--as-of", "2020-06-30", "--xlsx", str(xlsx))
    wb = openpyxl.load_workbook(xlsx)
    text = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)
    assert "肇商务依申〔2020〕1号" in text
    late_numbers = [l.split(",")[0] for l in ledger if l.split(",")[1] > "2020-06-30"]
    assert late_numbers and not [n for n in late_numbers if n in text.split()]


def test_a_fee_never_paid_closes_the_request_not_late():
    code, out, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json")
    report = json.loads(out)
    request = next(c for t in report["tasks"] if t["no"] == 20 for c in t["checks"] if c["kind"] == "request-deadline")
    assert "视为放弃申请 1 件" in request["message"]
    assert not [f for f in request["findings"] if "肇商务依申〔2020〕8号" in f["text"]]
    code, out, err = run("stats", GAPS, "--as-of", "2021-02-05", "--format", "json")
    assert code == 0, err
    stats = json.loads(out)
    assert stats["fees"]["closedUnpaid"] == 1 and stats["fees"]["notices"] >= 2
    assert stats["fees"]["amountCollected"] == 200 * stats["fees"]["paid"]
    rows = {r["label"]: r["values"] for r in next(t for t in stats["tables"] if t["id"] == "requests")["rows"]}
    assert rows["（六）其他处理"][6] >= 1


def unclassifiable_folder(tmp_path):
    folder = tmp_path / "ev"
    folder.mkdir()
    (folder / "gongkai.yaml").write_text("plan: zhaoqing-commerce-2020\nagency: 测试局\n", encoding="utf-8")
    (folder / "disclosure-request.csv").write_text(
        "request_no,received_on,applicant_type,answered_on,outcome\n"
        "Q1,2020-03-02,自然人,2020-03-20,予以公开\n"
        "Q2,2020-04-01,商业企业,2020-04-10,答复完毕\n"
        "Q3,2020-13-01,自然人,2020-04-10,予以公开\n", encoding="utf-8")
    return folder


def test_an_unclassifiable_row_is_named_and_exits_1(tmp_path):
    folder = unclassifiable_folder(tmp_path)
    code, out, err = run("stats", str(folder), "--as-of", "2021-03-01", "--format", "json")
    assert code == 1, err
    stats = json.loads(out)
    requests = next(t for t in stats["tables"] if t["id"] == "requests")
    check_identities(requests)
    locations = [x["location"] for x in requests["excluded"]]
    # Q2 (答复完毕) on line 3 cannot be classified; Q3 on line 4 has an invalid date in column 2.
    assert sorted(locations) == ["disclosure-request.csv:3", "disclosure-request.csv:4:2"], locations
    # The row and the field are named, never the free text typed in it (issue 26).
    assert "disclosure-request.csv:3" in err and "办理结果" in err and "答复完毕" not in err
    # Q2 was received: it counts in 一 (issue 26); its column's （七）总计 is marked * as incomplete.
    first = requests["rows"][0]
    assert first["values"] == [1, 1, 0, 0, 0, 0, 2] and not any(first.get("marked") or [])
    total = next(r for r in requests["rows"] if r["label"] == "（七）总计")
    assert total["values"][:2] == [1, 0] and total["marked"][1] is True and total["marked"][0] is False
    code, md, _ = run("stats", str(folder), "--as-of", "2021-03-01")
    assert code == 1
    assert "| 一、本年新收政府信息公开申请数量 |  |  | 1 | 1 |" in md and "| （七）总计 |  | 1 | 0* |" in md
    assert "未计入本表的台账行" in md and "disclosure-request.csv:4" in md
    xlsx = tmp_path / "s.xlsx"
    code, _, err = run("stats", str(folder), "--as-of", "2021-03-01", "--format", "xlsx", "--output", str(xlsx))
    assert code == 1
    ws = openpyxl.load_workbook(xlsx)["统计"]
    # The official layout: labels in the merged columns A–C, the applicant columns from D.
    found = {ws.cell(row=r, column=1).value.strip(): [ws.cell(row=r, column=c).value for c in range(4, 11)] for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value}
    assert found["一、本年新收政府信息公开申请数量"][:2] == [1, 1]
    assert any(k.startswith("未计入：disclosure-request.csv:4") for k in found)


def test_a_bad_record_errors_only_what_could_select_it(tmp_path):
    folder = tmp_path / "ev"
    (folder / "公开").mkdir(parents=True)
    (folder / "gongkai.yaml").write_text("plan: zhaoqing-commerce-2020\nagency: 测试局\n", encoding="utf-8")
    (folder / "公开" / "p.yaml").write_text(
        "- {id: P9, type: publication, department: 审批课, tasks: [3], title: 某公示, published_on: 2020-05-01, channel: 局网站}\n", encoding="utf-8")
    code, out, err = run("check", str(folder), "--as-of", "2021-03-01", "--format", "json")
    assert code == 1
    report = json.loads(out)
    errored = [t["no"] for t in report["tasks"] if t["status"] == "error"]
    assert errored == [18], errored


def test_rollup_counts_the_as_of_day_facts_only():
    code, out, err = run("rollup", GAPS, "--as-of", "2019-06-01", "--format", "json")
    rows = json.loads(out)
    assert rows[0]["failingTasks"] == [] and rows[0]["annualReport"] is None, rows[0]
    code, out, err = run("rollup", GAPS, "--as-of", "2021-02-05", "--format", "json")
    assert json.loads(out)[0]["failingTasks"] == [26, 27, 28, 32]
