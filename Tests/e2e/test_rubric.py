"""Rubrics (issue 28): `score` on evidence folders with planted deductions, each score worked out by hand here;
`rubric import` of the published fixtures as found; the Excel and HTML 自评表 read back and printed."""
import base64, csv, json, os, re, shutil, subprocess

import openpyxl
import yaml
from selenium.webdriver.common.by import By

from conftest import COMPLETE, GAPS, ROOT, run
from test_html import browser  # noqa: F401  (the headless Chromium fixture)

FIXTURES = os.path.join(ROOT, "Tests", "fixtures", "rubrics")
# Applicants' names in the request ledgers: personal data, never in a score.
NAMES = {row["applicant_name"] for row in csv.DictReader(open(os.path.join(COMPLETE, "依申请公开", "disclosure-request.csv"), encoding="utf-8"))}


# A ledger row without an id is named by file:line (row 38 is line 39, after the heading).
CASE = "依申请公开/disclosure-request.csv:39"


def copy(src, tmp, name):
    dst = tmp / name
    shutil.copytree(src, dst)
    return dst


def edit_request(folder, request_no, **fields):
    path = folder / "依申请公开" / "disclosure-request.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    header = list(rows[0].keys())
    hit = [r for r in rows if r["request_no"] == request_no]
    assert hit, request_no
    hit[0].update(fields)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)


def late_report(folder, day="2021-02-03"):
    path = folder / "年度报告" / "annual-report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"published_on: \S+", f"published_on: {day}", text), encoding="utf-8")


def score_json(folder, rubric, as_of="2021-02-05", *extra):
    code, out, err = run("score", str(folder), "--rubric", rubric, "--as-of", as_of, "--format", "json", *extra)
    return code, (json.loads(out) if out else None), err


def item(card, no):
    return next(i for i in card["items"] if i["no"] == no)


def test_licheng_on_the_complete_folder_with_an_overdue_request_and_a_late_report(tmp_path):
    folder = copy(COMPLETE, tmp_path, "complete")
    code, card, err = score_json(folder, "licheng-2020")
    assert code == 0, err
    # Nothing decided against a complete folder: 32 points, all of the manual clauses' points at stake:
    # item 1: 10 (two manual clauses of 10, capped at the item's 10); item 2: 5+5+5 capped at 10; items 3, 4: 6 each.
    assert (card["fullPoints"], card["selfScore"], card["deducted"], card["atStake"]) == (32, 32, 0, 32)

    # 肇商务依申〔2020〕38号, received 2020-11-27, answered 2021-01-29: long past 20 working days (no extension).
    edit_request(folder, "肇商务依申〔2020〕38号", answered_on="2021-01-29")
    late_report(folder)  # published 2021-02-03, after 31 January
    code, card, err = score_json(folder, "licheng-2020")
    assert code == 0, err
    # 超期办理每条扣6分: one case → 6 of the item's 6; 未及时公开的扣5分 → 5 of 10.
    requests = item(card, "3")
    assert requests["deducted"] == 6 and requests["score"] == 0 and requests["atStake"] == 0
    overdue = next(r for r in requests["rules"] if r["effect"] == "deduction")
    assert overdue["check"] == "task-20/request-deadline" and overdue["cases"] == [CASE]
    report = item(card, "2")
    assert report["deducted"] == 5 and report["score"] == 5
    # What is at stake on item 2 is what the deduction left: the three manual clauses (15) capped at 5.
    assert report["atStake"] == 5
    late = next(r for r in report["rules"] if r["effect"] == "deduction")
    assert late["check"] == "task-32/report" and late["cases"] == ["annual-report-2020"]
    # 32 − 6 − 5 = 21; at stake 10 + 5 + 0 + 6 = 21.
    assert (card["selfScore"], card["deducted"], card["atStake"], card["vetoed"]) == (21, 11, 21, False)

    code, text, err = run("score", str(folder), "--rubric", "licheng-2020", "--as-of", "2021-02-05")
    assert code == 0, err
    head = text.split("\n\n")[1]
    assert head.splitlines()[:3] == ["自评得分：21 / 32", "确定扣分：11", "待评定分值：21"], head
    assert f"扣6分：超期办理每条扣6分［task-20/request-deadline］（1 项：{CASE}）" in text
    code, en, err = run("score", str(folder), "--rubric", "licheng-2020", "--as-of", "2021-02-05", "--lang", "en")
    assert "Self-score: 21 / 32" in en and "−6: 超期办理每条扣6分" in en, en
    for output in (text, en, json.dumps(card, ensure_ascii=False)):
        assert not any(name in output for name in NAMES)


