"""The Chinese user guide (README.zh.md) cannot drift from the tool: every command in its ```sh blocks runs, in order,
in one scratch folder laid out as the guide assumes; each ends with the exit code its `# 退出码 N` comment gives
(0 when none); and every line of a ```text block right after a command block appears in what that block printed."""
import os, re, shutil, subprocess
from conftest import BIN, ROOT

GUIDE = os.path.join(ROOT, "README.zh.md")


def blocks(markdown):
    """(kind, lines) for every fenced block, in order."""
    return [(m.group(1), m.group(2).rstrip("\n").split("\n")) for m in re.finditer(r"```(\w*)\n(.*?)```", markdown, re.S)]


def steps(markdown):
    """Each ```sh block with the ```text block that follows it, if any."""
    found, bs = [], blocks(markdown)
    for i, (kind, lines) in enumerate(bs):
        if kind == "sh":
            expected = bs[i + 1][1] if i + 1 < len(bs) and bs[i + 1][0] == "text" else []
            found.append((lines, expected))
    return found


def workspace(tmp_path):
    """What the guide assumes beside the clerk: the samples, and the plan document the office received."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(os.path.join(ROOT, "Samples", "zhaoqing-2020-gaps"), work / "证据")
    shutil.copytree(os.path.join(ROOT, "Samples", "zhaoqing-2020-complete"), work / "证据-完整")
    shutil.copy(os.path.join(ROOT, "Tests", "e2e", "fixtures", "zhaoqing-commerce-2020-plan.txt"), work / "分工方案.txt")
    shutil.copy(os.path.join(ROOT, "Tests", "fixtures", "holiday-notices", "2026.txt"), work / "国务院2026年节假日通知.txt")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(BIN, bindir / "gongkai")
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}", LC_ALL="C.UTF-8")
    return work, env


def test_every_command_of_the_guide_runs_as_shown(tmp_path):
    with open(GUIDE, encoding="utf-8") as f:
        guide = f.read()
    work, env = workspace(tmp_path)
    ran = 0
    for commands, expected in steps(guide):
        printed = ""
        for line in commands:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.search(r"#\s*退出码\s*(\d)", line)
            want = int(m.group(1)) if m else 0
            p = subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True, timeout=300)
            assert p.returncode == want, f"{line}\n{p.stdout}\n{p.stderr}"
            printed += p.stdout + p.stderr
            ran += 1
        for shown in expected:
            shown = shown.strip()
            if shown and shown != "…":
                assert shown in printed, f"the guide shows «{shown}» but the commands printed:\n{printed}"
    assert ran >= 10, "the guide walks through the year's commands"


def test_every_picture_of_the_guide_is_in_the_repository():
    """The guide's pictures are the PNGs `make demo` writes under Reports/, committed so the guide shows them where it is
    read (a fresh clone, the repository's web page): each one it names is a tracked, non-empty PNG."""
    with open(GUIDE, encoding="utf-8") as f:
        pictures = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", f.read())
    assert {"Reports/gaps-html.png", "Reports/gaps-xlsx-overview.png", "Reports/gaps-xlsx-tasks.png"} <= set(pictures), pictures
    tracked = set(subprocess.run(["git", "ls-files", "Reports"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split())
    for picture in pictures:
        assert picture in tracked, f"{picture} is not committed"
        with open(os.path.join(ROOT, picture), "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n", f"{picture} is not a PNG"
