"""Golden outputs: the text, JSON, Markdown, JUnit, SARIF and HTML of both samples, and the annual report's Markdown, at a fixed as-of day and creation time,
compared byte for byte with Tests/e2e/golden/. After a reviewed change of output, `make golden` rewrites them
(GONGKAI_GOLDEN_UPDATE=1) and the diff shows exactly what a user will see differently."""
import json, os, re
import pytest
from conftest import COMPLETE, GAPS, ROOT, run

GOLDEN = os.path.join(ROOT, "Tests", "e2e", "golden")
UPDATE = os.environ.get("GONGKAI_GOLDEN_UPDATE") == "1"
CASES = [("gaps", GAPS, "2021-02-05", 1), ("complete", COMPLETE, "2021-02-01", 0)]
FORMATS = {"text": "txt", "json": "json", "markdown": "md", "junit": "junit.xml", "sarif": "sarif", "html": "html"}


def normalise(text):
    """The commit of the repository the samples live in changes with every commit of gongkai itself."""
    text = re.sub(r'"gitCommit" : "[0-9a-f]{40}"', '"gitCommit" : "COMMIT"', text)
    text = re.sub(r'"gitDirty" : (true|false)', '"gitDirty" : false', text)
    # The HTML report names the commit too, and where the checkout lies.
    text = re.sub(r"\b[0-9a-f]{40}\b", "COMMIT", text)
    return text.replace(ROOT, "ROOT")


@pytest.mark.parametrize("name,folder,as_of,expected_code", CASES)
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_output_matches_golden(name, folder, as_of, expected_code, fmt):
    code, out, err = run("check", folder, "--as-of", as_of, "--created", "2021-02-06", "--format", fmt)
    assert code == expected_code, err
    compare(normalise(out), os.path.join(GOLDEN, f"{name}.{FORMATS[fmt]}"))


@pytest.mark.parametrize("name,folder,as_of,expected_code", CASES)
def test_annual_report_markdown_matches_golden(name, folder, as_of, expected_code):
    code, out, err = run("annual-report", folder, "--as-of", as_of, "--created", "2021-02-06", "--format", "md")
    assert code in (0, 1), err
    compare(normalise(out), os.path.join(GOLDEN, f"{name}.annual-report.md"))


def compare(out, path):
    if UPDATE:
        with open(path, "w", encoding="utf-8") as f:
            f.write(out)
    with open(path, encoding="utf-8") as f:
        golden = f.read()
    assert out == golden, f"{path} differs: run `make golden` after reviewing the change"


def test_golden_json_is_valid_and_complete():
    for name, _, _, _ in CASES:
        with open(os.path.join(GOLDEN, f"{name}.json"), encoding="utf-8") as f:
            report = json.load(f)
        assert len(report["tasks"]) == 32
