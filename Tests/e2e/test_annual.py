"""The annual report: the appendix (md, txt, docx) and the statistics tables."""
import csv, io, json, os, re, shutil, zipfile
import docx, openpyxl
from conftest import COMPLETE, GAPS, ROOT, run


def appendix(folder, as_of, *extra):
    code, out, err = run("appendix", str(folder), "--as-of", as_of, *extra)
    assert code == 0, err
    return out


def task_lines(md):
    return [l for l in md.splitlines() if re.match(r"^\d+\. \*\*", l)]


def test_appendix_has_every_task_once_in_plan_order():
    for folder, as_of, open_tasks in ((COMPLETE, "2021-02-01", set()), (GAPS, "2021-02-05", {26, 27, 28, 32})):
        md = appendix(folder, as_of)
        assert md.startswith("# 贯彻落实2020年政务公开工作要点情况")
        lines = task_lines(md)
        assert [int(l.split(".")[0]) for l in lines] == list(range(1, 33))
        for l in lines:
            no = int(l.split(".")[0])
            assert ("未完成" in l) == (no in open_tasks), l
        assert md.index("## 一、") < md.index("### （一）以权责清单") < md.index("## 六、")


def test_appendix_says_what_was_done_and_why_not():
    md = appendix(GAPS, "2021-02-05")
    t6 = next(l for l in task_lines(md) if l.startswith("6."))
    assert "全年发布政策解读 8 篇" in t6 and "《肇庆市稳外贸稳外资若干措施》" in t6
    t28 = next(l for l in task_lines(md) if l.startswith("28."))
    assert "存在问题" in t28 and "未报主管部门备案" in t28
    assert "已完成28项，尚未完成4项" in md


def test_appendix_task_without_evidence_says_so(tmp_path):
    (tmp_path / "gongkai.yaml").write_text("plan: zhaoqing-commerce-2020\nagency: 测试局\n", encoding="utf-8")
    md = appendix(tmp_path, "2021-02-01")
    t1 = next(l for l in task_lines(md) if l.startswith("1."))
    assert "证据中没有该项任务的工作记录" in t1 and "未完成" in t1


def test_appendix_txt_has_no_markup():
    txt = appendix(GAPS, "2021-02-05", "--format", "txt")
    assert "**" not in txt and not any(l.startswith("#") or l.startswith("|") for l in txt.splitlines())
    assert "贯彻落实2020年政务公开工作要点情况" in txt


def test_appendix_docx_reads_back(tmp_path):
    out = tmp_path / "a.docx"
    appendix(GAPS, "2021-02-05", "--format", "docx", "--output", str(out), "--created", "2021-02-06")
    d = docx.Document(str(out))
    paras = [p for p in d.paragraphs if p.text]
    assert paras[0].text == "贯彻落实2020年政务公开工作要点情况" and paras[0].style.name == "Title"
    assert [p.text for p in paras if p.style.name == "Heading 1"][:6] == [
        "一、围绕贯彻落实党的十九届四中全会精神加强用权公开", "二、围绕“六稳”、“六保”加强政策发布解读", "三、围绕优化营商环境加强政务信息公开",
        "四、围绕突发事件应对加强公共卫生信息公开", "五、围绕落实新修订的政府信息公开条例加强制度执行", "六、强化做好政务公开工作的各项保障措施"]
    numbered = [p.text for p in paras if re.match(r"^\d+\. ", p.text)]
    assert [int(t.split(".")[0]) for t in numbered] == list(range(1, 33))
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "工作任务", "牵头（负责）科室", "完成情况"]
    rows = {r.cells[0].text: r.cells[3].text for r in table.rows[1:]}
    assert len(rows) == 32 and rows["28"] == "未完成" and rows["1"] == "已完成"
    assert d.core_properties.author == "肇庆市商务局"


LEDGER = """request_no,received_on,applicant_type,applicant_name,applicant_phone,answered_on,outcome
Q1,2019-12-20,自然人,赵甲,13800000001,2020-01-10,予以公开
Q2,2019-12-01,商业企业,钱乙,13800000002,2019-12-20,予以公开
Q3,2020-03-02,自然人,孙丙,13800000003,2020-03-20,部分公开
Q4,2020-05-06,法律服务机构,李丁,13800000004,2020-05-25,不予公开-属于国家秘密
Q5,2020-06-01,其他,周戊,13800000005,2020-06-15,无法提供-没有现成信息需要另行制作
Q6,2020-12-25,科研机构,吴己,13800000006,2021-01-15,予以公开
Q7,2020-12-28,自然人,郑庚,13800000007,,
Q8,2020-08-03,社会公益组织,王辛,13800000008,2020-08-20,不予处理-重复申请
Q9,2020-09-01,商业企业,冯壬,13800000009,2020-09-10,其他处理
"""

