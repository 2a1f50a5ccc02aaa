"""雷同 (issue 28): the annual report compared with last year's (`score --previous`, or last year's record in the
evidence) and, in `rollup --rubric`, with the other departments' of the same year. Every share is computed again here
by an independent implementation of the measure README describes, on real reports (Tests/fixtures/annual-reports)."""
import json, os, re, shutil, subprocess

import openpyxl
import yaml

from conftest import COMPLETE, ROOT, run

REPORTS = os.path.join(ROOT, "Tests", "fixtures", "annual-reports")
REPORT_FILE = "年度报告/2020年政府信息公开工作年度报告.txt"
N = 13


def han(s):
    return "".join(c for c in s if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")


def template_phrases():
    """What every report shares, as README says: the literal text of Rules/templates/annual-report.md.mustache and
    every label of the statistics tables (the string literals of StatisticsLabels.swift), Han only, 2 or more."""
    text = open(os.path.join(ROOT, "Rules", "templates", "annual-report.md.mustache"), encoding="utf-8").read()
    text = re.sub(r"\{\{![\s\S]*?\}\}", "\n", text)
    text += "\n" + open(os.path.join(ROOT, "Rules", "templates", "appendix.md.mustache"), encoding="utf-8").read()
    pieces = re.sub(r"\{\{[\s\S]*?\}\}", "\n", text).split("\n")
    labels = open(os.path.join(ROOT, "Sources", "GongkaiReports", "Statistics", "StatisticsLabels.swift"), encoding="utf-8").read()
    pieces += re.findall(r'Message\(\s*"([^"\\]*)"', labels)
    pieces += [f"第二十条第（{i}）项" for i in "一五六八九"] + ["中华人民共和国政府信息公开条例", "政府信息公开工作年度报告"]
    return sorted({han(p) for p in pieces if len(han(p)) >= 2}, key=lambda p: (-len(p), p))


def plan_phrases():
    """The plan's own wording, shared by every department reporting on it (the draft lists its tasks): each task's
    requirement, item, section and responsibility, the plan's title, agency and units (`plan show --format json`)."""
    _, out, _ = run("plan", "show", "zhaoqing-commerce-2020", "--format", "json")
    plan = json.loads(out)
    keys = ("requirement", "itemTitle", "sectionTitle", "responsibility")
    return [t[k] for t in plan["tasks"] for k in keys] + [plan["title"], plan["agency"]] + plan["departments"]


PHRASES = sorted({han(p) for p in template_phrases() + plan_phrases() if len(han(p)) >= 2}, key=lambda p: (-len(p), p))
TEMPLATE_SHINGLES = {p[i:i + N] for p in PHRASES for i in range(len(p) - N + 1)}


def shingles(text):
    """The whole text as one run of Han characters (lines joined), the template's phrases cut out."""
    h = han(text)
    cut = [False] * len(h)
    for p in PHRASES:
        start = h.find(p)
        while start >= 0:
            for k in range(start, start + len(p)):
                cut[k] = True
            start = h.find(p, start + 1)
    out, piece = set(), ""
    for c, gone in zip(h + "\0", cut + [True]):
        if gone:
            out |= {piece[i:i + N] for i in range(len(piece) - N + 1)}
            piece = ""
        else:
            piece += c
    return out - TEMPLATE_SHINGLES


def shown(text):
    """A passage as score shows it: Han, CJK and full-width punctuation only, the ellipsis of a cut one dropped."""
    keep = lambda c: han(c) or "\u3000" <= c <= "\u303f" or "\uff01" <= c <= "\uff0f" or "\uff1a" <= c <= "\uff20"
    return "".join(c for c in text.removesuffix("…") if keep(c))


def share(a, b):
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa)


def fixture(name):
    return open(os.path.join(REPORTS, name + ".txt"), encoding="utf-8").read()


