"""Next year before its notice (issue 24): deadlines counted on the statutory holidays alone are marked provisional
(暂定) in every format, a verdict the notice could still change does not fail the gate unless --fail-on provisional, and
`calendar import` of the notice makes them firm. Also: the plan and calendar files a folder names are never evidence."""
import json, os, shutil, subprocess, zipfile

import openpyxl
import pytest
from icalendar import Calendar

from conftest import BIN, ROOT, run, tree_digest

PROVISIONAL = "暂定：待国务院2027年节假日安排通知发布后确认"

PLAN = """id: test-2027
title: 测试局{year}年政务公开工作要点分工方案
agency: 测试局
year: {year}
departments: [办公室]
sections:
  - no: 一
    title: 依申请公开
    items:
      - no: 一
        title: 依申请公开
        tasks:
          - no: 1
            requirement: "依法按时答复政府信息公开申请。"
            responsibility: "办公室负责。"
            responsible: [办公室]
            checks:
              - kind: request-deadline
"""

# A 2027 notice in the shape of the real ones (Tests/fixtures/holiday-notices/2026.txt); made up for the test, since the
# State Council has not published it: 春节 2月5日（除夕）至11日, with 2月13日（周六） a working day.
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至11日（农历正月初六、周四）放假调休，共7天。2月13日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""