def test_yuhuan_on_the_gaps_folder_without_an_office_designation(tmp_path):
    folder = copy(GAPS, tmp_path, "gaps")
    path = folder / "指定" / "designations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("- id: office-2020")], encoding="utf-8")
    code, card, err = score_json(folder, "yuhuan-2018")
    assert code == 0, err
    lead = item(card, "1")
    # 未明确的扣4分 on the office designation: all 4; the manual 人员变动 clause has nothing left at stake.
    assert (lead["deducted"], lead["score"], lead["atStake"]) == (4, 0, 0)
    assert next(r for r in lead["rules"] if r["effect"] == "deduction")["check"] == "task-29/designation"
    # 年报制度: the gaps folder's report (2021-02-03) is before the rubric's 3月31日 → nothing taken.
    assert item(card, "2")["deducted"] == 0
    # 24 − 4 = 20; at stake: 0 + 0 + 4 + 4 + 4 + 2 (item 6's manual clause; its 20-working-day check passes).
    assert (card["selfScore"], card["deducted"], card["atStake"]) == (20, 4, 14)


def test_an_invalid_request_row_is_to_verify_never_a_deduction(tmp_path):
    folder = copy(COMPLETE, tmp_path, "complete")
    edit_request(folder, "肇商务依申〔2020〕38号", answered_on="2020年13月1日")
    code, card, err = score_json(folder, "licheng-2020")
    assert code == 1, err
    requests = item(card, "3")
    assert requests["deducted"] == 0 and requests["score"] == 6
    assert [r["effect"] for r in requests["rules"]][0] == "unverified"
    assert requests["rules"][0]["points"] == 6
    assert card["settled"] is False and card["selfScore"] == 32


def test_a_veto_exits_1_and_is_named_first(tmp_path):
    code, card, err = score_json(GAPS, "guoban-2019-jiancha-zhibiao")
    assert code == 1, err
    assert card["vetoed"] is True
    veto = item(card, "3")["rules"][0]
    assert veto["effect"] == "veto" and veto["check"] == "rubric-3/periodic" and veto["status"] == "fail"
    code, text, err = run("score", GAPS, "--rubric", "guoban-2019-jiancha-zhibiao", "--as-of", "2021-02-05")
    assert code == 1
    assert "一票否决：监测2周，首页无信息更新的，即单项否决［rubric-3/periodic］" in text.split("\n\n")[1]
    # A gap has no record: the item says what the check found.
    line = next(l for l in text.splitlines() if l.strip().startswith("- 一票否决："))
    assert "主动公开信息" in line and "14" in line, line


def test_bad_rubrics_exit_2_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: b\ntitle: t\nyear: 2020\ntotal: 10\nitems:\n  - {no: '1', category: c, points: 6, criterion: x, rules: [{per_case: 6, check: task-99/none}]}\n", encoding="utf-8")
    code, out, err = run("score", GAPS, "--rubric", str(bad), "--as-of", "2021-02-05")
    assert code == 2 and f"{bad}:4" in err and "6" in err and "10" in err, err
    bad.write_text("id: b\ntitle: t\nyear: 2020\nitems:\n  - {no: '1', category: c, points: 6, criterion: x, rules: [{per_case: 6, check: task-99/none}]}\n", encoding="utf-8")
    code, out, err = run("score", GAPS, "--rubric", str(bad), "--as-of", "2021-02-05")
    assert code == 2 and f"{bad}:5" in err and "task-99/none" in err, err
    code, out, err = run("score", GAPS, "--rubric", "no-such-rubric")
    assert code == 2 and "licheng-2020" in err


KINDS = {"per-case": "每项扣{}分", "on-failure": "不符合扣{}分", "no-points": "不符合不得分", "veto": "一票否决"}


