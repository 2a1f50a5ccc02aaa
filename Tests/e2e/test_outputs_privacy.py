"""Personal data never leaves: planted names, phones and identity numbers, in personal columns, in free text, in the
wrong column, as a request number and in file names, are looked for in every byte of every command's every format."""
import io, json, os, shutil, urllib.parse, zipfile
import openpyxl
import pytest
from conftest import GAPS, run


def id_number(first17):
    """A Chinese identity number with a valid GB 11643 check digit."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = (12 - sum(int(d) * w for d, w in zip(first17, weights)) % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


ID_PERSONAL = id_number("44120219850317123")
ID_AS_REQUEST_NO = id_number("44010419900101234")
ID_IN_TEXT = id_number("44128419770707567")
ID_IN_FILE_NAME = id_number("44090219881212345")
ID_X = next(id_number("4412021970010100" + str(k)) for k in range(10) if id_number("4412021970010100" + str(k)).endswith("X"))
PHONE_PERSONAL, PHONE_IN_TEXT, PHONE_WRONG_COLUMN, PHONE_IN_FILE_NAME = "13912340001", "13912340002", "13912340003", "18612340004"
PHONE_SPACED = "139 1234 0005"
LANDLINE = "0758-2281234"
NAME_PERSONAL, NAME_IN_TITLE, NAME_IN_CONTENT, NAME_IN_NOTE = "司马懿清", "欧阳娜丽", "诸葛明亮", "上官婉真"
NAME_WRONG_COLUMN = "慕容复生"

PLANTED = [ID_PERSONAL, ID_AS_REQUEST_NO, ID_IN_TEXT, ID_IN_FILE_NAME, ID_X, PHONE_PERSONAL, PHONE_IN_TEXT, PHONE_WRONG_COLUMN,
           PHONE_IN_FILE_NAME, PHONE_SPACED, LANDLINE, NAME_PERSONAL, NAME_IN_TITLE, NAME_IN_CONTENT, NAME_IN_NOTE]

LEDGER = f"""type,request_no,received_on,applicant_type,applicant_name,applicant_phone,applicant_id_no,title,content,note,answered_on,outcome
disclosure-request,{ID_AS_REQUEST_NO},2020-03-02,自然人,{NAME_PERSONAL},{PHONE_PERSONAL},{ID_PERSONAL},{NAME_IN_TITLE}的申请（电话{PHONE_IN_TEXT}）,联系人{NAME_IN_CONTENT}，身份证{ID_IN_TEXT},回电{LANDLINE}、{PHONE_SPACED}；{NAME_IN_NOTE},2020-03-20,予以公开
disclosure-request,肇商务依申〔2020〕98号,{PHONE_WRONG_COLUMN},自然人,{NAME_PERSONAL},{PHONE_PERSONAL},{ID_PERSONAL},申请,申请,,2020-04-20,予以公开
disclosure-request,{ID_X},2020-05-06,{NAME_WRONG_COLUMN},{NAME_PERSONAL},{PHONE_PERSONAL},{ID_PERSONAL},申请,申请,,2020-05-20,予以公开
"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every command and format over the planted folder: {name: bytes}, zip members unpacked, stderr included."""
    tmp = tmp_path_factory.mktemp("privacy")
    folder = tmp / "ev"
    shutil.copytree(GAPS, folder)
    (folder / "依申请公开" / "planted.csv").write_text(LEDGER, encoding="utf-8")
    (folder / "附件" / f"回执{PHONE_IN_FILE_NAME}.txt").write_text("回执", encoding="utf-8")
    (folder / "附件" / f"身份证{ID_IN_FILE_NAME}.txt").write_text("复印件", encoding="utf-8")
    (folder / "附件" / f"电话{PHONE_SPACED}、{LANDLINE}.txt").write_text("记录", encoding="utf-8")
    out = tmp / "out"
    out.mkdir()
    f, a = str(folder), ("--as-of", "2021-02-05")
    commands = {
        "check": ["check", f, *a, "--format", "text", "--format", "json", "--format", "junit", "--format", "sarif", "--format", "github",
                  "--format", "markdown", "--output-dir", str(out), "--xlsx", str(out / "check.xlsx")],
        "check-en": ["check", f, *a, "--lang", "en", "--format", "json"],
        "validate": ["validate", f],
        "due": ["due", f, "--as-of", "2020-06-01", "--format", "json", "--ics", str(out / "due.ics")],
        "due-text": ["due", f, "--as-of", "2020-06-01"],
        "appendix-md": ["appendix", f, *a],
        "appendix-txt": ["appendix", f, *a, "--format", "txt"],
        "appendix-docx": ["appendix", f, *a, "--format", "docx", "-o", str(out / "appendix.docx")],
        "stats-md": ["stats", f, *a],
        "stats-csv": ["stats", f, *a, "--format", "csv"],
        "stats-json": ["stats", f, *a, "--format", "json"],
        "stats-xlsx": ["stats", f, *a, "--format", "xlsx", "-o", str(out / "stats.xlsx")],
        "rollup": ["rollup", f, *a, "--xlsx", str(out / "rollup.xlsx")],
        "rollup-json": ["rollup", f, *a, "--format", "json"],
        "waivers": ["waivers", "lint", f, *a],
    }
    blobs = {}
    for name, args in commands.items():
        code, stdout, stderr = run(*args)
        assert code in (0, 1, 2), (name, stderr)
        blobs[name + ":stdout"] = stdout.encode("utf-8")
        blobs[name + ":stderr"] = stderr.encode("utf-8")
    code, stdout, stderr = run("verify", str(out / "gongkai.json"), f)
    blobs["verify"] = (stdout + stderr).encode("utf-8")
    for file in sorted(os.listdir(out)):
        data = (out / file).read_bytes()
        if file.endswith((".xlsx", ".docx")):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                assert z.namelist()
                for member in z.namelist():
                    blobs[file + "/" + member] = z.read(member)
        else:
            blobs[file] = data
    assert {"gongkai.txt", "gongkai.json", "gongkai.junit.xml", "gongkai.sarif", "gongkai.github.txt", "gongkai.md", "due.ics"} <= set(blobs)
    return blobs


