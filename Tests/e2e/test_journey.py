"""A new agency's whole year, as a clerk follows the guide (issue 25), on three real plans that are not the seed
(Tests/fixtures/journey-plans and real-plans, with their sources): import → review → lint → init --workbook → fill the
workbook the way people type (Chinese and slashed dates, free-text 备注, a unit written another way, applicants' names
and phones, outcomes in the national format's words) → check 符合 (exit 0) → the planted gaps and only those → due →
stats → annual-report, read back with python-docx and rendered by LibreOffice; then the next year's folder."""
import datetime, json, os, re, subprocess

import docx
import openpyxl
import pytest
import yaml

from conftest import ROOT, run, tree_digest

FIXTURES = os.path.join(ROOT, "Tests", "fixtures")

# Each plan as found, the options the importer asks the clerk for, and the lines kept: each stored copy is cut inside
# its last task, which the journey leaves out (the clerk would have the whole document).
PLANS = {
    # A county bureau worded with 股室 and 中心 (Anhui, 2025): 办公室牵头，局各股室、局属各中心配合.
    "huaiyuan": dict(
        file="journey-plans/huaiyuan-ybj-2025.txt", lines=7, year=2025,
        args=["--year", "2025", "--title", "怀远县医疗保障局2025年度政务公开重点工作清单及分工",
              "--departments", "办公室,待遇保障股,基金监管股,医保服务中心"],
        agency="怀远县医疗保障局", tasks=[1, 2, 3, 4, 5], office="办公室"),
    # A district government (Shanghai, 2025): 责任单位：区政府各部门、各街镇.
    "songjiang": dict(
        file="journey-plans/songjiang-2025.txt", lines=12, year=2025,
        args=["--agency", "松江区人民政府", "--departments",
              "区政府办公室,区发展改革委,区经委,区教育局,区市场监管局,区民政局,区住房保障房屋管理局,区数据局,岳阳街道,泗泾镇"],
        agency="松江区人民政府", tasks=[1, 2, 3, 4, 5, 6], office="区政府办公室"),
    # A city body (Guangdong): a pipe table with merged 工作任务 cells, 各科室 as a collective.
    "jiangmen": dict(
        file="real-plans/jiangmen-land-reserve.txt", lines=11, year=2025,
        args=["--year", "2025", "--title", "江门市土地储备中心2025年政务公开工作要点分工"],
        agency="江门市土地储备中心", tasks=list(range(1, 11)), office="办公室"),
}

PERSONAL = ["欧阳明月", "13912345678", "11010519491231002X", "司马光华", "13800138000"]


def gk(*args, cwd=None, ok=(0,)):
    code, out, err = run(*args, cwd=cwd)
    assert code in ok, f"gongkai {' '.join(map(str, args))}: exit {code}\n{out[-3000:]}\n{err[-3000:]}"
    return code, out, err


def type_titles():
    with open(os.path.join(ROOT, "Rules", "types.yaml"), encoding="utf-8") as f:
        types = yaml.safe_load(f)["types"]
    return {k: v.get("title", k) for k, v in types.items()}


def start(tmp_path, name):
    """import → review → lint → init --workbook, as the guide says; returns the folder and the plan as JSON."""
    spec = PLANS[name]
    work = tmp_path / name
    work.mkdir()
    with open(os.path.join(FIXTURES, spec["file"]), encoding="utf-8") as f:
        text = f.read()
    if spec["lines"]:
        text = "\n".join(text.splitlines()[: spec["lines"]]) + "\n"
    (work / "分工方案.txt").write_text(text, encoding="utf-8")
    gk("plan", "import", "分工方案.txt", *spec["args"], "-o", "计划.yaml", cwd=work)
    _, review, _ = gk("plan", "import", "分工方案.txt", *spec["args"], "--review", cwd=work)
    assert "任务1" in review or "任务 1" in review, review[:500]
    gk("plan", "lint", "计划.yaml", cwd=work)
    gk("init", "证据", "--plan", "计划.yaml", "--workbook", cwd=work)
    _, plan, _ = gk("plan", "show", str(work / "证据" / "计划.yaml"), "--format", "json")
    plan = json.loads(plan)
    assert sorted(t["no"] for t in plan["tasks"]) == spec["tasks"]
    return work, work / "证据", plan