def folder_with_report(tmp_path, name, text, agency=None):
    """The complete sample with its 2020 report replaced by `text` under the sample's own headings (so the rubric's
    other report clauses pass and item 2 keeps its points for 雷同)."""
    dst = tmp_path / name
    shutil.copytree(COMPLETE, dst)
    path = dst / REPORT_FILE
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    meta = dst / "年度报告" / "annual-report.yaml"
    meta.write_text(re.sub(r"\n\s*sha256: \S+", "", meta.read_text(encoding="utf-8")), encoding="utf-8")
    if agency:
        config = dst / "gongkai.yaml"
        config.write_text(re.sub(r"agency: .*", f"agency: {agency}", config.read_text(encoding="utf-8")), encoding="utf-8")
    return dst


def score(folder, *extra, fmt="json"):
    code, out, err = run("score", str(folder), "--rubric", "licheng-2020", "--as-of", "2021-02-05", "--format", fmt, *extra)
    return code, (json.loads(out) if fmt == "json" and out else out), err


def similarity_rule(card):
    item = next(i for i in card["items"] if i["no"] == "2")
    return item, next(r for r in item["rules"] if r["phrase"] == "年度报告与往年或与其他单位雷同扣5分")


def test_the_measure_on_real_reports_of_one_agency_and_of_others():
    # The threshold (50%) sits between what real reports show: an agency that rewrote its report shares a third or
    # less with its own earlier one, one that copied it three quarters; unrelated agencies share almost nothing.
    pingshan = share(fixture("pingshan-sjj-2021"), fixture("pingshan-sjj-2020"))
    yueqing = share(fixture("yueqing-sjj-2022"), fixture("yueqing-sjj-2020"))
    hengnan = share(fixture("hengnan-sjj-2019"), fixture("hengnan-sjj-2017"))
    others = [share(fixture(a), fixture(b)) for a in ("pingshan-sjj-2020", "yueqing-sjj-2020", "hengnan-sjj-2019")
              for b in ("pingshan-sjj-2021", "yueqing-sjj-2022", "hengnan-sjj-2017") if a.split("-")[0] != b.split("-")[0]]
    assert 0.2 < pingshan < 0.4 and 0.2 < yueqing < 0.4, (pingshan, yueqing)
    assert hengnan > 0.7, hengnan
    assert max(others) < 0.1, others


def test_score_with_previous_measures_the_share_and_deducts_above_the_threshold(tmp_path):
    this_year, last_year = fixture("hengnan-sjj-2019"), fixture("hengnan-sjj-2017")
    folder = folder_with_report(tmp_path, "copied", this_year)
    previous = os.path.join(REPORTS, "hengnan-sjj-2017.txt")
    code, card, err = score(folder, "--previous", previous)
    assert code == 0, err
    item, rule = similarity_rule(card)
    expected = share((folder / REPORT_FILE).read_text(encoding="utf-8"), last_year)
    sim = rule["similarity"]
    assert sim["share"] == round(expected, 4) and expected >= 0.5, (sim, expected)
    # Last year's report is named by its file name (the 自评表 is handed in; a local path means nothing there).
    assert (sim["threshold"], sim["current"], sim["against"]) == (0.5, REPORT_FILE, os.path.basename(previous))
    assert rule["effect"] == "deduction" and rule["points"] == 5 and rule["status"] == "fail"
    assert rule["documents"] == [REPORT_FILE, os.path.basename(previous)]
    # The longest passage runs from this year's 总体情况 opening over the next paragraphs, copied from 2017 but for the
    # year, shown with its punctuation and without the line breaks.
    top = sim["passages"][0]
    # Shown as its Chinese text and punctuation only (no digit, no Latin letter), at most 80 characters.
    assert shown(top["text"]) in shown(this_year) and top["length"] >= len(han(top["text"]))
    assert len(top["text"]) <= 81 and top["text"].endswith("…") and not re.search(r"[0-9A-Za-z]", top["text"])
    assert top["text"].startswith("县委县政府的统一部署我局年进一步加强政府信息公开工作")
    assert [p["length"] for p in sim["passages"]] == sorted((p["length"] for p in sim["passages"]), reverse=True)
    # Item 2 (10): nothing else decided on the complete folder, 雷同 takes 5; the two manual clauses stay at stake.
    assert (item["deducted"], item["score"], item["atStake"]) == (5, 5, 5)
    assert (card["selfScore"], card["deducted"]) == (27, 5)

    # Every format shows the share and the threshold, and names both files as evidence.
    pct = f"{round(expected * 100, 1):g}%"
    code, text, err = score(folder, "--previous", previous, fmt="text")
    line = next(l for l in text.splitlines() if "雷同扣5分" in l)
    assert line.strip().startswith("- 扣5分：年度报告与往年或与其他单位雷同扣5分") and pct in line and "阈值 50%" in line, line
    code, md, err = score(folder, "--previous", previous, fmt="markdown")
    row = next(l for l in md.splitlines() if l.startswith("| 2 |"))
    assert pct in row and "阈值 50%" in row and REPORT_FILE in row and "hengnan-sjj-2017.txt" in row, row
    html = tmp_path / "自评表.html"
    code, _, err = run("score", str(folder), "--rubric", "licheng-2020", "--as-of", "2021-02-05", "--previous", previous, "--format", "html", "-o", str(html))
    page = html.read_text(encoding="utf-8")
    assert pct in page and "阈值 50%" in page and "hengnan-sjj-2017.txt" in page
    xlsx = tmp_path / "自评表.xlsx"
    code, _, err = run("score", str(folder), "--rubric", "licheng-2020", "--as-of", "2021-02-05", "--previous", previous, "--xlsx", str(xlsx), "-o", str(tmp_path / "x.txt"))
    assert code == 0, err
    rows = list(openpyxl.load_workbook(xlsx)["自评表"].iter_rows(values_only=True))
    item_row = next(r for r in rows if r[0] == "2")
    assert item_row[4] == 5 and pct in item_row[5] and "阈值 50%" in item_row[5], item_row
    assert REPORT_FILE in item_row[6] and os.path.basename(previous) in item_row[6] and "/" not in item_row[6].split("\n")[-1], item_row


