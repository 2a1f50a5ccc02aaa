"""The annual report's own text (issues 25, 26): invalid evidence never becomes a claim, a draft with open problems says
so on its first page and exits 1, part 一 and 六 as 国办公开办函〔2021〕30号 has them, the preamble's contact from
gongkai.yaml, and text that arrives whole (no empty （）, no doubled 《》, no repeated lines). Read back in Markdown and,
with python-docx, in Word."""
import datetime, re, shutil
import docx
from conftest import GAPS, run
from test_annual_report import PARTS, shifted_sample

BAD_ROW = """- id: pub-bad
  type: publication
  department: 局办公室综合组
  tasks: [1]
  title: 肇庆市商务局权责清单调整说明
  published_on: 2020-06-20
  channel: 局网站
"""


def draft(folder, tmp_path, *extra, as_of=("--as-of", "2021-02-05")):
    """(exit code, Markdown, Word paragraphs' text, stderr) of one folder's report."""
    code, md, err = run("annual-report", str(folder), *as_of, "--format", "md", *extra)
    out = tmp_path / "r.docx"
    code2, _, _ = run("annual-report", str(folder), *as_of, "--output", str(out), "--created", "2021-02-06", *extra)
    assert code == code2, (code, code2)
    d = docx.Document(str(out))
    return code, md, [p.text for p in d.paragraphs], err


def part(paras, start, end):
    """The paragraphs from the one that is `start` up to the one that is `end`."""
    i = paras.index(start)
    return paras[i:paras.index(end, i)]


