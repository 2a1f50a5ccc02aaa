"""Chinese means Chinese, English means English. The Chinese outputs people read (text, Markdown, what is due, the
appendix, the statistics, the workbook) name no type, field, check or status by its identifier; the English text
report has no Chinese of its own: every run of Chinese in it is plan or evidence text, quoted as written."""
import os, re, zipfile
import yaml
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