def test_a_rewritten_report_passes_and_without_last_years_it_is_left_to_a_person(tmp_path):
    folder = folder_with_report(tmp_path, "rewritten", fixture("pingshan-sjj-2021"))
    previous = os.path.join(REPORTS, "pingshan-sjj-2020.txt")
    code, card, err = score(folder, "--previous", previous)
    item, rule = similarity_rule(card)
    expected = share((folder / REPORT_FILE).read_text(encoding="utf-8"), fixture("pingshan-sjj-2020"))
    assert rule["similarity"]["share"] == round(expected, 4) and expected < 0.5
    assert rule["effect"] == "none" and rule["status"] == "pass" and rule["documents"] == [REPORT_FILE, os.path.basename(previous)]
    assert (item["deducted"], item["score"]) == (0, 10)
    # Under the threshold the 自评表 still says the comparison was made, with the share.
    code, text, err = score(folder, "--previous", previous, fmt="text")
    share_text = f"{expected * 100:.1f}".rstrip("0").rstrip(".") + "%"
    assert f"未扣分：年度报告与往年或与其他单位雷同扣5分（与 pingshan-sjj-2020.txt 相同的正文占 {share_text}，未达 50%）" in text, text
    # The passage the agency kept from 2020, as it stands in 2021 (its number changed: 84篇, not 95篇).
    assert "依托坪山区人民政府网站主动公开政府信息共篇" in rule["similarity"]["passages"][0]["text"]

    # No previous report: 待人工评定, its 5 points at stake, saying why.
    code, card, err = score(folder)
    item, rule = similarity_rule(card)
    assert rule["effect"] == "manual" and rule["points"] == 5 and rule["similarity"]["share"] is None
    code, text, err = score(folder, fmt="text")
    assert "没有上一年的年度报告可比对" in text

    # Last year's report recorded in the evidence folder is found without --previous.
    shutil.copy(previous, folder / "年度报告" / "2019年报.txt")
    with open(folder / "年度报告" / "annual-report.yaml", "a", encoding="utf-8") as f:
        f.write("- {id: annual-report-2019, type: annual-report, department: 办公室, year: 2019, published_on: 2020-01-20, file: 年度报告/2019年报.txt}\n")
    code, card, err = score(folder)
    assert code == 0, err
    item, rule = similarity_rule(card)
    assert rule["similarity"]["against"] == "年度报告/2019年报.txt" and rule["similarity"]["share"] == round(expected, 4)