def published_kind(rule):
    """The kind a rule of the imported YAML carries, in the .source.yaml's words."""
    for key, kind in (("per_case", "per-case"), ("on_failure", "on-failure"), ("no_points", "no-points"), ("veto", "veto"),
                      ("report_similarity", "on-failure")):
        if key in rule:
            return kind, rule[key] if key in ("per_case", "on_failure", "report_similarity") else None
    assert "manual" in rule
    note = rule.get("note", "")
    m = re.search(r"原文规则：(每项扣|不符合扣)([\d.]+)分", note)
    if m:
        return ("per-case" if m.group(1) == "每项扣" else "on-failure"), float(m.group(2))
    if "不符合不得分" in note:
        return "no-points", None
    if "一票否决" in note:
        return "veto", None
    return "manual", rule["manual"]


def import_fixture(name, tmp_path):
    out = tmp_path / f"{name}.yaml"
    code, _, err = run("rubric", "import", os.path.join(FIXTURES, f"{name}.txt"), "-o", str(out))
    assert code == 0, err
    return yaml.safe_load(out.read_text(encoding="utf-8")), err


def check_against_source(name, tmp_path, cat_key, name_key=None):
    rubric, err = import_fixture(name, tmp_path)
    source = yaml.safe_load(open(os.path.join(FIXTURES, f"{name}.source.yaml"), encoding="utf-8"))
    assert len(rubric["items"]) == source["complete_items"] == len(source["items"])
    assert sum(i["points"] for i in rubric["items"]) == source["complete_items_points"]
    for got, want in zip(rubric["items"], source["items"]):
        assert want[cat_key].startswith(got["category"]), (got["category"], want[cat_key])
        if name_key:
            assert got["name"] == want[name_key].replace("\n", ""), got
        assert got["points"] == (want.get("分值") or 0)
        assert got["criterion"].startswith(want["criterion_first30"].rstrip()), got["criterion"]
        assert len(got["rules"]) == len(want["rules"]), (got, want)
        for g, w in zip(got["rules"], want["rules"]):
            assert g["phrase"] == w["phrase"].rstrip("。") or g["phrase"].endswith(w["phrase"].rstrip("。")), (g, w)
            kind, points = published_kind(g)
            assert kind == w["kind"], (g, w)
            if kind != "no-points" and kind != "veto":
                assert points == w["points"], (g, w)
    for cut in source["incomplete_items"]:
        label = cut.get("二级指标") or cut.get("类别") or cut.get("指标")
        assert f"「{label}」" in err and "未导入" in err, err
    return rubric, err