def fill(folder, plan, spec, leave_out=(), late_request=False, no_report=False):
    """The workbook filled as an office does: one record per task from its owner, a unit written another way, mixed
    date forms, free text, three requests with applicants' details, the office's designation, last year's and this
    year's annual report."""
    year = spec["year"]
    path = folder / "证据台账.xlsx"
    wb = openpyxl.load_workbook(path)
    titles = type_titles()

    def sheet(type_id):
        ws = wb[titles[type_id]]
        # The example rows go, as the guide says they may.
        while ws.max_row > 1 and ws.cell(2, 1).value == "示例":
            ws.delete_rows(2)
        return ws

    def append(type_id, values):
        ws = sheet(type_id)
        heads = [str(c.value).replace("（必填）", "") for c in ws[1]]
        row = ws.max_row + 1
        for k, v in values.items():
            ws.cell(row, heads.index(k) + 1, v)

    n = 0
    for t in plan["tasks"]:
        if t["no"] in leave_out:
            continue
        for c in t["checks"]:
            if c["kind"] != "evidence":
                continue
            kind = c["parameters"]["types"][0]
            owners = (t["responsible"] if c["parameters"].get("each_responsible") else None) or [(t["lead"] or t["responsible"])[0]]
            for owner in owners:
                n += 1
                # Dates as people type them: 2025年3月5日, 2025/4/1, and Excel dates.
                day = [f"{year}年3月{n % 27 + 1}日", f"{year}/4/{n % 29 + 1}", datetime.datetime(year, 5, n % 28 + 1)][n % 3]
                # One unit written the long way round: 局办公室 for 办公室.
                dept = "局" + owner if owner == "办公室" and n == 1 else owner
                values = {"编号": f"R-{n}", "部门": dept, "任务编号": str(t["no"]), "备注": f"第{n}条，{owner}报送；已核对原件。"}
                if kind == "publication":
                    values |= {"标题": f"{spec['agency']}公开事项{n}", "发布日期": day, "发布渠道": "政府网站"}
                elif kind == "policy-interpretation":
                    values |= {"标题": f"解读{n}", "被解读文件": "《关于做好2025年政务公开工作的通知》", "发布日期": day, "解读形式": "文字解读"}
                elif kind == "training":
                    values |= {"主题": f"依申请公开业务培训{n}", "参加人数": 20 + n, "日期": day}
                else:
                    values |= {"日期": day, "标题": f"工作记录{n}", "工作内容": "按计划落实，形成记录。"}
                append(kind, values)
    append("office-designation", {"编号": "ZD-1", "部门": spec["office"], "工作机构": spec["office"], "工作人员数": 2, "起始日期": f"{year - 1}-01-01",
                                  "文号": "〔2024〕1号"})
    answered_late = f"{year}/8/20" if late_request else f"{year}/6/20"
    for r in [
        dict(no="1", received=f"{year}年6月3日", kind="自然人", name=PERSONAL[0], phone=PERSONAL[1], idno=PERSONAL[2], answered=answered_late,
             outcome="本机关不掌握相关政府信息"),
        dict(no="2", received=f"{year}年9月1日", kind="法人或其他组织", name=PERSONAL[3], phone=PERSONAL[4], idno="", answered=f"{year}/9/10",
             outcome="予以公开"),
        dict(no="3", received=f"{year}年10月9日", kind="商业企业", name="某某公司", phone="", idno="", answered=f"{year}/10/30",
             outcome="（三）不予公开 4.保护第三方合法权益"),
    ]:
        append("disclosure-request", {
            "编号": f"SQ-{r['no']}", "部门": spec["office"], "申请编号": f"依申〔{year}〕{r['no']}号", "收到申请日期": r["received"],
            "申请人类型": r["kind"], "申请人姓名": r["name"], "联系电话": r["phone"], "身份证号码": r["idno"],
            "申请内容": f"申请人{r['name']}申请公开有关文件，电话{r['phone']}", "答复日期": r["answered"], "办理结果": r["outcome"],
            "备注": f"已电话告知{r['name']}{r['phone']}"})
    (folder / "附件").mkdir(exist_ok=True)
    for y in ([year - 1] if no_report else [year - 1, year]):
        (folder / "附件" / f"{y}年报.docx").write_bytes(b"report")
        append("annual-report", {"编号": f"NB-{y}", "部门": spec["office"], "报告年度": y, "发布日期": f"{y + 1}-01-20", "报告文件": f"附件/{y}年报.docx"})
    wb.save(path)


