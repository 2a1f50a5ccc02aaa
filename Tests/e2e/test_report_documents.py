"""Task 32's annual report read from Word (.docx) and PDF files, not only text; an image-only PDF is an error."""
import hashlib, json, os, shutil, subprocess
import docx
from conftest import COMPLETE, run

REPORT_DIR = "年度报告"


def folder_with_report(tmp_path, name, data):
    folder = tmp_path / "ev"
    shutil.copytree(COMPLETE, folder)
    (folder / REPORT_DIR / name).write_bytes(data)
    yaml_path = folder / REPORT_DIR / "annual-report.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    old = "2020年政府信息公开工作年度报告.txt"
    sha_old = hashlib.sha256((folder / REPORT_DIR / old).read_bytes()).hexdigest()
    text = text.replace(old, name).replace(sha_old, hashlib.sha256(data).hexdigest())
    yaml_path.write_text(text, encoding="utf-8")
    return folder


def task32(folder):
    code, out, err = run("check", str(folder), "--as-of", "2021-02-01", "--format", "json")
    report = json.loads(out)
    return code, next(t for t in report["tasks"] if t["no"] == 32)


def report_docx(path, mention_in_table=True, mention=True):
    source = open(os.path.join(COMPLETE, REPORT_DIR, "2020年政府信息公开工作年度报告.txt"), encoding="utf-8").read()
    body = source.replace("政务公开工作要点", "年度工作安排")
    d = docx.Document()
    for line in body.splitlines():
        d.add_paragraph(line)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "事项"
    t.cell(0, 1).text = "贯彻落实政务公开工作要点情况" if mention and mention_in_table else "其他情况"
    d.save(path)


def test_word_report_text_includes_its_tables(tmp_path):
    report_docx(tmp_path / "r.docx")
    code, t = task32(folder_with_report(tmp_path, "report.docx", (tmp_path / "r.docx").read_bytes()))
    assert t["status"] == "pass", t
    report_docx(tmp_path / "r2.docx", mention=False)
    shutil.rmtree(tmp_path / "ev")
    code, t = task32(folder_with_report(tmp_path, "report.docx", (tmp_path / "r2.docx").read_bytes()))
    assert t["status"] == "fail" and "未提及" in json.dumps(t, ensure_ascii=False), t


def test_pdf_report_is_read_through_its_text_layer(tmp_path):
    report_docx(tmp_path / "r.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "r.docx")],
                   check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    code, t = task32(folder_with_report(tmp_path, "report.pdf", pdf))
    assert t["status"] == "pass", t


def image_only_pdf():
    """A one-page PDF whose only content is a 1×1 image: what a scanner produces, with no text layer."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
    ]
    content = b"q 200 0 0 200 0 0 cm /Im1 Do Q"
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_image_only_or_broken_reports_are_errors(tmp_path):
    code, t = task32(folder_with_report(tmp_path, "scan.pdf", image_only_pdf()))
    assert t["status"] == "error" and "没有文字层" in json.dumps(t, ensure_ascii=False), t
    assert code != 0
    shutil.rmtree(tmp_path / "ev")
    code, t = task32(folder_with_report(tmp_path, "broken.docx", b"PK\x03\x04" + b"\x01" * 300))
    assert t["status"] == "error" and "zip" in json.dumps(t, ensure_ascii=False), t