def test_import_licheng_as_found(tmp_path):
    rubric, err = check_against_source("licheng-2020", tmp_path, "类别")
    assert rubric["year"] == 2020 and rubric["title"] == "2020年泉州市鲤城区政务公开指数绩效考评标准表"
    rules = [r for i in rubric["items"] for r in i["rules"]]
    by_phrase = {r["phrase"]: r for r in rules}
    assert by_phrase["超期办理每条扣6分"] == {"phrase": "超期办理每条扣6分", "per_case": 6, "check": "statutory-requests", "suggested": True}
    assert by_phrase["未及时公开的扣5分"]["check"] == "statutory-annual-report"
    # 雷同 is measured from the report files: suggested as report_similarity at the documented threshold, no check.
    assert by_phrase["年度报告与往年或与其他单位雷同扣5分"] == {
        "phrase": "年度报告与往年或与其他单位雷同扣5分", "report_similarity": 5, "max_shared": 0.5, "suggested": True}
    assert sum(1 for r in rules if r.get("suggested")) == 3
    # The file it writes scores as it stands.
    code, out, err = run("score", GAPS, "--rubric", str(tmp_path / "licheng-2020.yaml"), "--as-of", "2021-02-05", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["deducted"] == 5  # the gaps folder's late report


def test_import_yuhuan_as_found(tmp_path):
    rubric, err = check_against_source("yuhuan-2018", tmp_path, "一级指标", "二级指标")
    assert "「二、主动公开」标明 30 分，导入的条目合计 4 分" in err
    assert "一、机制建设" not in err  # its five items add up to its 20
    first = rubric["items"][0]["rules"][0]
    assert first["check"] == "statutory-office" and first["on_failure"] == 4
    assert [r.get("check") for r in rubric["items"][1]["rules"]] == ["statutory-annual-report"] * 2


def test_import_guoban_veto_rows_as_found(tmp_path):
    rubric, err = check_against_source("guoban-2019-jiancha-zhibiao", tmp_path, "检查对象", "指标")
    assert "原文总分 100 分，导入的条目合计 0 分" in err
    assert "total" not in rubric


def test_review_shows_the_source_beside_the_parse(tmp_path):
    code, out, err = run("rubric", "import", os.path.join(FIXTURES, "licheng-2020.txt"), "--review")
    assert code == 0, err
    block = out.split("── ")[3]
    assert block.startswith("第3项（原文第22行）")
    assert "原文：政府信息依申请公开 | 6 | 及时、规范答复依申请公开件" in block
    assert "· 超期办理每条扣6分：每项扣6分 → statutory-requests（建议）" in block
    assert out.rstrip().endswith("共 4 项，合计 32 分")


def test_the_excel_self_assessment_reads_back_and_prints(tmp_path):
    folder = copy(COMPLETE, tmp_path, "complete")
    edit_request(folder, "肇商务依申〔2020〕38号", answered_on="2021-01-29")
    late_report(folder)
    xlsx = tmp_path / "自评表.xlsx"
    code, out, err = run("score", str(folder), "--rubric", "licheng-2020", "--as-of", "2021-02-05", "--xlsx", str(xlsx), "--created", "2021-02-06", "--format", "json")
    assert code == 0, err
    card = json.loads(out)
    ws = openpyxl.load_workbook(xlsx).active
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "序号")
    assert list(rows[header_at]) == ["序号", "考核项目", "分值", "考核标准", "自评分", "扣分原因", "佐证材料"]
    totals = {r[0]: r[2] for r in rows[2:header_at] if r[0]}
    assert totals["自评得分"] == "21 / 32" and totals["确定扣分"] == "11" and totals["待评定分值"] == "21" and totals["一票否决"] == "无"
    body = rows[header_at + 1 : header_at + 5]
    assert [(r[0], r[2], r[4]) for r in body] == [("1", 10, 10), ("2", 10, 5), ("3", 6, 0), ("4", 6, 6)]
    assert [(r[2], r[4]) for r in body] == [(i["points"], i["score"]) for i in card["items"]]
    assert f"扣6分：超期办理每条扣6分［task-20/request-deadline］（1 项：{CASE}）" in body[2][5]
    # 佐证材料 in words a person hands in: the check by its task, the evidence types by their titles, not their ids.
    assert "任务32（规范考核评估）：年度报告" in body[1][6] and "政府信息公开工作年度报告" in body[1][6] and "task-32" not in body[1][6], body[1][6]
    assert rows[header_at + 5][1] == "合计" and rows[header_at + 5][4] == 21
    # Print-ready: A4 landscape, one page wide, the heading row repeated on every page.
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == f"${header_at + 1}:${header_at + 1}"
    assert all(ws.cell(header_at + 2, c).alignment.wrap_text for c in (2, 4, 6))
    # The same inputs give the same bytes.
    again = tmp_path / "again.xlsx"
    run("score", str(folder), "--rubric", "licheng-2020", "--as-of", "2021-02-05", "--xlsx", str(again), "--created", "2021-02-06", "-o", str(tmp_path / "x.json"))
    assert again.read_bytes() == xlsx.read_bytes()
    # LibreOffice prints it; the PDF's text has the headings and the totals.
    profile = tmp_path / "lo-profile"
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
                   check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "自评表.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    for heading in ("考核项目", "考核标准", "自评分", "扣分原因", "佐证材料", "自评得分", "待评定分值"):
        assert heading in text, heading
    pages = [p for p in text.split("\f") if p.strip()]
    assert re.search(r"第\s*1\s*页\s*共\s*%d\s*页" % len(pages), pages[0]), pages[0][-200:]
    assert all("考核项目" in p and "扣分原因" in p for p in pages), "the heading row is repeated on every page"
    import zipfile
    with zipfile.ZipFile(xlsx) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert not any(name in strings for name in NAMES)


# --- score --format html: the 自评表 as a print-ready page ------------------------------------------------------------
CJK = re.compile(r"[\u4e00-\u9fff]")


def score_html(tmp_path, folder, rubric, *extra, name="自评表.html"):
    path = tmp_path / name
    code, out, err = run("score", str(folder), "--rubric", rubric, "--as-of", "2021-02-05", "--format", "html", "-o", str(path), *extra)
    assert path.exists(), err
    return code, path