def test_rollup_finds_two_departments_sharing_a_report_and_deducts_both_before_ranking(tmp_path):
    shared = fixture("pingshan-sjj-2021")
    a = folder_with_report(tmp_path, "a", shared, agency="肇庆市甲局")
    b = folder_with_report(tmp_path, "b", shared, agency="肇庆市乙局")
    c = folder_with_report(tmp_path, "c", fixture("yueqing-sjj-2022"), agency="肇庆市丙局")
    xlsx = tmp_path / "汇总.xlsx"
    code, out, err = run("rollup", str(a), str(b), str(c), "--as-of", "2021-02-05", "--rubric", "licheng-2020", "--format", "json", "--xlsx", str(xlsx))
    doc = json.loads(out)
    # Alone, each scores 32 (nothing decided on the complete folder, no last year's report to compare with).
    # 甲 and 乙 share their whole report: 5 each off item 2 → 27, ranked after 丙's 32.
    scores = [x["score"] for x in doc["agencies"]]
    assert [(s["selfScore"], s["deducted"], s["atStake"], s["rank"]) for s in scores] == [(27, 5, 27, 2), (27, 5, 27, 2), (32, 0, 32, 1)]
    assert doc["costliestItems"] == [{"no": "2", "title": "政府信息公开年度报告", "points": 10, "deducted": 10, "departments": 2, "vetoes": 0}]
    [pair] = doc["similarReports"]
    assert pair["agencies"] == ["肇庆市甲局", "肇庆市乙局"] and pair["folders"] == [str(a), str(b)] and pair["shares"] == [1, 1]
    text = (a / REPORT_FILE).read_text(encoding="utf-8")
    assert shown(pair["passage"]["text"]) in shown(text) and pair["passage"]["length"] >= len(han(pair["passage"]["text"]))
    # 丙 shares little with them, as computed independently.
    assert share((c / REPORT_FILE).read_text(encoding="utf-8"), text) < 0.5

    code, out, err = run("rollup", str(a), str(b), str(c), "--as-of", "2021-02-05", "--rubric", "licheng-2020")
    tail = out.split("年度报告雷同（一方的正文有 50% 以上见于另一方；正文达到该比例的单位按评分细则扣分，已计入上表）：\n")[1].splitlines()
    assert tail[1].split()[:4] == ["肇庆市甲局", "肇庆市乙局", "100%", "100%"], tail
    sheet = list(openpyxl.load_workbook(xlsx)["年度报告雷同"].iter_rows(values_only=True))
    assert sheet[0] == ("单位甲", "单位乙", "甲的正文见于乙", "乙的正文见于甲", "相同段落")
    assert sheet[1][:4] == ("肇庆市甲局", "肇庆市乙局", "100%", "100%") and f"（{pair['passage']['length']}字）" in sheet[1][4]
    index = tmp_path / "汇总.html"
    code, _, err = run("rollup", str(a), str(b), str(c), "--as-of", "2021-02-05", "--rubric", "licheng-2020", "--format", "html", "-o", str(index))
    page = index.read_text(encoding="utf-8")
    section = page.split('<table id="similar-reports">')[1].split("</table>")[0]
    assert section.count('<tr class="pair">') == 1 and "肇庆市甲局" in section and "肇庆市乙局" in section


def test_the_rule_loads_only_as_written():
    rubric = yaml.safe_load(open(os.path.join(ROOT, "Rules", "rubrics", "licheng-2020.yaml"), encoding="utf-8"))
    # PyYAML reads the key `no` as YAML 1.1's false.
    rules = next(i for i in rubric["items"] if i.get(False, i.get("no")) == "2")["rules"]
    assert {"phrase": "年度报告与往年或与其他单位雷同扣5分", "report_similarity": 5, "max_shared": 0.5} in rules


