"""Every year a new plan: import, diff, init."""
import json, os, shutil
from conftest import ROOT, run

# A copy of ../shared/seeds/zhaoqing-commerce-2020-plan.txt, so the import test never depends on what lies beside the clone.
SEED = os.path.join(ROOT, "Tests", "e2e", "fixtures", "zhaoqing-commerce-2020-plan.txt")
SECOND = os.path.join(ROOT, "Tests", "e2e", "fixtures", "second-plan-2021.txt")
DEPTS = "办公室、机关党委、审批科、综合科、促进科、资管科、市场科、服贸科、机电科、电商科、口岸科"


def show(plan):
    code, out, err = run("plan", "show", plan, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def import_plan(tmp_path, source, *args, name="imported.yaml"):
    out = tmp_path / name
    code, _, err = run("plan", "import", source, "--output", str(out), *args)
    assert code == 0, err
    return out, err


def test_seed_import_reproduces_the_plan(tmp_path):
    out, err = import_plan(tmp_path, SEED, "--id", "zhaoqing-commerce-2020", "--year", "2020", "--departments", DEPTS)
    assert "0 条提示" in err
    imported, builtin = show(str(out)), show("zhaoqing-commerce-2020")
    assert imported["departments"] == builtin["departments"] and imported["businessDepartments"] == builtin["businessDepartments"]
    assert len(imported["tasks"]) == 32
    for a, b in zip(imported["tasks"], builtin["tasks"]):
        for key in ("no", "section", "sectionTitle", "item", "itemTitle", "requirement", "responsibility", "lead", "responsible", "cooperating"):
            assert a[key] == b[key], (a["no"], key)
    # Without --departments the list comes from the phrases; roles are the same sets.
    out2, _ = import_plan(tmp_path, SEED, "--id", "x", "--year", "2020", name="x.yaml")
    for a, b in zip(show(str(out2))["tasks"], builtin["tasks"]):
        assert {k: set(a[k]) for k in ("lead", "responsible", "cooperating")} == {k: set(b[k]) for k in ("lead", "responsible", "cooperating")}
    code, out, _ = run("plan", "diff", "zhaoqing-commerce-2020", str(out2))
    assert "相同" in out and "年度" not in out
    # The same text imported for the next year: the diff says the year changed, though every task is the same.
    out3, _ = import_plan(tmp_path, SEED, "--id", "y", "--year", "2021", name="y.yaml")
    code, out, _ = run("plan", "diff", str(out2), str(out3))
    assert "年度：2020 → 2021" in out and "相同" in out, out


def test_seed_import_suggests_checks_from_the_words(tmp_path):
    out, _ = import_plan(tmp_path, SEED, "--id", "z", "--year", "2020")
    tasks = {t["no"]: t for t in show(str(out))["tasks"]}
    kinds = lambda n: [c["kind"] for c in tasks[n]["checks"]]
    assert all(c["suggested"] for t in tasks.values() for c in t["checks"])
    assert tasks[28]["checks"][0]["parameters"] == {"type": "leader-designation", "require_filed": True}
    assert tasks[29]["checks"][0]["parameters"]["type"] == "office-designation"
    assert kinds(26) == ["periodic", "periodic", "periodic"]
    assert tasks[27]["checks"][0]["parameters"]["within"] == 5 and tasks[27]["checks"][0]["parameters"]["unit"] == "working-days"
    assert tasks[4]["checks"][0]["parameters"]["due"] == "2020-12-31"
    assert kinds(32) == ["report"]
    assert kinds(1) == ["evidence"]
    assert tasks[10]["checks"][0]["parameters"].get("each_responsible") is True
    code, lint, _ = run("plan", "lint", str(out))
    assert code == 0, lint


def test_a_second_agency_imports_without_code_changes(tmp_path):
    out, err = import_plan(tmp_path, SECOND, "--id", "duanzhou-edu-2021", "--year", "2021")
    assert "second-plan-2021.txt:16" in err and "视情况而定" in err, "the unparseable phrase is reported with its line"
    plan = show(str(out))
    assert plan["unit"] == "股室" and plan["agency"] == "端州区教育局" and plan["year"] == 2021
    assert plan["departments"] == ["办公室", "基教股", "督导室", "法规股"]
    assert plan["businessDepartments"] == ["基教股", "督导室", "法规股"]
    tasks = {t["no"]: t for t in plan["tasks"]}
    assert sorted(tasks) == list(range(1, 9))
    assert tasks[2]["item"] == "一" and tasks[3]["item"] == "二" and tasks[3]["itemTitle"] == "回应社会关切。"
    assert tasks[3]["cooperating"] == ["督导室", "法规股"], "各业务股室 = business departments minus the lead"
    assert tasks[6]["lead"] == ["法规股"] and tasks[6]["responsible"] == ["办公室", "基教股", "督导室"]
    assert tasks[8]["lead"] == [] and tasks[8]["responsible"] == [] and tasks[8]["responsibility"] == "视情况而定"
    assert tasks[2]["checks"][0]["parameters"]["due"] == "2021-06-30"
    assert tasks[6]["checks"][0]["parameters"]["within"] == 3
    assert [c["kind"] for c in tasks[5]["checks"]] == ["periodic"] * 3
    code, lint, _ = run("plan", "lint", str(out))
    assert code == 1 and "任务 8 没有牵头或负责科室" in lint


def test_plan_diff_shows_what_changed(tmp_path):
    base = open(os.path.join(ROOT, "Rules/plans/zhaoqing-commerce-2020.yaml"), encoding="utf-8").read()
    changed = base.replace("year: 2020", "year: 2021").replace("组织学习政府信息公开条例", "组织学习新修订的政府信息公开条例") \
        .replace("lead: [审批科]\n            cooperating: [促进科, 资管科, 市场科, 服贸科, 机电科]", "lead: [综合科]\n            cooperating: [促进科, 资管科, 市场科, 服贸科, 机电科]", 1)
    start = changed.index("          - no: 31\n")
    end = changed.index("          - no: 32\n")
    changed = changed[:start] + changed[end:]
    (tmp_path / "b.yaml").write_text(changed, encoding="utf-8")
    code, out, _ = run("plan", "diff", "zhaoqing-commerce-2020", str(tmp_path / "b.yaml"), "--format", "json")
    changes = json.loads(out)
    kinds = {(c["change"], c["old"], c["new"]) for c in changes}
    assert ("reworded", 30, 30) in kinds and ("reassigned", 1, 1) in kinds and ("dropped", 31, None) in kinds
    assert len(changes) == 3


def test_init_then_check_reports_missing_evidence_not_errors(tmp_path):
    folder = tmp_path / "新证据"
    code, out, err = run("init", str(folder), "--plan", "zhaoqing-commerce-2020")
    assert code == 0, err
    assert (folder / "gongkai.yaml").exists() and (folder / "README.md").exists() and (folder / "办公室").is_dir()
    template = (folder / "办公室" / "任务28-模板.yaml").read_text(encoding="utf-8")
    assert "type: leader-designation" in template and "filed_on" in template and "（必填）" in template
    assert (folder / "台账" / "disclosure-request.csv").read_text(encoding="utf-8").startswith("id,date,department,request_no")
    code, out, _ = run("check", str(folder), "--as-of", "2021-02-01", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["errors"] == []
    statuses = {t["no"]: t["status"] for t in report["tasks"]}
    assert "error" not in statuses.values()
    assert all(s in ("fail", "not-applicable") for s in statuses.values())
    t6 = next(t for t in report["tasks"] if t["no"] == 6)
    assert "缺少证据" in t6["checks"][0]["message"]
    code, _, err = run("init", str(folder))
    assert code == 2 and "不为空" in err


def test_init_by_task(tmp_path):
    folder = tmp_path / "ev"
    code, _, _ = run("init", str(folder), "--layout", "task")
    assert code == 0 and (folder / "任务01" / "任务01-模板.yaml").exists()


def test_a_negative_parameter_is_named_once_at_its_line_and_never_traps(tmp_path):
    """`within: -1` in a plan: `plan lint` names it once, at the parameter's own line, and `check` reports the check as an
    error while every other task is still evaluated."""
    with open(os.path.join(ROOT, "Rules", "plans", "zhaoqing-commerce-2020.yaml"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    at = next(i for i, l in enumerate(lines) if l.strip() == "kind: request-deadline")
    lines.insert(at + 1, lines[at].replace("kind: request-deadline", "within: -1"))
    plan = tmp_path / "plan.yaml"
    plan.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run("plan", "lint", str(plan))
    assert code == 1 and out.count("应为 0～100000 的整数，而不是 -1") == 1, out + err
    assert f"plan.yaml:{at + 2}:" in out, out  # the line of `within` itself (1-based: the line after the kind)
    from conftest import GAPS
    code, out, err = run("check", GAPS, "--as-of", "2021-02-05", "--plan-file", str(plan), "--format", "json")
    report = json.loads(out)
    assert code == 1 and len(report["tasks"]) >= 32, err
    broken = [c for t in report["tasks"] for c in t["checks"] if c["status"] == "error" and "-1" in c["message"]]
    assert len(broken) == 1, broken