def test_the_html_self_assessment_matches_the_json_and_prints(tmp_path, browser):
    folder = copy(COMPLETE, tmp_path, "complete")
    edit_request(folder, "肇商务依申〔2020〕38号", answered_on="2021-01-29")
    late_report(folder)
    code, card, err = score_json(folder, "licheng-2020")
    code, path = score_html(tmp_path, folder, "licheng-2020")
    assert code == 0
    browser.get(path.as_uri())
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#scorecard thead th")] == ["序号", "考核项目", "分值", "考核标准", "自评分", "扣分原因", "佐证材料"]
    # Totals first, as worked out by hand in the first test: 32 − 6 − 5 = 21, at stake 21.
    totals = {r.find_element(By.TAG_NAME, "th").text: r.find_element(By.TAG_NAME, "td").text for r in browser.find_elements(By.CSS_SELECTOR, "#totals tr")}
    assert totals == {"自评得分": "21 / 32", "确定扣分": "11", "待评定分值": "21", "一票否决": "无"}
    rows = browser.find_elements(By.CSS_SELECTOR, "#scorecard tbody tr.item")
    cells = [[td.text for td in r.find_elements(By.TAG_NAME, "td")] for r in rows]
    assert [(c[0], c[2], c[4]) for c in cells] == [("1", "10", "10"), ("2", "10", "5"), ("3", "6", "0"), ("4", "6", "6")]
    assert [(c[0], float(c[2]), float(c[4])) for c in cells] == [(i["no"], i["points"], i["score"]) for i in card["items"]]
    assert f"扣6分：超期办理每条扣6分［task-20/request-deadline］（1 项：{CASE}）" in cells[2][5]
    assert "任务32（规范考核评估）：年度报告" in cells[1][6] and "task-32" not in cells[1][6]
    # Each item marked: item 3 lost its 6 and still has manual clauses (nothing left at stake).
    marks = [[b.text for b in r.find_elements(By.CSS_SELECTOR, ".badge")] for r in rows]
    assert marks == [["待人工评定"], ["待人工评定", "扣5分"], ["待人工评定", "扣6分"], ["待人工评定"]]
    attention = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#attention li")]
    assert attention == ["待人工评定 第1项 政府信息主动公开，涉及 10 分", "待人工评定 第2项 政府信息公开年度报告，涉及 5 分", "待人工评定 第3项 政府信息依申请公开",
                         "待人工评定 第4项 保密审查，涉及 6 分"]
    foot = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#scorecard tfoot th, #scorecard tfoot td")]
    assert foot == ["", "合计", "32", "", "21", "待评定 21 分", ""]
    version = run("--version")[1].strip()
    assert browser.find_element(By.TAG_NAME, "footer").text == f"由 gongkai {version} 按评分细则和证据自评生成", version
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html and not re.search(r"@import|@font-face|url\(", html)
    assert not any(name in html for name in NAMES)
    # Print-ready: A4 landscape, the heading row on every page.
    pdf = tmp_path / "自评表.pdf"
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})
    pdf.write_bytes(base64.b64decode(printed["data"]))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width), round(height)) == (842, 595), info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    table = [p for p in pages[next(i for i, p in enumerate(pages) if "考核项目" in p):]]
    assert len(table) >= 2 and all("考核项目" in p and "扣分原因" in p for p in table), [p[:200] for p in pages]
    # The total row once, at the end, not on every page.
    assert text.count("待评定 21 分") == 1 and "待评定 21 分" in table[-1]


def test_the_html_self_assessment_names_a_veto_first_in_english(tmp_path, browser):
    code, path = score_html(tmp_path, GAPS, "guoban-2019-jiancha-zhibiao", "--lang", "en")
    assert code == 1
    browser.get(path.as_uri())
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.ID, "verdict").get_attribute("class") == "verdict bad"
    first = browser.find_elements(By.CSS_SELECTOR, "#attention li")[0]
    assert first.get_attribute("class") == "veto" and first.get_attribute("data-item") == "3"
    assert [li.get_attribute("class") for li in browser.find_elements(By.CSS_SELECTOR, "#attention li")] == ["veto", "manual", "manual", "manual", "manual"]
    assert browser.find_element(By.CSS_SELECTOR, "#scorecard tr[data-item='3']").get_attribute("data-state") == "veto"
    veto = browser.find_element(By.CSS_SELECTOR, "#totals tr[data-total='veto'] td").text
    assert veto == "监测2周，首页无信息更新的，即单项否决 [rubric-3/periodic]"
    labels = browser.find_elements(By.CSS_SELECTOR, "h2, th, .badge, footer")
    assert len(labels) > 15
    for label in labels:
        assert not CJK.search(label.text), label.text


