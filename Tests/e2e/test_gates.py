"""What the pipeline gate decides, in the cases the suite did not reach: the adoption gate with an expired waiver,
a waiver scoped to one check, `due --within`, and `verify` noticing a changed plan."""
import json, shutil
from conftest import GAPS, ROOT, run

EXPIRED_32 = """- task: 32
  reason: 年度报告延迟发布，已报市政务公开办说明
  approved_by: 局政务公开领导小组
  approved_on: 2021-02-04
  expires: 2021-03-31
"""


def copy_gaps(tmp_path, waivers=None):
    folder = tmp_path / "ev"
    shutil.copytree(GAPS, folder)
    if waivers is not None:
        (folder / "waivers.yaml").write_text(waivers, encoding="utf-8")
    return folder


def test_adoption_gate_fails_on_an_expired_waiver_even_with_nothing_new(tmp_path):
    folder = copy_gaps(tmp_path, EXPIRED_32)
    baseline = tmp_path / "baseline.json"
    code, _, err = run("check", str(folder), "--as-of", "2021-07-01", "--format", "json", "-o", str(baseline))
    assert code == 1, err
    code, out, err = run("check", str(folder), "--as-of", "2021-07-01", "--baseline", str(baseline), "--fail-on", "new",
                         "--format", "json")
    assert json.loads(out)["baseline"]["new"] == 0
    assert code == 1, "an expired waiver fails the adoption gate although every problem is known"
    # The same folder without the waiver: every problem known, nothing expired, so the adoption gate passes.
    (folder / "waivers.yaml").unlink()
    code, _, err = run("check", str(folder), "--as-of", "2021-07-01", "--format", "json", "-o", str(baseline))
    assert code == 1, err
    code, _, err = run("check", str(folder), "--as-of", "2021-07-01", "--baseline", str(baseline), "--fail-on", "new")
    assert code == 0, err


def test_a_waiver_scoped_to_one_check_leaves_the_others_of_the_task_alone(tmp_path):
    waiver = """- task: 26
  check: quarterly-check
  reason: 第三季度检查因机构调整未开展，已报备
  approved_by: 局政务公开领导小组
  approved_on: 2021-01-10
  expires: 2021-06-30
"""
    code, out, err = run("check", str(copy_gaps(tmp_path, waiver)), "--as-of", "2021-02-05", "--format", "json")
    assert code == 1, err
    t26 = next(t for t in json.loads(out)["tasks"] if t["no"] == 26)
    checks = {c["id"]: c["status"] for c in t26["checks"]}
    assert checks["quarterly-check"] == "waived"
    assert checks["daily-patrol"] == "fail", "the other check of the task keeps its status"
    assert t26["status"] == "fail"


def test_due_within_keeps_overdue_items_and_drops_later_ones():
    code, out, err = run("due", GAPS, "--as-of", "2020-12-01", "--format", "json")
    assert code == 0, err
    everything = json.loads(out)["items"]
    code, out, err = run("due", GAPS, "--as-of", "2020-12-01", "--within", "10", "--format", "json")
    assert code == 0, err
    within = json.loads(out)["items"]
    later = [i for i in everything if not i["overdue"] and i["due"] > "2020-12-11"]
    assert later, "the sample has obligations more than 10 days ahead"
    assert {i["key"] for i in within} == {i["key"] for i in everything if i["overdue"] or i["due"] <= "2020-12-11"}


def test_verify_notices_a_changed_plan(tmp_path):
    rules = tmp_path / "Rules"
    shutil.copytree(f"{ROOT}/Rules", rules)
    report = tmp_path / "r.json"
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--rules", str(rules), "--format", "json", "-o", str(report))
    assert code == 1, err
    code, out, err = run("verify", str(report), GAPS, "--rules", str(rules))
    assert code == 0, out + err
    plan = rules / "plans" / "zhaoqing-commerce-2020.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    code, out, err = run("verify", str(report), GAPS, "--rules", str(rules))
    assert code == 1
    assert "计划文件已改变" in out + err