def statuses(report):
    return {t["no"]: t["status"] for t in report["tasks"]}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_a_new_agencys_year_arrives(tmp_path, name):
    spec = PLANS[name]
    work, folder, plan = start(tmp_path, name)
    # The plan inside the folder, gongkai.yaml and the README are configuration: nothing is read as evidence.
    _, out, _ = gk("check", "证据", "--as-of", f"{spec['year']}-03-01", "--format", "json", cwd=work, ok=(0, 1))
    assert json.loads(out)["errors"] == []
    fill(folder, plan, spec)
    before = tree_digest(folder)
    as_of = f"{spec['year'] + 1}-02-01"

    code, text, err = gk("check", "证据", "--as-of", as_of, cwd=work)
    assert "结论：符合" in text, text
    assert "局办公室" not in text or "按计划中的“办公室”读取" in text
    _, out, _ = gk("check", "证据", "--as-of", as_of, "--format", "json", cwd=work)
    report = json.loads(out)
    assert report["errors"] == [] and report["compliant"] is True
    st = statuses(report)
    assert set(st.values()) == {"pass"}, st
    # The 条例's duties are checked whatever the plan says: requests, the disclosure office, the annual report.
    assert {901, 902, 903} <= set(st) or any(c["kind"] == "request-deadline" for t in report["tasks"] for c in t["checks"])

    # The folder's own README: every command it shows works as written, run from inside the folder.
    readme = (folder / "README.md").read_text(encoding="utf-8")
    shown = [l.strip().split("#")[0].strip() for l in readme.splitlines() if l.startswith("    gongkai ")]
    assert len(shown) >= 3, readme
    for line in shown:
        args = line.split()[1:]
        gk(*args, "--as-of", as_of, cwd=folder) if args[0] == "check" else gk(*args, cwd=folder)
    assert (work / "待办.ics").exists() and (work / "自查.xlsx").exists()

    # What is due mid-year: the request received in June, with its 20-working-day deadline.
    _, due, _ = gk("due", "证据", "--as-of", f"{spec['year']}-06-05", cwd=work)
    assert f"依申〔{spec['year']}〕1号" in due

    # The statistics: three requests received, each in its row and column of the year's format.
    _, out, _ = gk("stats", "证据", "--as-of", as_of, "--format", "json", cwd=work)
    stats = json.loads(out)
    requests = next(t for t in stats["tables"] if t["id"] == "requests")
    by_path = {tuple(r["path"]): r["values"] for r in requests["rows"]}
    new = next(v for p, v in by_path.items() if p[0].startswith("一、本年新收"))
    assert new[-1] == 3, new
    unavailable = next(v for p, v in by_path.items() if p[-1] == "1.本机关不掌握相关政府信息")
    assert unavailable[0] == 1 and unavailable[-1] == 1
    third = next(v for p, v in by_path.items() if p[-1] == "4.保护第三方合法权益")
    assert third[1] == 1  # 商业企业
    other = next(v for p, v in by_path.items() if p[-1] == "（一）予以公开")
    assert other[5] == 1  # 法人或其他组织 without a subtype counts under 其他

    # The annual report, as Word, read back and rendered.
    gk("annual-report", "证据", "--as-of", as_of, "--format", "docx", "-o", str(work / "年报.docx"), cwd=work)
    d = docx.Document(str(work / "年报.docx"))
    body = "\n".join(p.text for p in d.paragraphs)
    cells = "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    assert body.startswith(f"{spec['agency']}{spec['year']}年政府信息公开工作年度报告"), body[:200]
    assert "（）" not in body and "《《" not in body and "记录记录" not in body
    assert "本机关不掌握相关政府信息" in cells
    lo = tmp_path / "lo"
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{lo}", "--convert-to", "pdf", "--outdir", str(work),
                    str(work / "年报.docx")], capture_output=True, timeout=240, check=True)
    pdf = subprocess.run(["pdftotext", "-layout", str(work / "年报.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", pdf)
    assert f"{spec['agency']}{spec['year']}年政府信息公开工作年度报告" in flat and "本机关不掌握相关政府信息" in flat

    # No applicant's name, phone or identity number in anything the year wrote.
    written = text + due + out + body + cells + pdf
    for p in (work / "年报.docx",):
        assert p.exists()
    for value in PERSONAL:
        assert value not in written, value
    # The evidence folder was never written to.
    assert tree_digest(folder) == before


@pytest.mark.parametrize("name", ["huaiyuan", "songjiang"])
def test_the_gaps_planted_and_only_those(tmp_path, name):
    """A missing task record, a late request and a missing annual report: check names exactly those, exit 1."""
    spec = PLANS[name]
    work, folder, plan = start(tmp_path, name)
    fill(folder, plan, spec, leave_out=(2,), late_request=True, no_report=True)
    code, out, err = run("check", "证据", "--as-of", f"{spec['year'] + 1}-02-05", "--format", "json", cwd=work)
    assert code == 1, err
    report = json.loads(out)
    assert report["errors"] == []
    failing = {no for no, s in statuses(report).items() if s != "pass"}
    late_in = [t["no"] for t in report["tasks"] for c in t["checks"] if c["kind"] == "request-deadline" and c["status"] == "fail"]
    report_in = [t["no"] for t in report["tasks"] for c in t["checks"] if c["kind"] == "report" and c["status"] == "fail"]
    assert late_in and report_in, statuses(report)
    assert failing == {2} | set(late_in) | set(report_in), statuses(report)
    late = [f["message"] for t in report["tasks"] for c in t["checks"] if c["kind"] == "request-deadline" for f in c["findings"]]
    assert len(late) == 1 and f"依申〔{spec['year']}〕1号" in late[0] and "超期" in late[0]
    for value in PERSONAL:
        assert value not in out + err


def test_the_next_year_starts_from_this_one(tmp_path):
    """December of the plan's year: the next year's plan arrives, its folder starts from this one's (init --from), the
    standing designation and the request still open at the year's end are carried (上年结转), and the new year's check
    times that request across the new year; the statistics count it as carried over."""
    spec = PLANS["huaiyuan"]
    work, folder, plan = start(tmp_path, "huaiyuan")
    fill(folder, plan, spec)
    # A request received on 2025-12-22, still unanswered on 31 December.
    wb = openpyxl.load_workbook(folder / "证据台账.xlsx")
    ws = wb[type_titles()["disclosure-request"]]
    heads = [str(c.value).replace("（必填）", "") for c in ws[1]]
    row = ws.max_row + 1
    for k, v in {"编号": "SQ-9", "部门": "办公室", "申请编号": "依申〔2025〕9号", "收到申请日期": "2025-12-22", "申请人类型": "自然人",
                 "申请人姓名": "司马光华", "联系电话": "13800138000", "申请内容": "申请公开2025年医保基金支出情况",
                 # A clerk's title naming the applicant and the phone: carried masked, as every output is.
                 "标题": "司马光华申请公开医保支出（电话13800138000）"}.items():
        ws.cell(row, heads.index(k) + 1, v)
    wb.save(folder / "证据台账.xlsx")
    before = tree_digest(folder)
    # The 2026 plan (here the same text, imported for 2026), and the new folder started from 2025's.
    gk("plan", "import", "分工方案.txt", *[a if a != "2025" else "2026" for a in spec["args"]], "-o", "2026计划.yaml", cwd=work)
    _, out, _ = gk("init", "2026证据", "--from", "证据", "--plan", "2026计划.yaml", "--workbook", cwd=work)
    assert "1 条仍有效的指定、1 件未办结的申请" in out, out
    carried = (work / "2026证据" / "上年结转.yaml").read_text(encoding="utf-8")
    assert "依申〔2025〕9号" in carried and "ZD-1" in carried
    assert re.search(r"title: \"?＊+申请公开医保支出（电话138\*\*\*\*8000）", carried), carried
    for value in PERSONAL + ["医保基金支出情况"]:
        assert value not in carried, value
    assert tree_digest(folder) == before, "last year's folder is never written to"
    # The carried request is due on 2026-01-20: 7 working days to 31 December, 1–3 January off and Sunday 4 January a
    # working day under the 2026 notice, then 5–9, 12–16, 19 and 20 January. Open on 5 January.
    _, due, _ = gk("due", "2026证据", "--as-of", "2026-01-05", cwd=work)
    assert "2026-01-20" in due and "依申〔2025〕9号" in due
    # The 2026 statistics count it as carried over from 2025.
    code, out, err = run("stats", "2026证据", "--as-of", "2026-03-01", "--format", "json", cwd=work)
    requests = next(t for t in json.loads(out)["tables"] if t["id"] == "requests")
    carried_in = next(r["values"] for r in requests["rows"] if r["path"][0].startswith("二、上年结转"))
    assert carried_in[0] == 1 and carried_in[-1] == 1, carried_in


def test_the_disclosure_office_is_named_in_gongkai_yaml(tmp_path):
    """The 条例's duties the plan does not restate (901–903) are owned by the unit gongkai.yaml names as the disclosure
    office (disclosure_office), not by the first unit found; a unit the plan does not have is refused with its line."""
    spec = PLANS["huaiyuan"]
    work, folder, plan = start(tmp_path, "huaiyuan")
    fill(folder, plan, spec)
    config = folder / "gongkai.yaml"
    original = config.read_text(encoding="utf-8")
    as_of = f"{spec['year'] + 1}-02-05"
    _, out, _ = run("check", "证据", "--as-of", as_of, "--format", "json", cwd=work)
    statutory = [t for t in json.loads(out)["tasks"] if t["no"] >= 901]
    assert statutory and all(t["responsible"] == ["办公室"] for t in statutory), statutory
    config.write_text(original + "disclosure_office: 待遇保障股\n", encoding="utf-8")
    _, out, _ = run("check", "证据", "--as-of", as_of, "--format", "json", cwd=work)
    statutory = [t for t in json.loads(out)["tasks"] if t["no"] >= 901]
    assert statutory and all(t["responsible"] == ["待遇保障股"] for t in statutory), statutory
    line = len(original.splitlines()) + 1
    config.write_text(original + "disclosure_office: 政务公开股\n", encoding="utf-8")
    code, out, err = run("check", "证据", "--as-of", as_of, cwd=work)
    assert code == 2 and f"gongkai.yaml:{line}" in err and "“政务公开股”不在计划的单位中" in err, err
