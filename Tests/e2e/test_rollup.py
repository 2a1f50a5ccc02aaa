"""The supervising office's roll-up over many agencies, and (issue 28) on a rubric: its departments' self-scores."""
import json, os, re, shutil
from html.parser import HTMLParser

import openpyxl
import pytest

from conftest import COMPLETE, GAPS, run
from test_rubric import NAMES, edit_request, late_report


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


# --- rollup --rubric (issue 28): the supervising office's table of its departments' self-scores -------------------

def department(tmp_path, src, name, agency):
    """A copy of a sample as another department: its own folder and agency name."""
    dst = tmp_path / name
    shutil.copytree(src, dst)
    (dst / "gongkai.yaml").write_text(f"plan: zhaoqing-commerce-2020\nagency: {agency}\nyear: 2020\n", encoding="utf-8")
    return dst


class Tables(HTMLParser):
    """Every table of a page by id: its body rows as lists of cell texts."""
    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell, self.in_body = {}, None, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.current = a.get("id")
            self.tables[self.current] = []
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.current].append(self.row)
            self.row = None
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def test_rollup_on_a_rubric_ranks_the_departments_and_names_the_costliest_items(tmp_path):
    # Four departments and an unreadable folder, scored on licheng-2020 (32 points). By hand, from the rubric text:
    # - 完整 (the complete sample): no check fails → 32; at stake all the manual clauses: 10 + 5+5+5→10 + 6 + 6 = 32.
    # - 甲 and 乙 (the gaps sample twice): the 2020 report published 2021-02-03, after 31 January → 未及时公开的扣5分 on
    #   item 2 → 27; at stake 10 + 5 (what item 2 has left) + 6 + 6 = 27. Equal scores share rank 2.
    # - 迟 (the complete sample with one request answered late and the report late): 超期办理每条扣6分 takes item 3's 6,
    #   未及时公开的扣5分 takes 5 of item 2 → 32 − 11 = 21; at stake 10 + 5 + 0 + 6 = 21; rank 4 (1, 2, 2, 4).
    complete = department(tmp_path, COMPLETE, "完整", "肇庆市完整局")
    jia = department(tmp_path, GAPS, "甲", "肇庆市甲局")
    yi = department(tmp_path, GAPS, "乙", "肇庆市乙局")
    late = department(tmp_path, COMPLETE, "迟", "肇庆市迟局")
    edit_request(late, "肇商务依申〔2020〕38号", answered_on="2021-01-29")
    late_report(late)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "gongkai.yaml").write_text("plan: no-such-plan\n", encoding="utf-8")
    folders = [str(f) for f in (jia, complete, late, broken, yi)]
    expected = {  # agency: (self-score, deducted, at stake, rank)
        "肇庆市完整局": (32, 0, 32, 1), "肇庆市甲局": (27, 5, 27, 2), "肇庆市乙局": (27, 5, 27, 2), "肇庆市迟局": (21, 11, 21, 4),
    }
    # `score` on each folder says the same.
    for folder in (complete, jia, late):
        code, out, err = run("score", str(folder), "--rubric", "licheng-2020", "--as-of", "2021-02-05", "--format", "json")
        card = json.loads(out)
        assert (card["selfScore"], card["deducted"], card["atStake"]) == expected[card["agency"]][:3], card

    xlsx = tmp_path / "汇总.xlsx"
    code, out, err = run("rollup", *folders, "--as-of", "2021-02-05", "--rubric", "licheng-2020", "--format", "json", "--xlsx", str(xlsx))
    assert code == 1, err  # the gaps folders are not compliant
    doc = json.loads(out)
    assert set(doc) == {"rubric", "agencies", "costliestItems", "similarReports", "similarReportsNotListed"} and doc["similarReportsNotListed"] == 0
    # licheng-2020 compares the departments' annual reports; the samples' are too short to compare (test_similarity.py).
    assert doc["similarReports"] == []
    assert doc["rubric"] == {"id": "licheng-2020", "title": "2020年泉州市鲤城区政务公开指数绩效考评标准表",
                             "file": "Rules/rubrics/licheng-2020.yaml", "source": doc["rubric"]["source"], "fullPoints": 32}
    assert doc["rubric"]["source"].startswith("http://www.qzlc.gov.cn/")
    agencies = doc["agencies"]
    # The folders' order, as without a rubric, every key of the plain roll-up kept, and a score each.
    assert [a["folder"] for a in agencies] == folders
    assert all(set(a) == {"folder", "agency", "plan", "asOf", "summary", "failingTasks", "annualReport", "compliant", "error", "score"} for a in agencies)
    keys = {"rank", "selfScore", "fullPoints", "deducted", "atStake", "bonus", "vetoed", "vetoes", "unverified", "settled", "error"}
    for a in agencies[:3] + agencies[4:]:
        s = a["score"]
        assert set(s) == keys
        assert (s["selfScore"], s["deducted"], s["atStake"], s["rank"]) == expected[a["agency"]], a
        assert s["fullPoints"] == 32 and s["vetoed"] is False and s["vetoes"] == [] and s["settled"] is True and s["error"] is None
    unread = agencies[3]["score"]
    assert unread["rank"] is None and unread["selfScore"] is None and unread["settled"] is False and "no-such-plan" in unread["error"]
    # Item 2 cost three departments 5 each; item 3 cost one department its 6.
    assert doc["costliestItems"] == [
        {"no": "2", "title": "政府信息公开年度报告", "points": 10, "deducted": 15, "departments": 3, "vetoes": 0},
        {"no": "3", "title": "政府信息依申请公开", "points": 6, "deducted": 6, "departments": 1, "vetoes": 0},
    ]

    # The workbook: 汇总 in rank order with the score column group, the unreadable folder last; 扣分最多的项目.
    wb = openpyxl.load_workbook(xlsx)
    # licheng-2020 compares reports: the sheet 年度报告雷同 follows, empty but for its note here.
    assert wb.sheetnames[:3] == ["汇总", "扣分最多的项目", "年度报告雷同"] and len(wb.sheetnames) == 7
    assert [c.value for c in wb["年度报告雷同"][2]][0] == "无：各单位的年度报告均未达到雷同的阈值"
    rows = list(wb["汇总"].iter_rows(values_only=True))
    assert list(rows[0][8:]) == ["结论", "名次", "自评得分", "确定扣分", "待评定分值", "一票否决", "说明", "目录"]
    # Two folders of one agency's name are told apart by the folder, the last column.
    assert [r[15] for r in rows[1:6]] == [str(f) for f in (complete, jia, yi, late, broken)], [r[15] for r in rows[1:6]]
    assert [(r[0], r[9], r[10], r[11], r[12], r[13]) for r in rows[1:5]] == [
        ("肇庆市完整局", 1, 32, 0, 32, "无"), ("肇庆市甲局", 2, 27, 5, 27, "无"), ("肇庆市乙局", 2, 27, 5, 27, "无"), ("肇庆市迟局", 4, 21, 11, 21, "无"),
    ]
    assert rows[5][0] == "broken" and rows[5][8] == "无法读取" and rows[5][9] is None and "no-such-plan" in rows[5][14]
    costs = list(wb["扣分最多的项目"].iter_rows(values_only=True))
    assert costs == [("序号", "考核项目", "分值", "扣分合计", "扣分单位数", "否决单位数"), ("2", "政府信息公开年度报告", 10, 15, 3, 0), ("3", "政府信息依申请公开", 6, 6, 1, 0)]

    # Text: the plain table unchanged, then the ranking and the costliest items.
    code, text, err = run("rollup", *folders, "--as-of", "2021-02-05", "--rubric", "licheng-2020")
    assert code == 1
    plain, ranking, costly = text.split("\n\n")
    _, plain_text, _ = run("rollup", *folders, "--as-of", "2021-02-05")
    assert plain + "\n" == plain_text
    lines = ranking.splitlines()
    assert lines[0] == "评分细则：2020年泉州市鲤城区政务公开指数绩效考评标准表（Rules/rubrics/licheng-2020.yaml），满分 32 分；按自评得分排名（有一票否决的排在后面）："
    assert lines[1].split() == ["名次", "单位", "目录", "自评得分", "确定扣分", "待评定分值", "一票否决", "说明"]
    assert [l.split()[:2] + l.split()[3:7] for l in lines[2:6]] == [
        ["1", "肇庆市完整局", "32", "0", "32", "无"], ["2", "肇庆市甲局", "27", "5", "27", "无"], ["2", "肇庆市乙局", "27", "5", "27", "无"],
        ["4", "肇庆市迟局", "21", "11", "21", "无"],
    ]
    assert lines[6].startswith("—") and str(broken) in lines[6] and "no-such-plan" in lines[6]
    assert costly.splitlines()[0] == "扣分最多的项目："
    assert [l.split() for l in costly.splitlines()[2:]] == [["2", "政府信息公开年度报告", "10", "15", "3", "0"], ["3", "政府信息依申请公开", "6", "6", "1", "0"]]
    assert not any(line.endswith(" ") for line in text.splitlines())

    # The HTML index: the same ranking, each department linked to its page, and the costliest items.
    index = tmp_path / "html" / "汇总.html"
    index.parent.mkdir()
    code, _, err = run("rollup", *folders, "--as-of", "2021-02-05", "--rubric", "licheng-2020", "--format", "html", "-o", str(index))
    assert code == 1, err
    html = index.read_text(encoding="utf-8")
    tables = Tables()
    tables.feed(html)
    assert [r[:2] + r[3:7] for r in tables.tables["ranking"][:4]] == [
        ["1", "肇庆市完整局", "32", "0", "32", "无"], ["2", "肇庆市甲局", "27", "5", "27", "无"], ["2", "肇庆市乙局", "27", "5", "27", "无"],
        ["4", "肇庆市迟局", "21", "11", "21", "无"],
    ]
    assert tables.tables["ranking"][4][0] == "—" and "no-such-plan" in tables.tables["ranking"][4][-1]
    # Each ranked department links to its own page: the pages are numbered in the folders' order.
    links = re.findall(r'<tr class="score" data-rank="\d+"[^>]*><td class="num">\d+</td><td><a href="([^"]+)">([^<]+)</a>', html)
    assert links == [("汇总-2.html", "肇庆市完整局"), ("汇总-1.html", "肇庆市甲局"), ("汇总-5.html", "肇庆市乙局"), ("汇总-3.html", "肇庆市迟局")]
    assert "肇庆市迟局" in (index.parent / "汇总-3.html").read_text(encoding="utf-8")
    assert tables.tables["costly"] == [["2", "政府信息公开年度报告", "10", "15", "3", "0"], ["3", "政府信息依申请公开", "6", "6", "1", "0"]]
    for output in (out, text, html):
        assert not any(name in output for name in NAMES)


