"""The built binary, end to end, on both samples."""
import json, os, shutil, subprocess
from conftest import BIN, COMPLETE, GAPS, ROOT, run, tree_digest


def statuses(report):
    return {t["no"]: t["status"] for t in report["tasks"]}


def test_complete_sample_passes_every_task(complete_json):
    assert set(statuses(complete_json).values()) == {"pass"}
    assert complete_json["summary"]["pass"] == 32
    assert complete_json["errors"] == []
    assert complete_json["compliant"] is True


def test_paused_requests_are_on_time(complete_json, tmp_path):
    """条例 art. 30 and 32: the sample's ledger has requests answered more than 20 working days after receipt that
    are on time only because the clock restarted or paused; without those columns they are late."""
    import csv
    ledger = os.path.join(COMPLETE, "依申请公开", "disclosure-request.csv")
    rows = list(csv.DictReader(open(ledger, encoding="utf-8")))
    paused = [r for r in rows if r["corrected_on"] or r["consultation_sent_on"]]
    assert any(r["corrected_on"] for r in paused) and any(r["consultation_sent_on"] for r in paused)
    task20 = next(t for t in complete_json["tasks"] if t["no"] == 20)
    assert task20["checks"][0]["status"] == "pass"
    # The same folder with the pause columns emptied: exactly those requests are late, by number.
    folder = tmp_path / "folder"
    shutil.copytree(COMPLETE, folder)
    with open(folder / "依申请公开" / "disclosure-request.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        for r in rows:
            w.writerow({**r, "correction_requested_on": "", "corrected_on": "", "consultation_sent_on": "", "consultation_answered_on": ""})
    code, out, _ = run("check", str(folder), "--as-of", "2021-03-01", "--format", "json")
    assert code == 1
    check = next(t for t in json.loads(out)["tasks"] if t["no"] == 20)["checks"][0]
    assert check["status"] == "fail"
    assert sorted(f["message"].split("：")[0] for f in check["findings"]) == sorted(f"申请 {r['request_no']}" for r in paused)


def test_gaps_sample_fails_on_exactly_its_gaps(gaps_json):
    failing = {no for no, s in statuses(gaps_json).items() if s != "pass"}
    assert failing == {26, 27, 28, 32}
    tasks = {t["no"]: t for t in gaps_json["tasks"]}
    t26 = {c["id"]: c for c in tasks[26]["checks"]}
    assert t26["quarterly-check"]["status"] == "fail" and "第三季度" in t26["quarterly-check"]["message"]
    assert t26["daily-patrol"]["status"] == "fail" and "2020-07-04" in t26["daily-patrol"]["message"]
    assert t26["annual-evaluation"]["status"] == "pass"
    gazette = tasks[27]["checks"][0]
    assert gazette["findings"][0]["record"].endswith("normative-document.csv:5")
    assert "肇商务规〔2020〕4号" in gazette["findings"][0]["message"] and "超期 4个工作日" in gazette["findings"][0]["message"]
    assert "未报主管部门备案" in tasks[28]["checks"][0]["message"]
    assert "2021-02-03" in tasks[32]["checks"][0]["message"]
    # Every finding names its owner.
    for no in failing:
        assert tasks[no]["lead"] or tasks[no]["responsible"]


def test_json_schema_fields(gaps_json):
    for key in ("plan", "agency", "asOf", "summary", "tasks", "errors", "tool", "planSha256", "evidence", "provenance"):
        assert key in gaps_json
    assert gaps_json["plan"] == "zhaoqing-commerce-2020" and gaps_json["asOf"] == "2021-02-05"
    assert sum(gaps_json["summary"].values()) == len(gaps_json["tasks"]) == 32
    t = gaps_json["tasks"][0]
    for key in ("no", "section", "item", "requirement", "status", "lead", "responsible", "cooperating", "checks"):
        assert key in t
    for key in ("kind", "status", "message", "evidence", "due"):
        assert key in t["checks"][0]
    manifest = {m["path"]: m for m in gaps_json["evidence"]["manifest"]}
    assert "依申请公开/disclosure-request.csv" in manifest and len(manifest["依申请公开/disclosure-request.csv"]["sha256"]) == 64


def test_english_output():
    code, out, _ = run("check", GAPS, "--as-of", "2021-02-05", "--lang", "en")
    assert code == 1
    assert "not filed with the disclosure authority" in out and "Result: not compliant" in out


def test_text_report_groups_by_section_and_summarises():
    code, out, _ = run("check", GAPS, "--as-of", "2021-02-05")
    assert code == 1
    assert out.index("一、围绕贯彻落实") < out.index("六、强化做好政务公开工作")
    assert "汇总" in out and "未通过 4" in out and "责任：办公室" in out
    assert "\x1b[" not in out, "no colour when not on a terminal"


def test_pending_before_the_year_ends():
    code, out, _ = run("check", COMPLETE, "--as-of", "2020-08-15", "--format", "json")
    report = json.loads(out)
    st = statuses(report)
    assert st[32] == "pending" and st[4] == "pending"
    assert code == 0, "pending alone does not fail the gate"
    code, _, _ = run("check", COMPLETE, "--as-of", "2020-08-15", "--fail-on", "pending")
    assert code == 1


def test_exit_code_2_for_unusable_folders(tmp_path):
    code, _, err = run("check", str(tmp_path))
    assert code == 2 and "gongkai.yaml" in err
    (tmp_path / "gongkai.yaml").write_text("plan: no-such-plan\n", encoding="utf-8")
    code, _, err = run("check", str(tmp_path))
    assert code == 2 and "no-such-plan" in err
    (tmp_path / "gongkai.yaml").write_text("plan: [unclosed\n", encoding="utf-8")
    code, _, err = run("check", str(tmp_path))
    assert code == 2 and "gongkai.yaml:" in err


def test_malformed_record_is_an_error_and_everything_else_is_evaluated(tmp_path):
    folder = tmp_path / "ev"
    shutil.copytree(COMPLETE, folder)
    (folder / "broken.yaml").write_text("- id: X\n  type: training\n  topic: [oops\n", encoding="utf-8")
    code, out, _ = run("check", str(folder), "--as-of", "2021-02-01", "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert [e["file"] for e in report["errors"]] == ["broken.yaml"] and report["errors"][0]["line"]
    assert report["summary"]["pass"] == 32


def test_evidence_folder_is_never_written(tmp_path):
    before = tree_digest(GAPS)
    run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "--xlsx", str(tmp_path / "w.xlsx"))
    run("check", GAPS, "--format", "junit", "--format", "sarif", "--output-dir", str(tmp_path))
    run("validate", GAPS)
    run("due", GAPS, "--as-of", "2020-12-01", "--ics", str(tmp_path / "d.ics"))
    assert tree_digest(GAPS) == before


def test_works_from_another_folder(tmp_path):
    code, out, _ = run("plan", "show", "--format", "json", cwd=str(tmp_path))
    assert code == 0 and len(json.loads(out)["tasks"]) == 32


def test_validate_lists_problems_with_file_line(tmp_path):
    folder = tmp_path / "ev"
    shutil.copytree(COMPLETE, folder)
    (folder / "bad.yaml").write_text("- {id: B1, type: training, department: 办公室, topic: X, attendees: many, date: 2020-05-01}\n", encoding="utf-8")
    code, out, _ = run("validate", str(folder))
    assert code == 1 and "bad.yaml:1" in out and "attendees" in out
    code, out, _ = run("validate", COMPLETE)
    assert code == 0


def test_plan_show_json_uses_the_check_task_fields():
    code, out, _ = run("plan", "show", "zhaoqing-commerce-2020", "--format", "json")
    plan = json.loads(out)
    t28 = next(t for t in plan["tasks"] if t["no"] == 28)
    assert t28["checks"][0]["kind"] == "designation" and t28["checks"][0]["parameters"]["require_filed"] is True
    for key in ("no", "section", "item", "requirement", "lead", "responsible", "cooperating", "checks"):
        assert key in t28


def test_verify_the_manifest(tmp_path):
    folder = tmp_path / "ev"
    shutil.copytree(COMPLETE, folder)
    report = tmp_path / "r.json"
    run("check", str(folder), "--as-of", "2021-02-01", "--format", "json", "--output", str(report))
    code, out, _ = run("verify", str(report), str(folder))
    assert code == 0, out
    with open(folder / "指定" / "designations.yaml", "a", encoding="utf-8") as f:
        f.write("# edited after the report\n")
    code, out, _ = run("verify", str(report), str(folder))
    assert code == 1 and "指定/designations.yaml" in out


def test_bad_usage_is_exit_2():
    for args in (["check", "--bogus"], ["check", GAPS, "--as-of", "2021-13-01"], ["check", GAPS, "--format", "pdf"], ["nonsense"]):
        code, _, err = run(*args)
        assert code == 2, (args, err)
    assert run("--help")[0] == 0


def test_a_message_that_gives_its_deadline_is_not_given_it_twice(tmp_path):
    """The annual report's failure already says its deadline; the text report does not add it again."""
    folder = tmp_path / "证据"
    shutil.copytree(GAPS, folder)
    shutil.rmtree(folder / "年度报告")
    code, out, _ = run("check", str(folder), "--as-of", "2021-02-05")
    line = next(l for l in out.splitlines() if "未公布2020年度报告" in l)
    assert code == 1 and line.count("期限 2021-01-31") == 1, line