# Hand-computed: columns 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
EXPECTED = {
    "一、本年新收政府信息公开申请数量": [2, 1, 1, 1, 1, 1, 7],
    "二、上年结转政府信息公开申请数量": [1, 0, 0, 0, 0, 0, 1],
    "（一）予以公开": [1, 0, 0, 0, 0, 0, 1],
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [1, 0, 0, 0, 0, 0, 1],
    "（三）不予公开/1.属于国家秘密": [0, 0, 0, 0, 1, 0, 1],
    "（四）无法提供/2.没有现成信息需要另行制作": [0, 0, 0, 0, 0, 1, 1],
    "（五）不予处理/2.重复申请": [0, 0, 0, 1, 0, 0, 1],
    "（六）其他处理": [0, 1, 0, 0, 0, 0, 1],
    "（七）总计": [2, 1, 0, 1, 1, 1, 6],
    "四、结转下年度继续办理": [1, 0, 1, 0, 0, 0, 2],
}


def ledger_folder(tmp_path, plan="zhaoqing-commerce-2020"):
    folder = tmp_path / "ev"
    folder.mkdir()
    (folder / "gongkai.yaml").write_text(f"plan: {plan}\nagency: 测试局\n", encoding="utf-8")
    (folder / "disclosure-request.csv").write_text(LEDGER, encoding="utf-8")
    return folder