def test_rollup_on_a_veto_rubric_counts_the_vetoes(tmp_path):
    # guoban-2019's 首页不更新 is a veto on gaps over 14 days between publications: both samples have such gaps
    # (2020-01-01 to 2020-02-09 is the first), so both are vetoed, and, with no points on the rubric, share rank 1.
    code, out, err = run("rollup", GAPS, COMPLETE, "--as-of", "2021-02-05", "--rubric", "guoban-2019-jiancha-zhibiao", "--format", "json", "--lang", "en")
    assert code == 1, err
    doc = json.loads(out)
    scores = [a["score"] for a in doc["agencies"]]
    assert [(s["rank"], s["vetoed"], s["vetoes"], s["settled"]) for s in scores] == [(1, True, ["3"], False)] * 2
    assert doc["costliestItems"] == [{"no": "3", "title": "政府网站 › 首页不更新", "points": 0, "deducted": 0, "departments": 0, "vetoes": 2}]
    code, text, err = run("rollup", GAPS, COMPLETE, "--as-of", "2021-02-05", "--rubric", "guoban-2019-jiancha-zhibiao", "--lang", "en")
    assert "item 3 (政府网站 › 首页不更新)" in text.split("\n\n")[1] and "Items that cost most:" in text


def test_rollup_with_a_rubric_it_cannot_load_reads_no_folder(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: b\ntitle: t\nyear: 2020\nitems:\n  - {no: '1', category: c, points: 6, criterion: x, rules: [{per_case: 6}]}\n", encoding="utf-8")
    folder = department(tmp_path, GAPS, "甲", "肇庆市甲局")
    # Whether the folder was read shows in its gongkai.yaml's access time, set well before its modification time
    # (relatime then records the next read).
    config = folder / "gongkai.yaml"
    def untouched():
        os.utime(config, (946684800, 978307200))
        return lambda: os.stat(config).st_atime == 946684800
    xlsx = tmp_path / "r.xlsx"
    still = untouched()
    code, out, err = run("rollup", str(folder), "--rubric", str(bad), "--xlsx", str(xlsx))
    assert code == 2 and f"{bad}:5" in err and out == "" and not xlsx.exists(), err
    read = not still()
    code, out, err = run("rollup", str(folder), "--rubric", "no-such-rubric")
    assert code == 2 and "licheng-2020" in err and out == ""
    read = read or not still()
    # The control: a roll-up that runs does read it (where the file system records reads at all).
    still = untouched()
    run("rollup", str(folder), "--rubric", "licheng-2020", "--as-of", "2021-02-05")
    if still():
        pytest.skip("this file system does not record reads (noatime)")
    assert not read, "the folder was read before the rubric was refused"


def test_a_department_the_rubric_cannot_score_is_unranked_with_its_reason(tmp_path):
    # A rubric naming a check the departments' plan does not have: each department keeps its row, unranked.
    rubric = tmp_path / "r.yaml"
    rubric.write_text("id: r\ntitle: t\nyear: 2020\nitems:\n  - {no: '1', category: c, points: 6, criterion: x, rules: [{per_case: 6, check: task-99/none}]}\n",
                      encoding="utf-8")
    code, out, err = run("rollup", COMPLETE, "--as-of", "2021-02-01", "--rubric", str(rubric), "--format", "json")
    assert code == 1, err  # compliant, but not scored
    agency = json.loads(out)["agencies"][0]
    assert agency["compliant"] is True and agency["error"] is None
    assert agency["score"]["rank"] is None and "task-99/none" in agency["score"]["error"] and f"{rubric}:5" in agency["score"]["error"]