def folder(tmp_path, rows, year=2027, name="证据"):
    root = tmp_path / name
    (root / "依申请公开").mkdir(parents=True)
    (root / "计划.yaml").write_text(PLAN.format(year=year), encoding="utf-8")
    (root / "gongkai.yaml").write_text(f"plan: 计划.yaml\nagency: 测试局\nyear: {year}\n", encoding="utf-8")
    # The disclosure office the 条例 requires of every agency (art. 4), designated for good.
    (root / "指定.yaml").write_text(
        "- {id: ZD-1, type: office-designation, department: 办公室, office: 办公室, staff: 2, from: 2020-01-01}\n", encoding="utf-8")
    (root / "依申请公开" / "disclosure-request.csv").write_text(
        "request_no,received_on,applicant_type,content,answered_on,outcome\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return root


def request_check(report):
    for t in report["tasks"]:
        for c in t["checks"]:
            if c["kind"] == "request-deadline":
                return c
    raise AssertionError("no request check")


def test_a_request_of_2026_12_07_has_a_provisional_deadline_in_every_format(tmp_path):
    root = folder(tmp_path, ["Q-1,2026-12-07,自然人,申请公开文件,,"], year=2026)
    before = tree_digest(root)
    code, out, err = run("check", str(root), "--as-of", "2026-12-07", "--format", "json")
    assert code == 0, err
    # The December line: next year is provisional, and how to add its notice.
    assert "国务院2027年节假日安排通知尚未收录" in err and "gongkai calendar import" in err
    report = json.loads(out)
    # The plan inside the folder is configuration, not a record with no type.
    assert report["errors"] == [] and report["compliant"] is True
    c = request_check(report)
    assert c["status"] == "pending" and "部分期限暂定" in c["message"]
    code, out, err = run("due", str(root), "--as-of", "2026-12-07", "--format", "json")
    assert code == 0, err
    [item] = [i for i in json.loads(out)["items"] if "Q-1" in i["text"]]
    # 18 working days to 31 December, 元旦 off, then 4 and 5 January.
    assert item["due"] == "2027-01-05"
    assert item["provisional"].startswith(PROVISIONAL) and "临近元旦" in item["provisional"]
    code, out, err = run("due", str(root), "--as-of", "2026-12-07")
    assert "2027-01-05（暂定）" in out and PROVISIONAL in out
    ics_path = tmp_path / "待办.ics"
    assert run("due", str(root), "--as-of", "2026-12-07", "--ics", str(ics_path))[0] == 0
    [event] = [e for e in Calendar.from_ical(ics_path.read_bytes()).walk("VEVENT") if "Q-1" in str(e["SUMMARY"])]
    assert str(event["SUMMARY"]).startswith("【暂定】") and PROVISIONAL in str(event["DESCRIPTION"])
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    assert run("check", str(root), "--as-of", "2026-12-07", "--format", "html", "-o", str(html), "--xlsx", str(xlsx))[0] == 0
    assert "部分期限暂定" in html.read_text(encoding="utf-8")
    cells = [str(v) for ws in openpyxl.load_workbook(xlsx).worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert any("部分期限暂定" in v for v in cells)
    code, out, _ = run("calendar", "add", "2026-12-07", "20")
    assert code == 0 and "2027-01-05" in out and PROVISIONAL in out
    code, out, _ = run("calendar", "show", "2027")
    assert code == 0 and "暂定" in out and "2027-02-05 周五  春节  放假" in out and "2027年共 254 个工作日（暂定）" in out
    assert tree_digest(root) == before


def test_a_verdict_the_notice_could_change_fails_the_gate_only_when_asked(tmp_path):
    # Due 2027-02-19 on the law alone; answered the next working day: late now, on time if the notice adds a rest day.
    root = folder(tmp_path, ["Q-1,2027-01-20,自然人,申请公开文件,2027-02-22,予以公开"])
    code, out, err = run("check", str(root), "--as-of", "2027-03-01")
    assert code == 0, out + err
    assert "结论：符合（暂定" in out and "2027-02-19（暂定）" in out and "临近春节" in out
    assert run("check", str(root), "--as-of", "2027-03-01", "--fail-on", "provisional")[0] == 1
    # Every format words the verdict alike: the HTML report's and the workbook's say 暂定 too.
    html, xlsx = tmp_path / "v.html", tmp_path / "v.xlsx"
    assert run("check", str(root), "--as-of", "2027-03-01", "--format", "html", "-o", str(html), "--xlsx", str(xlsx))[0] == 0
    assert "结论：符合（暂定" in html.read_text(encoding="utf-8")
    cells = [str(v) for ws in openpyxl.load_workbook(xlsx).worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert any(v.startswith("符合（暂定") for v in cells)
    code, out, _ = run("check", str(root), "--as-of", "2027-03-01", "--format", "json")
    c = request_check(json.loads(out))
    assert c["status"] == "fail" and c["provisional"].startswith("暂定") and c["findings"][0]["provisional"].startswith(PROVISIONAL)
    # Answered on 2027-03-10: late under any plausible notice, a firm failure.
    firm = folder(tmp_path, ["Q-1,2027-01-20,自然人,申请公开文件,2027-03-10,予以公开"], name="证据2")
    code, out, _ = run("check", str(firm), "--as-of", "2027-03-12", "--format", "json")
    assert code == 1
    c = request_check(json.loads(out))
    assert c["status"] == "fail" and "provisional" not in c and "provisional" not in c["findings"][0]


def test_calendar_import_to_the_folder_makes_the_deadline_firm(tmp_path):
    root = folder(tmp_path, ["Q-1,2027-01-20,自然人,申请公开文件,2027-02-22,予以公开"])
    notice = tmp_path / "通知.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    code, out, err = run("calendar", "import", str(notice), "--to", str(root))
    assert code == 0, err
    assert "春节：2027-02-05～2027-02-11 放假，共7天；2027-02-13（周六） 上班" in out
    assert (root / "日历" / "2027.yaml").is_file()
    assert "calendars: [日历/2027.yaml]" in (root / "gongkai.yaml").read_text(encoding="utf-8")
    code, out, err = run("check", str(root), "--as-of", "2027-03-01", "--format", "json")
    report = json.loads(out)
    # With the notice, 春节 runs to 11 February and 13 February works: due 2027-02-23, answered 02-22 on time, firmly.
    assert code == 0 and report["errors"] == [], err
    c = request_check(report)
    assert c["status"] == "pass" and "provisional" not in c and "暂定" not in c["message"]
    code, out, _ = run("calendar", "show", "2027", "--folder", str(root))
    assert "证据目录声明的日历文件（日历/2027.yaml）" in out and "暂定" not in out
    # Importing the same year again is refused without --replace, naming what it would change.
    notice.write_text(NOTICE_2027.replace("2月13日（周六）上班。", ""), encoding="utf-8")
    code, _, err = run("calendar", "import", str(notice), "--to", str(root))
    assert code == 2 and "2027-02-13 不再调休上班" in err and "--replace" in err


def test_calendar_import_into_the_user_calendar_and_wrong_notices(tmp_path):
    notice = tmp_path / "通知.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    env = dict(os.environ, LC_ALL="C.UTF-8", XDG_CONFIG_HOME=str(tmp_path / "config"))
    def gk(*args):
        p = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=ROOT, timeout=60, env=env)
        return p.returncode, p.stdout, p.stderr
    bad = tmp_path / "错误.txt"
    bad.write_text(NOTICE_2027.replace("1月1日（周五）", "1月1日（周六）"), encoding="utf-8")
    code, _, err = gk("calendar", "import", str(bad))
    assert code == 2 and "周六" in err and "「元旦" in err and "未写入" in err
    assert not (tmp_path / "config").exists()
    cut = tmp_path / "截断.txt"
    cut.write_text(NOTICE_2027.split("五、")[0], encoding="utf-8")
    code, _, err = gk("calendar", "import", str(cut))
    assert code == 2 and "缺少端午节、中秋节、国庆节" in err
    code, out, err = gk("calendar", "import", str(notice))
    assert code == 0, err
    assert (tmp_path / "config" / "gongkai" / "calendars" / "2027.yaml").is_file()
    code, out, _ = gk("calendar", "show", "2027")
    assert "用户导入的国务院通知" in out and "2027-02-13 周六  春节  调休上班" in out
    code, out, _ = gk("calendar", "add", "2027-01-20", "20")
    # 21 Jan–4 Feb 11 working days, 春节 5–11 Feb off, 12 and 13 (the adjusted Saturday), 15–19, 22, 23.
    assert "2027-02-23" in out and "暂定" not in out


def test_calendar_import_reads_a_saved_page_and_a_word_file(tmp_path):
    """The notice as published: a saved web page with page furniture around it, and a Word file (python-docx)."""
    import docx
    real = os.path.join(ROOT, "Tests", "fixtures", "holiday-notices", "2026.txt")
    with open(real, encoding="utf-8") as f:
        text = f.read()
    page = tmp_path / "通知.html"
    page.write_text("<html><head><title>国务院办公厅关于2026年部分节假日安排的通知_中国政府网</title></head><body><div class='nav'>首页 > 政策</div>"
                    + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "<div class='footer'>版权所有</div></body></html>", encoding="utf-8")
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    word = tmp_path / "通知.docx"
    d.save(word)
    for notice in (page, word):
        code, out, err = run("calendar", "import", str(notice), "--dry-run")
        assert code == 0, err
        assert "春节：2026-02-15～2026-02-23 放假，共9天；2026-02-14（周六）、2026-02-28（周六） 上班" in out, out
        assert "与本通知相同" in out
