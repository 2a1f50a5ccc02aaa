"""The HTML report in a real browser: Debian's headless Chromium driven by chromium-driver through Selenium."""
import json, os, re, shutil
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from conftest import COMPLETE, GAPS, run


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800"]:
        options.add_argument(a)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


def make(tmp_path, *extra, folder=GAPS, name="gaps.html"):
    path = tmp_path / name
    code, out, err = run("check", folder, "--as-of", "2021-02-05", "--format", "html", "--output", str(path), *extra)
    assert path.exists(), err
    return path


class Resources(HTMLParser):
    """Every URL the page would fetch or link to."""
    def __init__(self):
        super().__init__()
        self.fetched, self.links, self.scripts_with_src = [], [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("img", "iframe", "audio", "video", "source") and "src" in a:
            self.fetched.append(a["src"])
        if tag == "script" and "src" in a:
            self.scripts_with_src += 1
        if tag == "link":
            self.fetched.append(a.get("href", ""))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])


def test_self_contained(tmp_path, browser):
    path = make(tmp_path)
    html = path.read_text(encoding="utf-8")
    parser = Resources()
    parser.feed(html)
    assert parser.fetched == [] and parser.scripts_with_src == 0
    assert not re.search(r"@import|@font-face|url\(", html)
    assert not any(re.match(r"[a-z]+://|//", href) for href in parser.links), "links are relative"
    browser.get(path.as_uri())
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_dom_matches_the_json(tmp_path, browser, gaps_json):
    path = make(tmp_path)
    browser.get(path.as_uri())
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert browser.find_element(By.ID, "verdict").text == "结论：不符合"
    tasks = browser.find_elements(By.CSS_SELECTOR, "article.task")
    assert [t.get_attribute("id") for t in tasks] == [f"task-{t['no']}" for t in gaps_json["tasks"]]
    for t, expected in zip(tasks, gaps_json["tasks"]):
        assert t.get_attribute("data-status") == expected["status"]
        checks = t.find_elements(By.CSS_SELECTOR, "tr.check")
        assert [c.get_attribute("data-status") for c in checks] == [c["status"] for c in expected["checks"]]
        assert t.find_element(By.CSS_SELECTOR, ".owners").text != ""
    counts = {r.get_attribute("data-status"): int(r.find_element(By.CSS_SELECTOR, "td.num").text)
              for r in browser.find_elements(By.CSS_SELECTOR, "#counts tbody tr")}
    assert counts == gaps_json["summary"]
    bars = browser.find_elements(By.CSS_SELECTOR, "#chart g[data-status]")
    assert {b.get_attribute("data-status") for b in bars} == set(gaps_json["summary"])
    assert len(browser.find_elements(By.CSS_SELECTOR, "#departments tbody tr")) >= 5
    failing = [t for t in gaps_json["tasks"] if t["status"] == "fail"][0]
    findings = browser.find_elements(By.CSS_SELECTOR, f"#task-{failing['no']} .findings li")
    assert len(findings) == sum(len(c["findings"]) for c in failing["checks"])


def test_filters_hide_tasks(tmp_path, browser, gaps_json):
    path = make(tmp_path)
    browser.get(path.as_uri())
    statuses = {f"task-{t['no']}": t["status"] for t in gaps_json["tasks"]}
    browser.find_element(By.CSS_SELECTOR, ".f-status[value='pass']").click()
    for t in browser.find_elements(By.CSS_SELECTOR, "article.task"):
        assert t.is_displayed() == (statuses[t.get_attribute("id")] != "pass"), t.get_attribute("id")
    shown = sum(1 for s in statuses.values() if s != "pass")
    assert browser.find_element(By.ID, "shown").text == f"显示 {shown} / {len(statuses)} 项任务"
    browser.find_element(By.CSS_SELECTOR, ".f-status[value='pass']").click()
    Select(browser.find_element(By.ID, "f-department")).select_by_value("审批科")
    visible = [t.get_attribute("id") for t in browser.find_elements(By.CSS_SELECTOR, "article.task") if t.is_displayed()]
    expected = [f"task-{t['no']}" for t in gaps_json["tasks"] if "审批科" in t["lead"] + t["responsible"] + t["cooperating"]]
    assert visible == expected and 0 < len(visible) < len(statuses)
    browser.save_screenshot(str(tmp_path / "filtered.png"))
    assert (tmp_path / "filtered.png").stat().st_size > 10000


def test_evidence_links_are_relative_and_resolve(tmp_path, browser):
    out = tmp_path / "deep" / "reports"
    out.mkdir(parents=True)
    path = make(out)
    browser.get(path.as_uri())
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a.file")]
    assert hrefs, "the sample's attachments are linked"
    raw = re.findall(r'class="file" href="([^"]+)"', path.read_text(encoding="utf-8"))
    assert all(not h.startswith("/") and "://" not in h for h in raw), raw[:3]
    for h in hrefs:
        assert os.path.exists(unquote(urlparse(h).path)), h


def test_print_stylesheet_hides_filters(tmp_path, browser):
    path = make(tmp_path)
    browser.get(path.as_uri())
    assert browser.find_element(By.ID, "filters").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.ID, "filters").is_displayed()
        assert browser.find_element(By.ID, "tasks").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_english(tmp_path, browser):
    path = make(tmp_path, "--lang", "en")
    browser.get(path.as_uri())
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.ID, "verdict").text == "Result: not compliant"
    labels = browser.find_elements(By.CSS_SELECTOR, "h2, th, #filters legend, .badge, #shown")
    assert len(labels) > 50
    for h in labels:
        assert not re.search(r"[\u4e00-\u9fff]", h.text), h.text


def test_embedded_text_is_escaped(tmp_path, browser):
    folder = tmp_path / "evidence"
    shutil.copytree(GAPS, folder)
    records = folder / "公开" / "publications.yaml"
    text = records.read_text(encoding="utf-8")
    evil = "<script>window.pwned=1</script><b>&amp;\"'"
    records.write_text(text.replace("肇庆市商务局权责清单（2020年版）", evil.replace("\"", "\\\"").join(['"', '"']), 1), encoding="utf-8")
    path = make(tmp_path, folder=str(folder))
    browser.get(path.as_uri())
    assert browser.execute_script("return window.pwned === undefined")
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
    assert evil in browser.find_element(By.ID, "evidence").text


def test_rollup_html_links_agency_pages(tmp_path, browser):
    index = tmp_path / "rollup.html"
    code, out, err = run("rollup", GAPS, COMPLETE, "--as-of", "2021-02-05", "--format", "html", "--output", str(index))
    assert index.exists(), err
    browser.get(index.as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "#agencies tbody tr.agency")
    assert len(rows) == 2
    links = [r.find_element(By.TAG_NAME, "a").get_attribute("href") for r in rows]
    assert [os.path.basename(urlparse(l).path) for l in links] == ["rollup-1.html", "rollup-2.html"]
    browser.get(links[0])
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.task")) == 32
    code, _, err = run("rollup", GAPS, "--format", "html")
    assert code != 0 and "-o" in err
