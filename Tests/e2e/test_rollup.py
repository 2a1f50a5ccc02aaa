"""The supervising office's roll-up over many agencies."""
import json, os, shutil
import openpyxl
from conftest import COMPLETE, GAPS, run


def test_rollup_rows_sheets_and_unreadable_folders(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "gongkai.yaml").write_text("plan: no-such-plan\n", encoding="utf-8")
    other = tmp_path / "other"
    shutil.copytree(COMPLETE, other)
    (other / "gongkai.yaml").write_text("plan: zhaoqing-commerce-2020\nagency: 肇庆市某某局\nyear: 2020\n", encoding="utf-8")
    xlsx = tmp_path / "r.xlsx"
    code, out, err = run("rollup", GAPS, str(other), str(broken), "--as-of", "2021-02-05", "--format", "json", "--xlsx", str(xlsx))
    assert code == 1, err
    rows = json.loads(out)
    assert [r["agency"] for r in rows] == ["肇庆市商务局", "肇庆市某某局", "broken"]
    assert rows[0]["failingTasks"] == [26, 27, 28, 32] and rows[0]["annualReport"] == "2021-02-03" and rows[0]["compliant"] is False
    assert rows[1]["summary"]["pass"] == 32 and rows[1]["compliant"] is True
    assert rows[2]["error"] and "no-such-plan" in rows[2]["error"] and rows[2]["summary"] is None
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["汇总", "肇庆市商务局", "肇庆市某某局"]
    summary = wb["汇总"]
    assert [c.value for c in summary[4]][0] == "broken" and summary.cell(row=4, column=9).value == "无法读取"
    assert wb["肇庆市商务局"].max_row == 33


def test_rollup_all_compliant_is_exit_0(tmp_path):
    code, out, _ = run("rollup", COMPLETE, "--as-of", "2021-02-01")
    assert code == 0 and "符合" in out
    # An aligned table with the folder: two folders of one agency are told apart, columns line up by display width.
    code, out, _ = run("rollup", COMPLETE, GAPS, "--as-of", "2021-02-05")
    lines = out.splitlines()
    assert lines[0].startswith("目录") and "\t" not in out
    assert lines[1].startswith(COMPLETE) and lines[2].startswith(GAPS)
    width = lambda s: sum(2 if "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in s)
    starts = {width(l[:l.index("zhaoqing-commerce-2020")]) for l in lines[1:]}
    assert len(starts) == 1, "the plan column starts at the same display column on every row"
