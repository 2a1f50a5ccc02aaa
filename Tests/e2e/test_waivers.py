"""Accountable waivers and the gate's exit codes."""
import json, shutil
import pytest
from conftest import GAPS, run


def folder_with(tmp_path, waivers):
    folder = tmp_path / "ev"
    shutil.copytree(GAPS, folder)
    (folder / "waivers.yaml").write_text(waivers, encoding="utf-8")
    return folder


GOOD = """- task: 32
  reason: 年度报告因系统故障延迟两日发布，已报市政务公开办说明
  approved_by: 局政务公开领导小组
  approved_on: 2021-02-04
  expires: 2021-06-30
"""


def test_waived_check_shows_waived_with_its_reason(tmp_path):
    code, out, _ = run("check", str(folder_with(tmp_path, GOOD)), "--as-of", "2021-02-05", "--format", "json")
    report = json.loads(out)
    t32 = next(t for t in report["tasks"] if t["no"] == 32)
    assert t32["status"] == "waived"
    assert "系统故障" in t32["checks"][0]["message"] and t32["checks"][0]["waiver"]["expired"] is False
    assert code == 1, "tasks 26-28 still fail"


def test_expired_waiver_shows_the_real_status_and_fails(tmp_path):
    folder = folder_with(tmp_path, GOOD)
    code, out, _ = run("check", str(folder), "--as-of", "2021-07-01", "--format", "json")
    t32 = next(t for t in json.loads(out)["tasks"] if t["no"] == 32)
    assert t32["status"] == "fail" and "2021-06-30" in t32["checks"][0]["message"]
    assert code == 1
    code, out, _ = run("waivers", "lint", str(folder), "--as-of", "2021-07-01")
    assert code == 1
    assert "已到期" in out


@pytest.mark.parametrize("bad,expected", [
    ("- {task: 32, approved_by: 甲, approved_on: 2021-02-01, expires: 2021-03-01}\n", "reason"),
    ("- {task: 32, reason: 乙, approved_on: 2021-02-01, expires: 2021-03-01}\n", "approved_by"),
    ("- {task: 32, reason: 乙, approved_by: 甲, approved_on: 2021-04-01, expires: 2021-03-01}\n", "2021-04-01"),
    ("- {task: 99, reason: 乙, approved_by: 甲, approved_on: 2021-02-01, expires: 2021-03-01}\n", "99"),
    ("- {task: 26, check: weekly, reason: 乙, approved_by: 甲, approved_on: 2021-02-01, expires: 2021-03-01}\n", "weekly"),
    ("- {task: 32, reason: 乙, approved_by: 甲, approved_on: 2021-02-01, expires: soon}\n", "expires"),
])
def test_malformed_waivers_stop_the_run_with_exit_2(tmp_path, bad, expected):
    code, out, err = run("check", str(folder_with(tmp_path, bad)), "--as-of", "2021-02-05")
    assert code == 2 and "waivers.yaml:1" in err and expected in err and out == ""


def test_baseline_modes(tmp_path):
    folder = tmp_path / "ev"
    shutil.copytree(GAPS, folder)
    base = tmp_path / "last.json"
    run("check", str(folder), "--as-of", "2021-02-05", "--format", "json", "--output", str(base))
    # Nothing changed: every problem is known; adoption mode passes, the plain gate does not.
    code, out, _ = run("check", str(folder), "--as-of", "2021-02-05", "--baseline", str(base), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["baseline"]["new"] == 0 and report["baseline"]["unchanged"] == 5
    code, _, _ = run("check", str(folder), "--as-of", "2021-02-05", "--baseline", str(base), "--fail-on", "new")
    assert code == 0
    # A new late document and a fixed designation: one new problem, one resolved.
    ledger = folder / "规范性文件" / "normative-document.csv"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "肇商务规〔2020〕9号,新的管理办法,2020-12-01,2020-12-31,新制发,综合科\n", encoding="utf-8")
    designations = folder / "指定" / "designations.yaml"
    designations.write_text(designations.read_text(encoding="utf-8").replace("  doc_no: 肇商务〔2019〕12号\n", "  doc_no: 肇商务〔2019〕12号\n  filed_with: 市政务公开办\n  filed_on: 2019-03-08\n", 1), encoding="utf-8")
    code, out, _ = run("check", str(folder), "--as-of", "2021-02-05", "--baseline", str(base), "--format", "json", "--fail-on", "new")
    report = json.loads(out)
    assert code == 1
    states = {c["name"]: c.get("baseline") for t in report["tasks"] for c in t["checks"] if c["status"] == "fail"}
    assert states["task-27/gazette-5wd"] == "new" and states["task-26/quarterly-check"] == "unchanged"
    assert [r["name"] for r in report["baseline"]["resolved"]] == ["task-28/designation"]
    code, out, _ = run("check", str(folder), "--as-of", "2021-02-05", "--baseline", str(base))
    assert "【新】" in out and "已解决：task-28/designation" in out


def test_fail_on_new_needs_a_baseline():
    code, _, err = run("check", GAPS, "--fail-on", "new")
    assert code != 0 and "--baseline" in err