@pytest.mark.parametrize("value", PLANTED)
def test_planted_value_appears_in_no_output(outputs, value):
    leaks = [name for name, blob in outputs.items() if value.encode("utf-8") in blob]
    assert leaks == [], f"{value} leaks into {leaks}"


def test_values_are_masked_not_dropped(outputs):
    """The request number is shown masked, so the clerk can still find the row; a value in the wrong column of the request
    ledger is not echoed at all (the error names its file, line and what was expected)."""
    everything = b"\n".join(outputs.values()).decode("utf-8", "replace")
    assert ID_AS_REQUEST_NO[:3] + "*" * 14 + ID_AS_REQUEST_NO[-1] in everything
    assert "139****0003" not in everything
    assert "回执186****0004.txt" in everything
    assert "电话139 **** 0005、0758-*******.txt" in everything


def test_request_free_text_is_not_in_the_workbook(outputs):
    sheet_xml = b"".join(v for k, v in outputs.items() if k.startswith("check.xlsx/"))
    assert "的申请（电话".encode("utf-8") not in sheet_xml and "联系人".encode("utf-8") not in sheet_xml


def test_name_in_the_wrong_column_appears_in_no_output(outputs):
    leaks = [name for name, blob in outputs.items() if NAME_WRONG_COLUMN.encode("utf-8") in blob]
    assert leaks == [], leaks


# Issue 26: names, mobiles and identity numbers glued together, or separated by spaces or dashes, in every free-text
# column of a request ledger and in its outcome (办理结果), where no masking pattern stands alone to find them.
GLUED_NAME, GLUED_PHONE, GLUED_ID = "东方既白", "13712345679", id_number("11010519491231002")
GLUED_VALUES = [GLUED_NAME, GLUED_PHONE, GLUED_ID]
GLUED = [f"{GLUED_NAME}{GLUED_PHONE}{GLUED_ID}", f"{GLUED_NAME} {GLUED_PHONE} {GLUED_ID}", f"{GLUED_NAME}-{GLUED_PHONE}-{GLUED_ID}"]
FREE_TEXT = ["applicant_name", "applicant_phone", "applicant_id_no", "applicant_address", "title", "content", "note"]


def glued_ledger():
    header = ["request_no", "received_on", "applicant_type", "answered_on", "outcome", *FREE_TEXT]
    rows = []
    for k, glued in enumerate(GLUED):
        rows.append([f"肇商务依申〔2020〕9{k}1号", "2020-03-02", "自然人", "2020-03-20", "已电话告知" + glued, *[glued] * len(FREE_TEXT)])
        # The same value as an outcome of its own, and a row whose outcome is one of the format's labels.
        rows.append([f"肇商务依申〔2020〕9{k}2号", "2020-03-02", "自然人", "2020-03-20", glued, *[glued] * len(FREE_TEXT)])
        rows.append([f"肇商务依申〔2020〕9{k}3号", "2020-03-02", "自然人", "2020-03-20", "予以公开", *[glued] * len(FREE_TEXT)])
    return "\n".join(",".join(r) for r in [header, *rows]) + "\n"


def spellings(value):
    """The value as it may be written: itself, percent-encoded, JSON-escaped."""
    return {value, urllib.parse.quote(value), json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=True)[1:-1]}


