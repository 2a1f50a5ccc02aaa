"""Chinese means Chinese, English means English. The Chinese outputs people read (text, Markdown, what is due, the
appendix and the statistics in every format, the workbook) name no type, field, check or status by its identifier; the
English text report, statistics and appendix have no Chinese of their own: every run of Chinese in them is plan or
evidence text, quoted as written."""
import os, re, zipfile
import docx, openpyxl, yaml
from conftest import COMPLETE, GAPS, ROOT, run

TYPES = yaml.safe_load(open(os.path.join(ROOT, "Rules", "types.yaml"), encoding="utf-8"))
PLAN_FILE = os.path.join(ROOT, "Rules", "plans", "zhaoqing-commerce-2020.yaml")
PLAN = yaml.safe_load(open(PLAN_FILE, encoding="utf-8"))


def identifiers():
    """Type ids, field names with an underscore, the plan's check ids, the check kinds and the status words."""
    ids = set(TYPES["types"])
    for t in TYPES["types"].values():
        ids |= {f for f in t["fields"] if "_" in f}
    for section in PLAN["sections"]:
        for item in section["items"]:
            for task in item["tasks"]:
                for check in task.get("checks", []):
                    ids.add(check.get("id", check["kind"]))
                    ids.add(check["kind"])
    ids |= {"pass", "fail", "pending", "error", "waived", "not-applicable"}
    return ids


IDS = identifiers()
WORD = re.compile(r"(?<![A-Za-z0-9_./-])([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)(?![A-Za-z0-9_/-]|\.[a-z])")


def leaked(text):
    return sorted({w for w in WORD.findall(text) if w in IDS})


def chinese_outputs(folder, as_of, tmp_path):
    outs = {}
    for name, args in {
        "text": ["check", folder, "--as-of", as_of],
        "markdown": ["check", folder, "--as-of", as_of, "--format", "markdown"],
        "due": ["due", folder, "--as-of", "2020-12-01"],
        "appendix": ["appendix", folder, "--as-of", as_of],
        "stats": ["stats", folder, "--as-of", as_of],
    }.items():
        code, out, err = run(*args)
        assert code in (0, 1), err
        outs[name] = out
    xlsx = tmp_path / "w.xlsx"
    code, _, err = run("check", folder, "--as-of", as_of, "--xlsx", str(xlsx), "--format", "json")
    assert code in (0, 1), err
    with zipfile.ZipFile(xlsx) as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in z.namelist() else ""
        strings += "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    cells = re.findall(r"<t[^>]*>([^<]*)</t>", strings)
    # The stable check name (task-28/designation) has its own column in the 检查 sheet, by design; file paths are data.
    outs["workbook"] = "\n".join(c for c in cells if not re.fullmatch(r"task-\d+/\S+", c))
    outs.update(annual_documents(folder, as_of, tmp_path, "zh"))
    return outs


def workbook_text(path):
    """Every cell of every sheet, and each sheet's printed header and footer, as openpyxl reads them."""
    wb = openpyxl.load_workbook(path)
    parts = []
    for ws in wb.worksheets:
        parts.append(ws.title)
        for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right, ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right):
            parts.append(part.text or "")
        parts += [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    return "\n".join(parts)


def docx_text(path):
    """The paragraphs and table cells of a Word document, as python-docx reads them."""
    d = docx.Document(path)
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells])


def annual_documents(folder, as_of, tmp_path, lang):
    """The statistics (Markdown, CSV, the workbook) and the appendix (Markdown, text, Word) in one language; stderr with
    them, where a table's problems are said."""
    outs = {}
    for fmt in ("md", "csv"):
        code, out, err = run("stats", folder, "--as-of", as_of, "--format", fmt, "--lang", lang)
        assert code in (0, 1), err
        outs[f"stats-{fmt}"] = out + err
    for fmt in ("md", "txt"):
        code, out, err = run("appendix", folder, "--as-of", as_of, "--format", fmt, "--lang", lang)
        assert code == 0, err
        outs[f"appendix-{fmt}"] = out + err
    xlsx = tmp_path / f"stats-{lang}.xlsx"
    code, _, err = run("stats", folder, "--as-of", as_of, "--format", "xlsx", "-o", str(xlsx), "--lang", lang)
    assert code in (0, 1), err
    outs["stats-xlsx"] = workbook_text(xlsx) + err
    word = tmp_path / f"appendix-{lang}.docx"
    code, _, err = run("appendix", folder, "--as-of", as_of, "--format", "docx", "-o", str(word), "--lang", lang)
    assert code == 0, err
    outs["appendix-docx"] = docx_text(word) + err
    return outs