def test_the_html_self_assessment_escapes_the_rubric_text(tmp_path, browser):
    text = open(os.path.join(ROOT, "Rules", "rubrics", "licheng-2020.yaml"), encoding="utf-8").read()
    evil = "<script>window.pwned=1</script><b>&amp;\"'"
    quoted = json.dumps(evil, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    text = re.sub(r"^title: .*$", "title: " + json.dumps("鲤城" + evil, ensure_ascii=False), text, count=1, flags=re.M)
    text = re.sub(r"^    criterion: .*$", "    criterion: " + quoted, text, count=1, flags=re.M)
    text = text.replace("phrase: 未及时向区政务公开办备案的扣5分", "phrase: " + quoted, 1)
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    code, page = score_html(tmp_path, GAPS, str(path))
    assert code == 0
    browser.get(page.as_uri())
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.find_elements(By.TAG_NAME, "script") == [] and browser.find_elements(By.CSS_SELECTOR, "#scorecard b") == []
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("鲤城" + evil)
    row = browser.find_elements(By.CSS_SELECTOR, "#scorecard tbody tr")[0]
    assert row.find_elements(By.TAG_NAME, "td")[3].text == evil
    assert evil in browser.find_elements(By.CSS_SELECTOR, "#scorecard tbody tr")[1].find_elements(By.TAG_NAME, "td")[5].text


def test_check_with_a_rubric_ends_with_the_self_score_and_adds_the_sheet(tmp_path):
    """`check --rubric`: the text report's last line is the self-assessment, worded as `score` words its totals, and the
    check's workbook carries the 自评表 sheet with the same figures; the gate's exit code is the check's own."""
    folder = copy(COMPLETE, tmp_path, "局")
    late_report(folder)
    _, card, _ = score_json(folder, "licheng-2020")
    assert card["deducted"] > 0
    xlsx = tmp_path / "检查.xlsx"
    code, out, err = run("check", str(folder), "--as-of", "2021-02-05", "--rubric", "licheng-2020", "--xlsx", str(xlsx))
    plain_code, plain, _ = run("check", str(folder), "--as-of", "2021-02-05")
    assert code == plain_code and out.startswith(plain), err
    last = out.rstrip("\n").split("\n")[-1]
    assert last.startswith("自评（2020年泉州市鲤城区政务公开指数绩效考评标准表）：自评得分："), last
    assert f"确定扣分：{card['deducted']:g}" in last and f"待评定分值：{card['atStake']:g}" in last, (last, card)
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[-1] == "自评表"
    ws = wb["自评表"]
    totals = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=3).value for r in range(3, 8)}
    assert totals["确定扣分"] == f"{card['deducted']:g}" and totals["自评得分"].startswith(f"{card['selfScore']:g} / "), totals
    # The JSON report carries the self-assessment under `score`, as `score --format json` writes it, beside every key
    # it has without a rubric; such a report still serves as a --baseline.
    report = tmp_path / "检查.json"
    code, _, err = run("check", str(folder), "--as-of", "2021-02-05", "--rubric", "licheng-2020", "--format", "json", "-o", str(report))
    _, plain_json, _ = run("check", str(folder), "--as-of", "2021-02-05", "--format", "json")
    scored, plain = json.loads(report.read_text(encoding="utf-8")), json.loads(plain_json)
    assert code == plain_code and "score" not in plain and set(scored) == set(plain) | {"score"}, err
    assert scored["score"] == card and scored["tasks"] == plain["tasks"]
    code, out, err = run("check", str(folder), "--as-of", "2021-02-05", "--baseline", str(report))
    assert code == plain_code and "Traceback" not in err and "baseline" not in err.lower(), err
    code, out, err = run("check", str(folder), "--as-of", "2021-02-05", "--rubric", "no-such-rubric")
    assert code == 2 and "no-such-rubric" in err and out == ""


def test_rubric_import_of_a_text_with_no_item_writes_nothing_and_says_what_it_expected(tmp_path):
    source = tmp_path / "细则.txt"
    source.write_text("某某细则\n\n这里没有任何分值。\n", encoding="utf-8")
    out = tmp_path / "细则.yaml"
    code, _, err = run("rubric", "import", str(source), "-o", str(out))
    assert code == 2 and "没有找到考核项目" in err and "未写出评分细则" in err and not out.exists(), err