def test_last_years_report_as_word_or_pdf_reads_as_its_text(tmp_path):
    # The same 2017 report as a Word file (python-docx, one paragraph a line) and as a PDF (LibreOffice): the share is
    # the text file's, since numbers, punctuation and layout never count.
    import docx
    folder = folder_with_report(tmp_path, "copied", fixture("hengnan-sjj-2019"))
    last = fixture("hengnan-sjj-2017")
    document = docx.Document()
    for line in last.splitlines():
        document.add_paragraph(line)
    word = tmp_path / "2017年报.docx"
    document.save(word)
    expected = round(share((folder / REPORT_FILE).read_text(encoding="utf-8"), last), 4)
    code, card, err = score(folder, "--previous", str(word))
    assert code == 0, err
    _, rule = similarity_rule(card)
    assert rule["similarity"]["share"] == expected and rule["effect"] == "deduction"
    converted = subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
                               capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "2017年报.pdf"
    assert pdf.exists(), converted.stderr
    code, card, err = score(folder, "--previous", str(pdf))
    _, rule = similarity_rule(card)
    # A PDF's text layer breaks lines where the page does; the text is read as one run, so nothing is lost at a break.
    assert rule["similarity"]["share"] == expected and rule["effect"] == "deduction", rule["similarity"]


def test_a_previous_report_that_does_not_exist_is_a_usage_error(tmp_path):
    code, out, err = run("score", COMPLETE, "--rubric", "licheng-2020", "--as-of", "2021-02-05", "--previous", str(tmp_path / "没有.docx"))
    assert code == 2 and "没有.docx" in err and "不存在" in err and out == "", err


def test_a_previous_report_that_is_a_fifo_or_a_folder_is_refused_before_it_is_opened(tmp_path):
    """--previous names a FIFO (opening it would block the run) or a folder: exit 2 at once, saying what it is."""
    fifo = tmp_path / "去年.docx"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "FIFO"), (tmp_path, "directory")):
        p = subprocess.run([os.path.join(ROOT, ".build", "debug", "gongkai"), "score", COMPLETE, "--rubric", "licheng-2020",
                            "--as-of", "2021-02-05", "--previous", str(path)], capture_output=True, text=True, timeout=60)
        assert p.returncode == 2 and "不是普通文件" in p.stderr and kind in p.stderr and p.stdout == "", p.stderr


def test_a_rubric_that_compares_no_reports_needs_no_annual_report_template(tmp_path):
    """A rules folder without templates/ scores a rubric with no 雷同 rule (the template is read only to compare)."""
    rules = tmp_path / "Rules"
    shutil.copytree(os.path.join(ROOT, "Rules"), rules, ignore=shutil.ignore_patterns("templates"))
    code, out, err = run("score", COMPLETE, "--rules", str(rules), "--rubric", "yuhuan-2018", "--as-of", "2021-02-05", "--format", "json")
    assert code in (0, 1) and json.loads(out)["rubric"] == "yuhuan-2018", err
    code, out, err = run("score", COMPLETE, "--rules", str(rules), "--rubric", "licheng-2020", "--as-of", "2021-02-05")
    assert code == 2 and "模板" in err, err


def test_a_rubric_of_ones_own_with_the_rule_and_a_pair_that_costs_nothing_is_still_shown(tmp_path):
    rubric = tmp_path / "r.yaml"
    rubric.write_text("id: r\ntitle: 雷同\nyear: 2020\nitems:\n  - {no: '1', category: 年度报告, points: 0, criterion: x, "
                      "rules: [{report_similarity: 0, max_shared: 0.9}]}\n", encoding="utf-8")
    shared = fixture("yueqing-sjj-2022")
    a = folder_with_report(tmp_path, "a", shared, agency="肇庆市甲局")
    b = folder_with_report(tmp_path, "b", shared, agency="肇庆市乙局")
    code, out, err = run("rollup", str(a), str(b), "--as-of", "2021-02-05", "--rubric", str(rubric))
    assert "扣分最多的项目：无" in out and "年度报告雷同（一方的正文有 90% 以上见于另一方" in out, out
    index = tmp_path / "i.html"
    run("rollup", str(a), str(b), "--as-of", "2021-02-05", "--rubric", str(rubric), "--format", "html", "-o", str(index))
    assert '<tr class="pair">' in index.read_text(encoding="utf-8")