def test_chinese_outputs_name_no_identifier(tmp_path):
    for folder, as_of in ((GAPS, "2021-02-05"), (COMPLETE, "2021-02-01")):
        for name, text in chinese_outputs(folder, as_of, tmp_path).items():
            assert leaked(text) == [], (os.path.basename(folder), name, leaked(text))


def data_corpus(folder):
    """Every text the plan and the evidence folder hold: what an English report may quote in Chinese."""
    corpus = open(PLAN_FILE, encoding="utf-8").read()
    for base, _, files in os.walk(folder):
        for f in files:
            if f.endswith((".yaml", ".csv", ".txt", ".md", ".json")):
                corpus += open(os.path.join(base, f), encoding="utf-8", errors="replace").read()
    return corpus


def test_english_text_report_has_no_chinese_of_its_own():
    for folder, as_of in ((GAPS, "2021-02-05"), (COMPLETE, "2021-02-01")):
        code, out, err = run("check", folder, "--as-of", as_of, "--lang", "en")
        assert code in (0, 1), err
        corpus = data_corpus(folder)
        own = sorted({r for r in re.findall(r"[\u4e00-\u9fff]+", out) if r not in corpus})
        assert own == [], own
        assert "(lead)" in out
        assert " 1 tasks" not in out


# Chinese characters and the full-width punctuation that goes with them: a "：" or "（" of its own is Chinese too.
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def own_chinese(text, corpus):
    """Runs of Chinese not found in the plan or the evidence: what the tool itself wrote in Chinese."""
    return sorted({r for r in CJK.findall(text) if r not in corpus})


def test_english_statistics_and_appendix_have_no_chinese_of_their_own(tmp_path):
    for folder, as_of in ((GAPS, "2021-02-05"), (COMPLETE, "2021-02-01")):
        corpus = data_corpus(folder)
        outs = annual_documents(folder, as_of, tmp_path, "en")
        # The statistics sheet of the check workbook is the same table, in the workbook's language.
        xlsx = tmp_path / "check-en.xlsx"
        code, _, err = run("check", folder, "--as-of", as_of, "--xlsx", str(xlsx), "--format", "json", "--lang", "en")
        assert code in (0, 1), err
        wb = openpyxl.load_workbook(xlsx)
        assert "Statistics" in wb.sheetnames, wb.sheetnames
        outs["check-xlsx-statistics"] = "\n".join(str(c.value) for row in wb["Statistics"].iter_rows() for c in row if c.value is not None)
        for name, text in outs.items():
            assert own_chinese(text, corpus) == [], (os.path.basename(folder), name, own_chinese(text, corpus))
        # What the English documents say, in English: the format's table titles and rows, the appendix's title and status words.
        for name in ("stats-md", "stats-csv", "stats-xlsx", "check-xlsx-statistics"):
            assert "III. Requests for government information received and handled" in outs[name], name
            assert "(7) Total" in outs[name], name
        for name in ("appendix-md", "appendix-txt", "appendix-docx"):
            assert "Implementation of the 2020 key points of government affairs disclosure" in outs[name], name
            assert "Tasks at a glance" in outs[name], name
            assert ": done." in outs[name], name


def test_english_statistics_keep_the_numbers_of_the_chinese_ones():
    """The translation changes the words only: each table row has the same cells in both languages."""
    for folder, as_of in ((GAPS, "2021-02-05"), (COMPLETE, "2021-02-01")):
        tables = {}
        for lang in ("zh", "en"):
            code, out, err = run("stats", folder, "--as-of", as_of, "--format", "md", "--lang", lang)
            assert code in (0, 1), err
            # Every table line, its words replaced by one mark: the layout and the figures must be the same.
            tables[lang] = [[c if re.fullmatch(r"\s*[-—0-9.*]*\s*", c) else "word" for c in line.split("|")]
                            for line in out.splitlines() if line.startswith("| ")]
        assert tables["zh"] == tables["en"]
        assert len(tables["zh"]) > 30


def test_english_commands_around_the_check_have_no_chinese_of_their_own():
    """The plan, the calendar, the rollup, the waivers and validation in English: Chinese only where the plan or the
    evidence is quoted (holiday names are the tool's: they are translated)."""
    corpus = data_corpus(GAPS)
    for args in (["calendar", "show", "2020"], ["calendar", "add", "2020-09-25", "5"], ["plan", "show", "zhaoqing-commerce-2020"],
                 ["rollup", GAPS, COMPLETE, "--as-of", "2021-02-05"], ["waivers", "lint", GAPS], ["validate", GAPS]):
        code, out, err = run(*args, "--lang", "en")
        assert code in (0, 1), (args, err)
        assert own_chinese(out + err, corpus) == [], (args, own_chinese(out + err, corpus))
    code, out, _ = run("calendar", "show", "2020", "--lang", "en")
    assert "Spring Festival" in out and "National Day and Mid-Autumn Festival" in out, out