@pytest.fixture(scope="module")
def glued_outputs(tmp_path_factory):
    """stats in every format (the xlsx read with openpyxl too), check in every format, appendix and annual-report."""
    tmp = tmp_path_factory.mktemp("glued")
    folder = tmp / "ev"
    shutil.copytree(GAPS, folder)
    (folder / "依申请公开" / "disclosure-request-glued.csv").write_text(glued_ledger(), encoding="utf-8")
    out = tmp / "out"
    (out / "en").mkdir(parents=True)
    f, a = str(folder), ("--as-of", "2021-02-05")
    formats = [x for fmt in ("text", "json", "junit", "sarif", "github", "markdown", "html") for x in ("--format", fmt)]
    commands = {
        "check": ["check", f, *a, *formats, "--output-dir", str(out), "--xlsx", str(out / "check.xlsx")],
        "check-en": ["check", f, *a, "--lang", "en", *formats, "--output-dir", str(out / "en")],
        "validate": ["validate", f],
        "appendix-md": ["appendix", f, *a],
        "appendix-docx": ["appendix", f, *a, "--format", "docx", "-o", str(out / "appendix.docx")],
        "annual-report-md": ["annual-report", f, *a, "--format", "md"],
        "annual-report-html": ["annual-report", f, *a, "--format", "html", "-o", str(out / "annual.html")],
        "annual-report-docx": ["annual-report", f, *a, "--created", "2021-02-06", "-o", str(out / "annual.docx")],
    }
    for lang in ("zh", "en"):
        for fmt in ("md", "csv", "json"):
            commands[f"stats-{fmt}-{lang}"] = ["stats", f, *a, "--lang", lang, "--format", fmt]
        commands[f"stats-xlsx-{lang}"] = ["stats", f, *a, "--lang", lang, "--format", "xlsx", "-o", str(out / f"stats-{lang}.xlsx")]
    blobs = {}
    for name, args in commands.items():
        code, stdout, stderr = run(*args)
        assert code in (0, 1), (name, code, stderr)
        blobs[name + ":stdout"] = stdout
        blobs[name + ":stderr"] = stderr
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        name = str(path.relative_to(out))
        if path.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(path) as z:
                for member in z.namelist():
                    blobs[name + "/" + member] = z.read(member).decode("utf-8", "replace")
        else:
            blobs[name] = path.read_text(encoding="utf-8")
        if path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            blobs[name + ":cells"] = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert {"stats-zh.xlsx:cells", "check.xlsx:cells", "gongkai.html", "en/gongkai.json", "annual.docx/word/document.xml"} <= set(blobs)
    # The outcome that fits no item is still reported, by its row and field.
    assert "disclosure-request-glued.csv:2" in blobs["stats-md-zh:stdout"] and "办理结果" in blobs["stats-md-zh:stdout"]
    return blobs


@pytest.mark.parametrize("value", GLUED_VALUES + GLUED)
def test_glued_personal_data_appears_in_no_output(glued_outputs, value):
    leaks = sorted({name for name, text in glued_outputs.items() for s in spellings(value) if s in text})
    assert leaks == [], f"{value} leaks into {leaks}"


def test_applicants_names_in_file_and_sheet_names_appear_in_no_output(tmp_path):
    """Masking by shape cannot know a name (issue 30): a ledger named after an applicant, and a workbook sheet named
    after another, are printed in every format with the names gone — the values of the personal fields gongkai read
    in this run — percent-encoded (SARIF), JSON-escaped, XML inside the workbook and HTML included."""
    folder = tmp_path / "ev"
    shutil.copytree(GAPS, folder)
    ledger = folder / "依申请公开" / "disclosure-request.csv"
    text = ledger.read_text(encoding="utf-8")
    lines = text.splitlines()
    head = lines[0].split(",")
    name_col = head.index("applicant_name")
    first = lines[1].split(",")
    first[name_col] = "欧阳娜娜"
    lines[1] = ",".join(first)
    # Named after the applicant, the file no longer tells its type: a type column does.
    lines = [lines[0] + ",type"] + [l + ",disclosure-request" for l in lines[1:]]
    ledger.unlink()
    # The office saved the ledger under the applicant's name (and a typo in it, so it is named in an error).
    (folder / "依申请公开" / "欧阳娜娜13948408146-disclosure-request.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "司马相如申请"
    ws.append(["request_no", "received_on", "applicant_type", "applicant_name", "answered_on", "outcome", "type"])
    ws.append(["X-1", "2020-05-06", "自然人", "司马相如", "2020-05-08", "予以公开", "disclosure-request"])
    ws.append(["X-2", "2020-13-06", "自然人", "司马相如", "2020-05-08", "予以公开", "disclosure-request"])
    wb.save(folder / "依申请公开" / "补录.xlsx")
    names = ["欧阳娜娜", "司马相如", "13948408146"]
    written = []
    for fmt in ["text", "json", "junit", "sarif", "github", "markdown", "html"]:
        code, out, err = run("check", str(folder), "--as-of", "2021-02-05", "--format", fmt)
        assert code == 1, err
        written += [out, err, urllib.parse.unquote(out)]
    xlsx = tmp_path / "c.xlsx"
    run("check", str(folder), "--as-of", "2021-02-05", "--format", "json", "--xlsx", str(xlsx))
    with zipfile.ZipFile(xlsx) as z:
        written += [z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")]
    for args in (["stats", str(folder), "--as-of", "2021-02-05"], ["due", str(folder), "--as-of", "2020-12-01"],
                 ["validate", str(folder)], ["appendix", str(folder), "--as-of", "2021-02-05"]):
        _, out, err = run(*args)
        written += [out, err]
    blob = "\n".join(written)
    assert "disclosure-request.csv" in blob and "补录.xlsx" in blob, "the files are still named, the names in them gone"
    for value in names:
        assert value not in blob, value
        assert json.dumps(value)[1:-1] not in blob, value