def stats_json(folder, *extra):
    code, out, err = run("stats", str(folder), "--as-of", "2021-03-01", "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def check_identities(requests):
    rows = {r["label"]: r["values"] for r in requests["rows"]}
    ordered = requests["rows"]
    for r in ordered:
        if r["values"]:
            assert r["values"][6] == sum(r["values"][:6]), r["label"]
    # (七) = the sum of the result rows under 三、本年度办理结果 (the format gives （三）–（六） no subtotal row).
    leaves = [r["values"] for r in ordered if r["path"][0] == "三、本年度办理结果" and r["label"] != "（七）总计"]
    assert not any(r["label"] in ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理") for r in ordered)
    assert rows["（七）总计"] == [sum(c) for c in zip(*leaves)]
    # A column whose （七） is marked * holds a request counted as received but in no result row (issue 26): it is
    # listed as a problem, and the identity cannot hold there.
    marked = next(r.get("marked") or [] for r in ordered if r["label"] == "（七）总计")
    for c in range(7):
        if c < len(marked) and marked[c]:
            continue
        assert rows["一、本年新收政府信息公开申请数量"][c] + rows["二、上年结转政府信息公开申请数量"][c] == rows["（七）总计"][c] + rows["四、结转下年度继续办理"][c]


def test_statistics_for_a_hand_computed_ledger(tmp_path):
    stats = stats_json(ledger_folder(tmp_path))
    assert stats["format"].startswith("国办公开办函〔2019〕60号")
    requests = next(t for t in stats["tables"] if t["id"] == "requests")
    assert requests["columns"] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    # A row is named by its path under 三、本年度办理结果: the format's sub-rows repeat their numbers (2.重复申请).
    rows = {"/".join(r["path"][1:] if len(r["path"]) > 1 else r["path"]): r["values"] for r in requests["rows"]}
    for label, values in EXPECTED.items():
        assert rows[label] == values, label
    check_identities(requests)
    assert stats["unclassified"] == []


def test_statistics_of_the_sample_add_up():
    code, out, _ = run("stats", GAPS, "--as-of", "2021-02-05", "--format", "json")
    stats = json.loads(out)
    check_identities(next(t for t in stats["tables"] if t["id"] == "requests"))
    review = next(t for t in stats["tables"] if t["id"] == "review")
    assert all(v is None for r in review["rows"] for v in r["values"]) and review["notes"], "no ledger: says so, not 0"


def test_2021_format_by_report_year(tmp_path):
    plan = open(os.path.join(ROOT, "Rules/plans/zhaoqing-commerce-2020.yaml"), encoding="utf-8").read()
    plan = plan.replace("id: zhaoqing-commerce-2020", "id: test-2021").replace("year: 2020", "year: 2021").replace("due: 2020-12-31", "due: 2021-12-31")
    (tmp_path / "plan2021.yaml").write_text(plan, encoding="utf-8")
    # A plan kept outside the folder is named on the command line (gongkai.yaml may only name one inside).
    folder = ledger_folder(tmp_path, plan="test-2021")
    stats = stats_json(folder, "--plan-file", str(tmp_path / "plan2021.yaml"))
    assert stats["format"] == "国办公开办函〔2021〕30号"
    requests = next(t for t in stats["tables"] if t["id"] == "requests")
    paths = [r["path"] for r in requests["rows"]]
    assert paths[paths.index(["三、本年度办理结果", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]) + 2] == [
        "三、本年度办理结果", "（六）其他处理", "3.其他"]
    rows = {r["label"]: r["values"] for r in requests["rows"]}
    assert rows["二、上年结转政府信息公开申请数量"] == [1, 0, 1, 0, 0, 0, 2], "2020's open requests carried into 2021"
    assert next(t for t in stats["tables"] if t["id"] == "active")["columns"] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    check_identities(requests)


def test_statistics_other_formats(tmp_path):
    folder = ledger_folder(tmp_path)
    code, out, _ = run("stats", str(folder), "--as-of", "2021-03-01", "--format", "csv")
    assert out.startswith("\ufeff"), "a byte-order mark, so Excel on Chinese Windows reads UTF-8"
    out = out[1:]
    # The format's three label columns: （七）总计 sits in the second, beside the merged 三、本年度办理结果.
    rows = {r[1]: r[3:] for r in csv.reader(io.StringIO(out)) if len(r) > 3}
    assert rows["（七）总计"] == ["2", "1", "0", "1", "1", "1", "6"]
    code, out, _ = run("stats", str(folder), "--as-of", "2021-03-01")
    assert "|  | （七）总计 |  | 2 | 1 | 0 | 1 | 1 | 1 | 6 |" in out
    xlsx = tmp_path / "s.xlsx"
    code, _, err = run("stats", str(folder), "--as-of", "2021-03-01", "--format", "xlsx", "--output", str(xlsx))
    assert code == 0, err
    ws = openpyxl.load_workbook(xlsx)["统计"]
    # The official layout: row labels in columns A–C (by level), the seven values from D.
    found = {ws.cell(row=r, column=c).value.strip(): [ws.cell(row=r, column=v).value for v in range(4, 11)]
             for r in range(1, ws.max_row + 1) for c in range(1, 4) if isinstance(ws.cell(row=r, column=c).value, str)}
    assert found["（七）总计"] == [2, 1, 0, 1, 1, 1, 6]


def test_compliance_workbook_gets_the_statistics_sheet(tmp_path):
    run("check", GAPS, "--as-of", "2021-02-05", "--xlsx", str(tmp_path / "w.xlsx"))
    assert openpyxl.load_workbook(tmp_path / "w.xlsx").sheetnames[-1] == "统计"


def test_no_personal_data_in_annual_outputs(tmp_path):
    folder = ledger_folder(tmp_path)
    personal = [row[k] for row in csv.DictReader(io.StringIO(LEDGER)) for k in ("applicant_name", "applicant_phone")]
    blobs = []
    for fmt in ("md", "csv", "json"):
        blobs.append(run("stats", str(folder), "--as-of", "2021-03-01", "--format", fmt)[1].encode())
    for fmt in ("md", "txt"):
        blobs.append(run("appendix", str(folder), "--as-of", "2021-03-01", "--format", fmt)[1].encode())
    run("appendix", str(folder), "--as-of", "2021-03-01", "--format", "docx", "--output", str(tmp_path / "a.docx"))
    run("stats", str(folder), "--as-of", "2021-03-01", "--format", "xlsx", "--output", str(tmp_path / "s.xlsx"))
    for f in ("a.docx", "s.xlsx"):
        with zipfile.ZipFile(tmp_path / f) as z:
            blobs += [z.read(n) for n in z.namelist()]
    for blob in blobs:
        for p in personal:
            assert p.encode() not in blob, p


def test_wrong_year_is_exit_2():
    code, _, err = run("stats", GAPS, "--year", "2021")
    assert code == 2 and "2020" in err