def with_bad_row(tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(GAPS, folder)
    pubs = folder / "公开" / "publications.yaml"
    text = pubs.read_text(encoding="utf-8")
    pubs.write_text(text + BAD_ROW, encoding="utf-8")
    # The row's problem is named at its field's line.
    return folder, (text + BAD_ROW).splitlines().index("  department: 局办公室综合组") + 1


def test_an_invalid_row_is_to_verify_never_a_claim_and_is_listed_on_the_first_page(tmp_path):
    folder, line = with_bad_row(tmp_path)
    code, md, paras, err = draft(folder, tmp_path)
    assert code == 1, err
    place = f"公开/publications.yaml 第{line}行"
    assert place in err
    # First page: right after the title, the count and one line per problem, the row named by file and line.
    assert paras[1].startswith("本稿存在") and "处待核实的问题，发布前请逐项核对" in paras[1], paras[:3]
    n = int(re.search(r"本稿存在(\d+)处", paras[1]).group(1))
    items = paras[2:2 + n]
    assert any(p.startswith(place) for p in items) and any(p.startswith("第1项任务无法判定") and place in p for p in items), items
    assert paras[2 + n].startswith("本报告根据"), "the notice ends where the preamble starts"
    lines = md.splitlines()
    assert lines[2].startswith("> **本稿存在") and sum(1 for l in lines if l.startswith("> - ")) == n
    for text in (md, "\n".join(paras)):
        # The cell's content never appears; task 1 is neither 未完成 nor without work records.
        assert "局办公室综合组" not in text and "权责清单调整说明" not in text
        five = text[text.index("五、存在的主要问题及改进情况"):text.index("六、其他需要报告的事项")]
        t1 = next(l for l in five.splitlines() if "（第1项任务）" in l)
        assert "证据有误，待核实" in t1 and place in t1 and "未完成" not in t1, t1
        appendix = text[text.index("贯彻落实2020年政务公开工作要点情况"):]
        a1 = next(l for l in appendix.splitlines() if l.lstrip("0123456789. *").startswith("对照法律法规规章，全面梳理"))
        assert "证据有误，待核实" in a1 and place in a1 and "未完成" not in a1 and "证据中没有该项任务的工作记录" not in a1, a1
        assert re.search(r"已完成\d+项，尚未完成\d+项，\d+项证据有误、待核实", text)


def test_a_clean_draft_has_no_notice_and_exits_0(tmp_path):
    code, md, paras, err = draft(GAPS, tmp_path)
    assert code == 0, err
    assert paras[1].startswith("本报告根据") and "待核实" not in md and "待核实" not in "\n".join(paras)


def test_part_one_and_six_follow_the_2021_format_from_2021(tmp_path):
    h2 = ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（五）监督保障"]
    folder = shifted_sample(tmp_path)
    for src, as_of, year in ((GAPS, "2021-02-05", 2020), (folder, "2022-02-05", 2021)):
        code, md, paras, err = draft(src, tmp_path, as_of=("--as-of", as_of))
        assert code == 0, err
        heads = [l[4:] for l in md.splitlines() if l.startswith("### ")]
        platform = "（四）政府信息公开平台建设" if year >= 2021 else "（四）平台建设"
        assert heads[:5] == h2[:3] + [platform] + h2[3:], heads[:5]
        assert platform in paras and "（四）平台建设" not in paras[:paras.index(platform)] + paras[paras.index(platform) + 1:]
        # 规范性文件 figures under （三）政府信息管理, not under （一）主动公开.
        three = "\n".join(part(paras, "（三）政府信息管理", platform))
        assert "全年印发部门规范性文件" in three and "全年印发部门规范性文件" not in "\n".join(part(paras, "（一）主动公开", "（二）依申请公开"))
        # 信息处理费 from report year 2021 (国办函〔2020〕109号), and part 六's items numbered as they fall.
        six = "\n".join(paras[paras.index(PARTS[5]):])
        assert ("信息处理费" in six) == (year >= 2021), six[:300]
        assert ("（一）收取信息处理费情况" in paras) == (year >= 2021)
        assert f"（{'二' if year >= 2021 else '一'}）贯彻落实{year}年政务公开工作要点情况" in paras


def test_without_as_of_a_past_year_is_stated_at_its_end(tmp_path):
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    assert today.year > 2020
    code, md, paras, err = draft(GAPS, tmp_path, as_of=())
    for text in (md, "\n".join(paras)):
        assert f"截至{today.year}年{today.month}月{today.day}日" not in text
        assert text.count("截至2020年12月31日") == 2, "part 一 and the appendix"


def test_preamble_ends_with_the_download_address_and_contact_when_given(tmp_path):
    folder = tmp_path / "contact"
    shutil.copytree(GAPS, folder)
    config = (folder / "gongkai.yaml").read_text(encoding="utf-8")
    (folder / "gongkai.yaml").write_text(
        config + "report_url: https://www.zhaoqing.gov.cn/zqswj/\ncontact_address: 肇庆市端州区信安五路2号\ncontact_phone: 0758-2765432\n"
        "postcode: '526040'\n", encoding="utf-8")
    code, md, paras, err = draft(folder, tmp_path)
    assert code == 0, err
    want = ("本报告电子版可在https://www.zhaoqing.gov.cn/zqswj/查阅或下载。如对本报告有疑问，请与肇庆市商务局联系"
            "（地址：肇庆市端州区信安五路2号；邮政编码：526040；电话：0758-2765432）。")
    preamble = next(p for p in paras if p.startswith("本报告根据"))
    assert preamble.endswith(want), preamble
    assert next(l for l in md.splitlines() if l.startswith("本报告根据")).endswith(want)
    # Only what is given; nothing without the keys.
    (folder / "gongkai.yaml").write_text(config + "contact_phone: 0758-2765432\n", encoding="utf-8")
    _, md, _, _ = draft(folder, tmp_path)
    assert next(l for l in md.splitlines() if l.startswith("本报告根据")).endswith("止。如对本报告有疑问，请与肇庆市商务局联系（电话：0758-2765432）。")
    _, md, _, _ = draft(GAPS, tmp_path)
    assert next(l for l in md.splitlines() if l.startswith("本报告根据")).endswith("止。")
    (folder / "gongkai.yaml").write_text(config + "postcode: 5260\n", encoding="utf-8")
    code, _, err = run("annual-report", str(folder), "--as-of", "2021-02-05", "--format", "md")
    assert code == 2 and "postcode" in err and "gongkai.yaml" in err


def test_text_arrives_whole(tmp_path):
    folder = tmp_path / "whole"
    shutil.copytree(GAPS, folder)
    # Titles already in 《》 (one with 政策解读 after it).
    interp = folder / "公开" / "interpretations.yaml"
    interp.write_text(interp.read_text(encoding="utf-8").replace("document: 肇庆市稳外贸稳外资若干措施", "document: 《肇庆市稳外贸稳外资若干措施》政策解读"),
                      encoding="utf-8")
    pubs = folder / "公开" / "publications.yaml"
    text = pubs.read_text(encoding="utf-8").splitlines()
    # Two more tasks of 办公室 without their records: the same improvement for both.
    text = [l.replace("tasks: [2]", "tasks: [1]").replace("tasks: [18]", "tasks: [1]") for l in text]
    pubs.write_text("\n".join(text).replace("title: 肇庆市商务局机构职能目录", "title: 《肇庆市商务局机构职能目录》") + "\n", encoding="utf-8")
    # A plan item without its number: no heading starts with an empty （）.
    plan = open(GAPS.replace("Samples/zhaoqing-2020-gaps", "Rules/plans/zhaoqing-commerce-2020.yaml"), encoding="utf-8").read()
    (folder / "plan.yaml").write_text(plan.replace("      - no: 一\n        title: \"以权责清单为依托", "      - title: \"以权责清单为依托", 1), encoding="utf-8")
    (folder / "gongkai.yaml").write_text("plan: plan.yaml\nagency: 肇庆市商务局\nyear: 2020\n", encoding="utf-8")
    code, md, paras, err = draft(folder, tmp_path)
    assert code == 0, err
    assert "以权责清单为依托，加强权力配置信息公开。" in paras
    for text in (md.splitlines(), paras):
        assert not any("（）" in l for l in text), [l for l in text if "（）" in l]
        assert not any("《《" in l or "》》" in l for l in text), [l for l in text if "《《" in l or "》》" in l]
        assert "《肇庆市稳外贸稳外资若干措施》政策解读" in "\n".join(text)
        measures = [l for l in text if l.startswith("办公室：")]
        assert "办公室：按照工作要点补齐相关工作并及时公开，留存工作记录。" in measures
        body = [l for l in text if l.strip() and not l.startswith("|")]
        assert len(body) == len(set(body)), sorted({l for l in body if body.count(l) > 1})
