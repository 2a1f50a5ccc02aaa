"""A hostile evidence folder: every command runs over it under a time limit, ends with 0, 1 or 2, and leaves the folder
exactly as it was."""
import hashlib, json, os, re, resource, shutil, stat, subprocess, time, zipfile
import pytest
from pathlib import Path
from conftest import BIN, COMPLETE, GAPS, ROOT

PATH_MAX = 4096
TIME_LIMIT = 120


def make_deep(base):
    """Directories nested until the path is longer than PATH_MAX, with a record at the bottom (made through dir fds)."""
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
    length = len(str(base))
    name = "深" * 60   # 180 bytes a level
    while length <= PATH_MAX + 200:
        os.mkdir(name, dir_fd=fd)
        child = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = child
        length += len(name.encode()) + 1
    record = os.open("deep.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(record, "id: deep-1\ntype: training\ndepartment: 办公室\ntasks: [30]\ndate: 2020-05-06\ntitle: 深层\n".encode())
    os.close(record)
    os.close(fd)
    return length


def hostile_folder(root):
    """Copies the gaps sample and adds what an attacker or an accident can put in a folder."""
    folder = root / "hostile"
    shutil.copytree(GAPS, folder)
    h = folder / "hostile"
    h.mkdir()
    os.symlink("loop-b", h / "loop-a")                      # symlink loop
    os.symlink("loop-a", h / "loop-b")
    os.symlink(".", h / "self")                              # a directory loop
    os.symlink("/etc/passwd", h / "passwd.txt")              # a link out of the folder
    (h / "line\nbreak.yaml").write_text("id: nl-1\ntype: training\ndepartment: 办公室\ntasks: [30]\ndate: 2020-05-06\n", encoding="utf-8")
    # An invalid record whose name forges a workflow command: the error names it, so every format shows the name.
    (h / "forged\n::error file=x::owned\n.yaml").write_text("id: forged-1\n", encoding="utf-8")
    (h / "::error file=x::injected.txt").write_text("x", encoding="utf-8")
    (h / "esc\x1b[31mred\x07.txt").write_text("x", encoding="utf-8")
    (h / "tab\tand\rcr.csv").write_text("type,id\ntraining,t-1\n", encoding="utf-8")
    (h / "quote\"<&>'.md").write_text("x", encoding="utf-8")
    os.close(os.open(os.path.join(os.fsencode(h), b"bad-\xff\xfe-name.yaml"), os.O_WRONLY | os.O_CREAT, 0o644))
    (h / "invalid-bytes.yaml").write_bytes(b"id: bad-1\ntype: training\ntitle: \xff\xfe\xc3\x28\n")
    (h / "invalid-bytes.csv").write_bytes(b"type,id,title\ntraining,bad-2,\xff\xfe\n")
    (h / "binary.yaml").write_bytes(bytes(range(256)) * 64)
    for name, size in (("huge.yaml", 8 << 30), ("huge.csv", 8 << 30), ("huge.pdf", 64 << 20)):
        with open(h / name, "wb") as f:   # sparse: no disk used
            f.truncate(size)
    (h / "nested.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (h / "aliases.yaml").write_text("a: &a [x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                                                                             for p, c in zip("abcdefgh", "bcdefghi")), encoding="utf-8")
    special_files(h)
    deep = make_deep(h)
    return folder, deep


def special_files(h):
    """FIFOs, sockets and devices among the evidence: the loader's side (issue 16) must find them without opening."""
    os.mkfifo(h / "fifo.yaml")
    os.mkfifo(h / "fifo-attachment.pdf")
    if os.geteuid() == 0:
        os.mknod(h / "zero-device.csv", 0o644 | stat.S_IFCHR, os.makedev(1, 5))   # like /dev/zero: endless bytes


def snapshot(folder):
    """Every entry's name, type, mode, size, mtime and (for small regular files) content; FIFOs and links never opened."""
    h = hashlib.sha256()
    for base, dirs, files, dfd in os.fwalk(folder):
        for name in sorted(dirs + files):
            st = os.stat(name, dir_fd=dfd, follow_symlinks=False)
            h.update(os.fsencode(os.path.join(base, name)) + f"{st.st_mode}:{st.st_size}:{st.st_mtime_ns}".encode())
            if stat.S_ISLNK(st.st_mode):
                h.update(os.fsencode(os.readlink(name, dir_fd=dfd)))
            elif stat.S_ISREG(st.st_mode) and st.st_size < (1 << 20):
                fd = os.open(name, os.O_RDONLY, dir_fd=dfd)
                h.update(os.read(fd, 1 << 20))
                os.close(fd)
    return h.hexdigest()


def commands(folder, out):
    f, a = str(folder), ("--as-of", "2021-02-05")
    return {
        "check": ["check", f, *a, "--format", "text", "--format", "json", "--format", "junit", "--format", "sarif", "--format", "github",
                  "--format", "markdown", "--output-dir", str(out), "--xlsx", str(out / "c.xlsx")],
        "validate": ["validate", f],
        "due": ["due", f, *a, "--ics", str(out / "d.ics")],
        "appendix": ["appendix", f, *a, "--format", "docx", "-o", str(out / "a.docx")],
        "stats": ["stats", f, *a, "--format", "xlsx", "-o", str(out / "s.xlsx")],
        "waivers": ["waivers", "lint", f, *a],
        "rollup": ["rollup", f, GAPS, *a, "--xlsx", str(out / "r.xlsx"), "--time-limit", "60"],
        "verify": ["verify", str(out / "gongkai.json"), f],
    }


def run_all(folder, out):
    results = {}
    for name, args in commands(folder, out).items():
        try:
            p = subprocess.run([BIN, *args], capture_output=True, cwd=ROOT, timeout=TIME_LIMIT)
            results[name] = (p.returncode, p.stdout, p.stderr)
        except subprocess.TimeoutExpired:
            results[name] = ("timeout", b"", b"")
    return results


def test_every_command_survives_a_hostile_folder_and_leaves_it_unchanged(tmp_path):
    folder, deep = hostile_folder(tmp_path)
    assert deep > PATH_MAX
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(folder)
    results = run_all(folder, out)
    assert snapshot(folder) == before
    for name, (code, stdout, stderr) in results.items():
        assert code in (0, 1, 2), (name, code, stderr[-2000:])
    assert results["check"][0] == 1, "the folder's errors make it non-compliant"
    validate = results["validate"][1].decode("utf-8")
    assert results["validate"][0] == 1 and "hostile/fifo.yaml" in validate, "a FIFO record file is an error naming it"
    # Control characters in file names never reach an output raw: no injected workflow command, no escape sequence.
    github = (out / "gongkai.github.txt").read_bytes()
    assert all(line.startswith((b"::error ", b"::warning ", b"::notice ")) for line in github.splitlines() if line)
    for file in ("gongkai.txt", "gongkai.md", "gongkai.junit.xml", "gongkai.json", "gongkai.sarif"):
        data = (out / file).read_bytes()
        assert b"\x1b" not in data and b"\x07" not in data, file
        assert b"line\nbreak" not in data, file
    text = (out / "gongkai.txt").read_text(encoding="utf-8")
    assert "forged\\n::error file=x::owned\\n.yaml" in text, "the name is shown, escaped"
    for file in ("gongkai.txt", "gongkai.md", "gongkai.junit.xml", "gongkai.github.txt"):
        assert not any(line.startswith("::error file=x") for line in (out / file).read_text(encoding="utf-8").splitlines()), file
    # The rollup's other agency is still evaluated.
    assert "肇庆市商务局" in results["rollup"][1].decode("utf-8", "replace")


def test_a_stalling_folder_does_not_stall_the_rollup(tmp_path):
    folder, _ = hostile_folder(tmp_path)
    p = subprocess.run([BIN, "rollup", str(folder), GAPS, "--as-of", "2021-02-05", "--format", "json", "--time-limit", "20"],
                       capture_output=True, cwd=ROOT, timeout=TIME_LIMIT)
    assert p.returncode == 1, p.stderr
    rows = json.loads(p.stdout)
    assert [r["folder"] for r in rows] == [str(folder), GAPS]
    assert rows[1]["summary"]["fail"] == 4, "the other agency is evaluated"
    assert rows[0]["compliant"] is False and (rows[0]["error"] is None or rows[0]["error"])


def test_time_limit_gives_the_agency_a_row_of_its_own(tmp_path):
    p = subprocess.run([BIN, "rollup", GAPS, GAPS, "--as-of", "2021-02-05", "--format", "json", "--time-limit", "0.001"],
                       capture_output=True, cwd=ROOT, timeout=TIME_LIMIT)
    rows = json.loads(p.stdout)
    assert p.returncode == 1 and len(rows) == 2
    assert all("time limit" in r["error"] or "时限" in r["error"] for r in rows) and all(r["summary"] is None for r in rows)


MARKDOWN_NAMES = ["a`b``c.yaml", "`tick-first.yaml", "*star*_under_[link](x)<b>|pipe&amp;.yaml", "tick-last`.yaml"]
MARKDOWN_FIELD = "*em*_u_[l](x)<b>|p"


def test_markdown_shows_file_names_with_markdown_characters_literally(tmp_path):
    """Evidence files named with backticks, emphasis, link, HTML and table characters: in the Markdown summary each
    input error's place is one code span holding the whole name (CommonMark, as markdown-it-py parses it), and nothing
    in the list turns into emphasis, a link or HTML."""
    from markdown_it import MarkdownIt
    folder = tmp_path / "md"
    shutil.copytree(GAPS, folder)
    for i, name in enumerate(MARKDOWN_NAMES):
        (folder / name).write_text(f"id: md-{i}\ntitle: 无类型\n", encoding="utf-8")   # no type: an input error naming the file
    # A field no type has: the note quotes its name, Markdown characters and all.
    (folder / "field.yaml").write_text(f"id: md-f\ntype: training\ndepartment: 办公室\ntasks: [30]\ndate: 2020-05-06\ntopic: t\nattendees: 3\n"
                                       f"'{MARKDOWN_FIELD}': 1\n", encoding="utf-8")
    p = subprocess.run([BIN, "check", str(folder), "--as-of", "2021-02-05", "--format", "markdown"], capture_output=True, text=True, cwd=ROOT,
                       timeout=TIME_LIMIT)
    assert p.returncode == 1, p.stderr
    tokens = MarkdownIt("commonmark").parse(p.stdout)
    # The input errors, then the notes: an unknown field is a note, not a reason to discard the record (issue 26).
    heading = next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content.startswith("输入错误"))
    items = [t for t in tokens[heading:] if t.type == "inline"]
    assert any(t.content.startswith("提示") for t in items)
    spans = [c.content for t in items for c in t.children if c.type == "code_inline"]
    for name in MARKDOWN_NAMES:
        assert any(re.fullmatch(re.escape(name) + r"(:\d+)*", s) for s in spans), (name, spans)
    kinds = {c.type for t in items for c in t.children}
    assert not kinds & {"em_open", "strong_open", "link_open", "html_inline"}, kinds
    texts = ["".join(c.content for c in t.children if c.type == "text") for t in items]
    assert any(MARKDOWN_FIELD in text for text in texts), texts


def run_bounded(args, timeout=60):
    """The binary under a time limit, in a fixed locale; a hang is a failure, never a stuck test."""
    env = dict(os.environ, LC_ALL="C.UTF-8")
    return subprocess.run([BIN, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout, env=env)


ATTACHMENT = "附件/领导小组调整通知.txt"


def cached_folder(tmp_path):
    """The complete sample with a cache of its attachments' digests, made once the files are older than the cache's
    racy window (a file changed within it is never cached)."""
    folder = tmp_path / "complete"
    shutil.copytree(COMPLETE, folder)
    time.sleep(1.2)
    cache = tmp_path / "cache"
    p = run_bounded(["check", str(folder), "--as-of", "2021-02-01", "--format", "json", "--cache-dir", str(cache)])
    assert p.returncode == 0, p.stderr
    tsv = (cache / "sha256.tsv").read_text(encoding="utf-8")
    assert os.path.realpath(folder / ATTACHMENT) in tsv, "the attachment is cached"
    return folder, cache


def rewrite_keeping_size_and_mtime(path):
    st = os.stat(path)
    data = path.read_bytes()
    path.write_bytes(bytes(b ^ 0x01 if 0x30 <= b < 0x7a else b for b in data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))   # touch -r: the mtime set back
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_digest(stdout, path):
    return next(e["sha256"] for e in json.loads(stdout)["evidence"]["manifest"] if e["path"] == path)


def test_cache_never_serves_a_file_rewritten_with_its_size_and_mtime_kept(tmp_path):
    folder, cache = cached_folder(tmp_path)
    actual = rewrite_keeping_size_and_mtime(folder / ATTACHMENT)
    before = snapshot(folder)
    p = run_bounded(["check", str(folder), "--as-of", "2021-02-01", "--format", "json", "--cache-dir", str(cache)])
    assert snapshot(folder) == before
    assert manifest_digest(p.stdout, ATTACHMENT) == actual, "the change time moved: hashed again"
    assert p.returncode == 1, "the attachment no longer matches its declared SHA-256"


def test_cache_entry_edited_to_the_new_size_and_mtime_is_not_trusted(tmp_path):
    folder, cache = cached_folder(tmp_path)
    path = folder / ATTACHMENT
    path.write_bytes(path.read_bytes() + b"\n")
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    st = path.stat()
    tsv = cache / "sha256.tsv"
    lines = []
    for line in tsv.read_text(encoding="utf-8").split("\n"):
        parts = line.split("\t")
        if parts[0] == os.path.realpath(path):   # path, device, inode, size, mtime ns, ctime ns, sha256
            parts[3], parts[4] = str(st.st_size), str(st.st_mtime_ns)
        lines.append("\t".join(parts))
    tsv.write_text("\n".join(lines), encoding="utf-8")
    p = run_bounded(["check", str(folder), "--as-of", "2021-02-01", "--format", "json", "--cache-dir", str(cache)])
    assert manifest_digest(p.stdout, ATTACHMENT) == actual
    assert p.returncode == 1


def test_a_cache_file_that_is_a_fifo_a_device_or_a_link_is_refused_and_kept(tmp_path):
    kinds = {"fifo": lambda t: os.mkfifo(t), "link": lambda t: os.symlink("/etc/passwd", t)}
    if os.geteuid() == 0:
        kinds["device"] = lambda t: os.mknod(t, 0o644 | stat.S_IFCHR, os.makedev(1, 5))
    for kind, make in kinds.items():
        cache = tmp_path / kind
        cache.mkdir()
        make(cache / "sha256.tsv")
        before = os.lstat(cache / "sha256.tsv")
        p = run_bounded(["check", COMPLETE, "--as-of", "2021-02-01", "--format", "json", "--cache-dir", str(cache)], timeout=30)
        assert p.returncode == 2, (kind, p.stderr)
        assert str(cache / "sha256.tsv") in p.stderr and "不是普通文件" in p.stderr, (kind, p.stderr)
        after = os.lstat(cache / "sha256.tsv")
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino), kind


def check_json(folder, tmp_path):
    report = tmp_path / "report.json"
    p = run_bounded(["check", str(folder), "--as-of", "2021-02-01", "--format", "json", "-o", str(report)])
    assert p.returncode == 0, p.stderr
    return report


def test_verify_reads_only_regular_files_inside_the_folder(tmp_path):
    """A crafted manifest naming `../` paths, an absolute path, a FIFO and (as root) a device: each is refused by name,
    no digest of a file outside the folder is printed, nothing blocks, and verification fails."""
    folder = tmp_path / "complete"
    shutil.copytree(COMPLETE, folder)
    report = check_json(folder, tmp_path)
    data = json.loads(report.read_text(encoding="utf-8"))
    os.mkfifo(folder / "pipe.pdf")
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    crafted = ["../outside.txt", "../../../../../../../etc/passwd", "/etc/passwd", "附件/../../outside.txt", "pipe.pdf"]
    if os.geteuid() == 0:
        os.mknod(folder / "zero.pdf", 0o644 | stat.S_IFCHR, os.makedev(1, 5))
        crafted.append("zero.pdf")
    data["evidence"]["manifest"] += [{"path": p, "sha256": "0" * 64, "size": 1} for p in crafted]
    report.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = snapshot(folder)
    p = run_bounded(["verify", str(report), str(folder)], timeout=30)
    assert snapshot(folder) == before
    assert p.returncode == 1, p.stderr
    secrets = {hashlib.sha256(b"secret").hexdigest(), hashlib.sha256(open("/etc/passwd", "rb").read()).hexdigest()}
    assert not any(s in p.stdout + p.stderr for s in secrets), "no digest of a file outside the folder"
    lines = p.stdout.splitlines()
    for path in crafted:
        line = next((l for l in lines if l.startswith(path + ":")), None)
        assert line is not None, (path, p.stdout)
        assert "未核对" in line and ("证据目录之外" in line or "不是普通文件" in line), line
    assert f"{len(crafted)} 处不符" in p.stdout


PHONE_NAMES = ["欧阳娜娜13948408146.csv", "1391234567811010519491231002X.yaml", "回执tel13912340001.yaml"]
PHONE_DIGITS = ["13948408146", "13912345678", "11010519491231002", "13912340001", "8408146", "4567811010519491231002"]


def test_phone_numbers_in_file_names_never_reach_sarif_or_any_report(tmp_path):
    """A ledger named with an applicant's mobile: SARIF's percent-encoded artifactLocation.uri once left the digits
    glued to a byte's hex (`%A813948408146`) and unmasked. Also a mobile glued to an identity number, and to letters."""
    from urllib.parse import unquote
    folder = tmp_path / "phones"
    shutil.copytree(GAPS, folder)
    (folder / PHONE_NAMES[0]).write_text("type,id\nno-such-type,x-1\n", encoding="utf-8")
    for name in PHONE_NAMES[1:]:
        (folder / name).write_text("id: no-type\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    p = run_bounded(["check", str(folder), "--as-of", "2021-02-05", "--output-dir", str(out), *sum((["--format", f] for f in
                     ("sarif", "json", "text", "markdown", "junit", "github", "html")), [])])
    assert p.returncode == 1, p.stderr
    sarif = json.loads((out / "gongkai.sarif").read_text(encoding="utf-8"))
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for run in sarif["runs"] for r in run["results"] for loc in r.get("locations", [])]
    assert any(unquote(u).endswith("欧阳娜娜139****8146.csv") for u in uris), uris
    for f in sorted(out.iterdir()):
        text = f.read_text(encoding="utf-8")
        for t in (text, unquote(text), p.stdout, p.stderr):
            leaked = [d for d in PHONE_DIGITS if d in t]
            assert not leaked, (f.name, leaked)


def test_messages_say_what_a_hostile_input_is(tmp_path):
    """rollup: a gongkai.yaml that is a FIFO, a symlink loop or (as root) a device, and a plain file given as a
    folder, are each named for what they are; an encrypted .xlsx ledger is called encrypted; a missing --previous
    report is called missing."""
    cases = {}
    for kind in ("fifo", "loop", "device"):
        if kind == "device" and os.geteuid() != 0:
            continue
        folder = tmp_path / kind
        shutil.copytree(GAPS, folder)
        os.remove(folder / "gongkai.yaml")
        {"fifo": lambda t: os.mkfifo(t), "loop": lambda t: os.symlink("gongkai.yaml", t),
         "device": lambda t: os.mknod(t, 0o644 | stat.S_IFCHR, os.makedev(1, 5))}[kind](folder / "gongkai.yaml")
        cases[kind] = (folder, {"fifo": "FIFO", "loop": "符号链接循环", "device": "character device"}[kind])
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    cases["plain"] = (plain, "不是目录")
    p = run_bounded(["rollup", *[str(f) for f, _ in cases.values()], "--as-of", "2021-02-05", "--time-limit", "20"], timeout=60)
    assert p.returncode in (1, 2), p.stderr
    out = p.stdout + p.stderr
    for kind, (folder, said) in cases.items():
        line = next((l for l in out.splitlines() if str(folder) in l), "")
        assert said in line and "没有 gongkai.yaml" not in line and "不存在" not in line, (kind, line, out)

    folder = tmp_path / "encrypted"
    shutil.copytree(GAPS, folder)
    os.remove(folder / "依申请公开" / "disclosure-request.csv")
    name = "EncryptionInfo".encode("utf-16-le")
    (folder / "依申请公开" / "disclosure-request.xlsx").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + name + b"\0" * 512)
    p = run_bounded(["check", str(folder), "--as-of", "2021-02-05", "--format", "text"])
    line = next((l for l in p.stdout.splitlines() if "disclosure-request.xlsx" in l and "无法判定" not in l), "")
    assert "加密" in line and "损坏" not in line, line

    p = run_bounded(["annual-report", GAPS, "--as-of", "2021-02-05", "--previous", str(tmp_path / "no-such.docx"), "-o", str(tmp_path / "r.docx")])
    assert p.returncode == 2 and "no-such.docx 不存在" in p.stderr and "不是有效的 Word" not in p.stderr, p.stderr


def test_stats_says_a_fifo_request_ledger_could_not_be_read(tmp_path):
    folder = tmp_path / "fifo-ledger"
    shutil.copytree(GAPS, folder)
    os.remove(folder / "依申请公开" / "disclosure-request.csv")
    os.mkfifo(folder / "依申请公开" / "disclosure-request.csv")
    before = snapshot(folder)
    p = run_bounded(["stats", str(folder), "--as-of", "2021-02-05", "--format", "md"], timeout=30)
    assert snapshot(folder) == before
    assert p.returncode == 1, (p.returncode, p.stderr)
    assert "disclosure-request.csv" in p.stderr and "FIFO" in p.stderr, p.stderr


def test_plan_import_names_undecodable_bytes_and_never_writes_a_nul(tmp_path):
    """A pasted plan with bytes that are neither UTF-8 nor GB18030, and a NUL in a unit's name (issue 30): the import says
    where the bytes are, and the plan it writes is YAML gongkai reads back."""
    text = ("测试局2025年政务公开工作要点分工方案\n"
            "| 工作任务 | 具体要求 | 责任科室 |\n"
            "| 一、主动公开 | 1.做好主动公开。 | 办公室牵头，法规\x00科配合 |\n").encode("utf-8")
    text += "| 二、依申请公开 | 2.依法答复申请。 | 审批科".encode("utf-8") + b"\xff\xfe" + " |\n".encode("utf-8")
    src = tmp_path / "方案.txt"
    src.write_bytes(text)
    out = tmp_path / "计划.yaml"
    p = subprocess.run([BIN, "plan", "import", str(src), "-o", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=TIME_LIMIT)
    assert p.returncode == 0, p.stderr
    assert "第4行" in p.stderr and "无法识别的字节" in p.stderr, p.stderr
    assert b"\x00" not in out.read_bytes()
    show = subprocess.run([BIN, "plan", "show", str(out), "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=TIME_LIMIT)
    assert show.returncode == 0, show.stderr
    assert len(json.loads(show.stdout)["tasks"]) == 2


# Issue 30: files that are small on disk and huge in what they claim. Each is generated here (never committed), run
# under a time limit and an address-space limit, and must end with a message naming the file.

ADDRESS_SPACE = 4 << 30
BOUND = 60


def limit_address_space():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_limited(args, timeout=BOUND):
    """The binary under a time limit and a 4 GiB address space: a hang fails the test, so does a crash."""
    env = dict(os.environ, LC_ALL="C.UTF-8")
    return subprocess.run([BIN, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout, env=env,
                          preexec_fn=limit_address_space)


def check_text(folder):
    """`check` on a hostile folder under the bounds: the folder unchanged, exit 1; the text report."""
    before = snapshot(folder)
    p = run_limited(["check", str(folder), "--as-of", "2021-02-05", "--format", "text"])
    assert snapshot(folder) == before
    assert p.returncode == 1, (p.returncode, p.stderr[-2000:])
    return p.stdout


def inline_cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def deflated(name):
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_xlsx(path, sheets, parts, targets=None):
    """A minimal workbook: `sheets` names the sheets, `parts` maps a part's path to its bytes (or to a function
    writing it to an open zip entry), `targets` maps each sheet to its part (by default sheet1.xml, sheet2.xml...)."""
    targets = targets or [f"worksheets/sheet{i + 1}.xml" for i in range(len(sheets))]
    book = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(sheets)) + "</sheets></workbook>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                      f'Target="{t}"/>' for i, t in enumerate(targets)) + "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        for name, content in parts.items():
            if callable(content):
                with z.open(deflated(name), "w", force_zip64=True) as f:
                    content(f)
            else:
                z.writestr(name, content)


SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def test_a_merged_range_over_the_whole_sheet_is_clipped_to_the_cells_there_are(tmp_path):
    """A2:XFD1048576 merged over an ordinary 2,000-row ledger once filled 16,384 columns of every row (past a minute)."""
    folder = tmp_path / "merged"
    shutil.copytree(GAPS, folder)
    os.remove(folder / "网站" / "website-check-2020.csv")
    header = ["id", "date", "kind", "site", "issues_found", "department"]
    rows = ["<row r=\"1\">" + "".join(inline_cell(f"{c}1", h) for c, h in zip("ABCDEF", header)) + "</row>"]
    for i in range(2, 2002):
        values = [f"patrol-{i}", "2020-03-02", "patrol", "肇庆市商务局网站", "0", "办公室"]
        rows.append(f'<row r="{i}">' + "".join(inline_cell(f"{c}{i}", v) for c, v in zip("ABCDEF", values)) + "</row>")
    sheet = SHEET_HEAD + "".join(rows) + '</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells></worksheet>'
    write_xlsx(folder / "网站" / "website-check-2020.xlsx", ["website-check"], {"xl/worksheets/sheet1.xml": sheet})
    before = snapshot(folder)
    p = run_limited(["check", str(folder), "--as-of", "2021-02-05", "--format", "json"])
    assert snapshot(folder) == before
    assert p.returncode in (0, 1), p.stderr[-2000:]
    records = json.loads(p.stdout)["evidence"]
    assert "website-check-2020.xlsx" in json.dumps(records, ensure_ascii=False), "the ledger was read"


WEBSITE_HEADER = ["id", "date", "kind", "site", "issues_found", "department"]


def website_row(number, cells):
    return f'<row r="{number}">' + "".join(inline_cell(f"{c}{number}", v) for c, v in zip("ABCDEFG", cells)) + "</row>"


def website_ledger(folder, middle):
    """The gaps sample with its website ledger as a workbook: a header, one patrol, then what `middle` writes, then
    another patrol."""
    os.remove(folder / "网站" / "website-check-2020.csv")

    def sheet(f):
        f.write((SHEET_HEAD + website_row(1, WEBSITE_HEADER)
                 + website_row(2, ["patrol-2", "2020-03-02", "patrol", "肇庆市商务局网站", "0", "办公室"])).encode())
        middle(f)
        f.write((website_row(9, ["patrol-9", "2020-03-09", "patrol", "肇庆市商务局网站", "0", "办公室"])
                 + "</sheetData></worksheet>").encode())
    ledger = folder / "网站" / "website-check-2020.xlsx"
    write_xlsx(ledger, ["website-check"], {"xl/worksheets/sheet1.xml": sheet})
    return ledger


def repeated(f, unit, mib):
    block = unit * ((1 << 20) // len(unit))
    for _ in range(mib):
        f.write(block)


def test_a_long_run_of_white_space_or_a_huge_cell_is_read_in_linear_time(tmp_path):
    """64 MiB of white space between two rows once took 83 s to scan, a single 40 MiB cell 34 s: text cut by each
    16 KiB chunk's end was scanned again from its start. Both are read now, the rows around them too."""
    folder = tmp_path / "long-runs"
    shutil.copytree(GAPS, folder)

    def middle(f):
        repeated(f, b" \r\n\t", 64)
        f.write(b'<row r="5"><c r="H5" t="inlineStr"><is><t>')
        repeated(f, "政务公开".encode(), 40)
        f.write(b"</t></is></c></row>")
    ledger = website_ledger(folder, middle)
    assert ledger.stat().st_size < 1 << 20
    out = check_text(folder)
    # The daily-patrol check sees both patrols: the gap between them is the one from the 3rd to the 8th of March.
    assert "2020-03-03～2020-03-08 无网站日常巡查记录" in out, out
    # The huge cell lies outside the header's columns: its note is all the report says of the ledger.
    named = [l.strip() for l in out.splitlines() if "website-check-2020.xlsx" in l]
    assert named == ["网站/website-check-2020.xlsx › website-check › H5: 表头之外的单元格，未读取"], named


def test_a_start_tag_longer_than_libxml2_reads_ends_with_a_message(tmp_path):
    """64 MiB of white space inside one start tag: the scanner holds no construct longer than libxml2 does (10 MB),
    and libxml2 words the error, with the part and its line."""
    folder = tmp_path / "long-tag"
    shutil.copytree(GAPS, folder)

    def middle(f):
        f.write(b'<row r="5"')
        repeated(f, b" ", 64)
        f.write(b"></row>")
    website_ledger(folder, middle)
    out = check_text(folder)
    line = next((l for l in out.splitlines() if "website-check-2020.xlsx" in l and "sheet1.xml" in l), "")
    assert "第 1 行" in line and "Huge input lookup" in line, out


def test_a_ledger_merged_on_every_other_row_is_read_in_linear_time(tmp_path):
    """30,000 patrols, each pair's department merged down over both rows (15,000 ranges): every range was looked at
    for every row, 450 million steps (a debug build: past the bound; a release build does them in a second or two,
    but 250,000 such rows in minutes)."""
    folder = tmp_path / "merged-rows"
    shutil.copytree(GAPS, folder)
    os.remove(folder / "网站" / "website-check-2020.csv")
    rows = [website_row(1, WEBSITE_HEADER)]
    for i in range(2, 30_002):
        department = "办公室" if i % 2 == 0 else ""
        rows.append(website_row(i, [f"patrol-{i}", f"2020-03-{2 + i % 28:02d}", "patrol", "肇庆市商务局网站", "0", department]))
    merges = "".join(f'<mergeCell ref="F{i}:F{i + 1}"/>' for i in range(2, 30_002, 2))
    sheet = SHEET_HEAD + "".join(rows) + f'</sheetData><mergeCells count="15000">{merges}</mergeCells></worksheet>'
    write_xlsx(folder / "网站" / "website-check-2020.xlsx", ["website-check"], {"xl/worksheets/sheet1.xml": sheet})
    out = check_text(folder)
    # Every row has its department (from the merge for every other one): the ledger reads without a problem, and
    # the patrols on every day from the 2nd to the 29th of March leave gaps only before and after them.
    assert not [l for l in out.splitlines() if "website-check-2020.xlsx" in l], out
    assert "2020-01-01～2020-03-01 无网站日常巡查记录" in out and "2020-03-30～2020-12-31 无网站日常巡查记录" in out, out


def test_an_html_table_claims_no_more_grid_than_its_cells(tmp_path):
    """`plan import` of a 100 KB page whose cells span thousands of rows and columns once took 73 s and 3.5 GB."""
    cell = '<td colspan="100000" rowspan="100000">第1项</td>'
    row = "<tr>" + cell * 8 + "</tr>"
    page = "<html><body><p>2021年政务公开工作要点</p><table>" + row * (100_000 // len(row)) + "</table></body></html>"
    folder = tmp_path / "page"
    folder.mkdir()
    source = folder / "要点.html"
    source.write_text(page, encoding="utf-8")
    assert 90_000 < source.stat().st_size < 110_000
    before = snapshot(folder)
    p = run_limited(["plan", "import", str(source), "--output", str(tmp_path / "plan.yaml")])
    assert snapshot(folder) == before
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    assert "要点.html" in p.stderr and "表格" in p.stderr and "单元格" in p.stderr, p.stderr


def test_a_word_table_claims_no_more_grid_than_its_cells(tmp_path):
    """`plan import` of a .docx whose one row of 1,000 cells, each spanning 64 columns, widens 20,000 one-cell rows:
    1.3 billion cells once padded. Bounded as a web page's table is."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p><w:r><w:t>第1项</w:t></w:r></w:p></w:tc>'
    narrow = "<w:tr><w:tc><w:p><w:r><w:t>办公室</w:t></w:r></w:p></w:tc></w:tr>"
    body = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>2021年政务公开工作要点</w:t></w:r></w:p><w:tbl><w:tr>" + cell * 1000 + "</w:tr>" + narrow * 20_000
            + "</w:tbl></w:body></w:document>")
    folder = tmp_path / "word"
    folder.mkdir()
    source = folder / "要点.docx"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", body)
    before = snapshot(folder)
    p = run_limited(["plan", "import", str(source), "--output", str(tmp_path / "plan.yaml")])
    assert snapshot(folder) == before
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    assert "要点.docx 的第 1 个表格只有 21000 个单元格" in p.stderr and "gridSpan" in p.stderr, p.stderr


GAPS_REPORT = Path(GAPS) / "年度报告" / "2020年政府信息公开工作年度报告.txt"


def annual_report_folder(tmp_path, name, make):
    """The gaps sample with its annual report record's `file` pointing at a file `make` writes."""
    folder = tmp_path / "annual"
    shutil.copytree(GAPS, folder)
    make(folder / "年度报告" / name)
    record = folder / "年度报告" / "annual-report.yaml"
    text = record.read_text(encoding="utf-8").split("  attachments:")[0].replace(
        "file: 年度报告/2020年政府信息公开工作年度报告.txt", f"file: 年度报告/{name}")
    record.write_text(text, encoding="utf-8")
    return folder


def report_file_line(folder, name):
    """`check` on a folder whose annual report's file is hostile: the text report's line naming the file (with the
    whole output, for the assertion's message)."""
    out = check_text(folder)
    return next((l for l in out.splitlines() if name in l), ""), out


def test_an_8_gib_pdf_annual_report_is_refused_before_it_is_read(tmp_path):
    def make(path):
        with open(path, "wb") as f:   # sparse: no disk used
            f.write(b"%PDF-1.4\n")
            f.truncate(8 << 30)
    line, out = report_file_line(annual_report_folder(tmp_path, "报告.pdf", make), "报告.pdf")
    assert "超过" in line and "MB" in line, out


def understated_docx(path, body_bytes, declared=1024):
    """A .docx whose word/document.xml inflates to `body_bytes` while its headers say `declared`."""
    def body(f):
        f.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
        chunk = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * (1 << 15)
        written = 0
        while written < body_bytes:
            f.write(chunk)
            written += len(chunk)
        f.write(b"</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open(deflated("word/document.xml"), "w", force_zip64=True) as f:
            body(f)
    data = bytearray(path.read_bytes())
    # Every header's uncompressed size (the ZIP64 extra fields, which Python writes) set to `declared`.
    for signature, extra_length_at, name_length_at, fixed in ((b"PK\x03\x04", 28, 26, 30), (b"PK\x01\x02", 30, 28, 46)):
        at = data.find(signature)
        while at >= 0:
            name_length = int.from_bytes(data[at + name_length_at:at + name_length_at + 2], "little")
            extra = at + fixed + name_length
            if data[extra:extra + 2] == b"\x01\x00":
                data[extra + 4:extra + 12] = declared.to_bytes(8, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_a_docx_that_understates_its_size_ends_with_a_message(tmp_path):
    line, out = report_file_line(annual_report_folder(tmp_path, "报告.docx", lambda p: understated_docx(p, 3 << 30)), "报告.docx")
    assert "word/document.xml" in line and "解压" in line, out


def test_a_large_docx_annual_report_is_read(tmp_path):
    """A valid Word file whose body is over 10 MB (the report, then pages of tables' worth of paragraphs) was "not
    valid XML at line 2": its body went to the parser in one chunk. It is streamed now."""
    report = (GAPS_REPORT).read_text(encoding="utf-8").splitlines()

    def make(path):
        paragraph = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            with z.open(deflated("word/document.xml"), "w") as f:
                f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document '
                        b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
                f.write("".join(paragraph.format(line) for line in report).encode())
                f.write(paragraph.format("附表：主动公开政府信息情况（续）").encode() * 400_000)
                f.write(b"</w:body></w:document>")
    folder = annual_report_folder(tmp_path, "报告.docx", make)
    with zipfile.ZipFile(folder / "年度报告" / "报告.docx") as z:
        assert z.getinfo("word/document.xml").file_size > 12 << 20
    line, out = report_file_line(folder, "报告.docx")
    assert line == "", out
    assert "晚于期限 2021-01-31 3 天" in out, "the report was read and judged as the sample's"


def test_plan_import_of_a_docx_bomb_ends_with_a_message(tmp_path):
    source = tmp_path / "bomb" / "要点.docx"
    source.parent.mkdir()
    understated_docx(source, 3 << 30)
    before = snapshot(source.parent)
    p = run_limited(["plan", "import", str(source), "--output", str(tmp_path / "plan.yaml")])
    assert snapshot(source.parent) == before
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    assert "要点.docx" in p.stderr and "word/document.xml" in p.stderr and "解压" in p.stderr, p.stderr


def test_annual_report_previous_docx_bomb_ends_with_a_message(tmp_path):
    """--previous is read by the one Word reader, behind the zip guard the evidence readers use."""
    source = tmp_path / "last" / "2019年报.docx"
    source.parent.mkdir()
    understated_docx(source, 3 << 30)
    p = run_limited(["annual-report", GAPS, "--as-of", "2021-02-05", "--previous", str(source), "-o", str(tmp_path / "r.docx")])
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    assert "2019年报.docx" in p.stderr and "word/document.xml" in p.stderr and "解压" in p.stderr, p.stderr


def test_a_workbook_whose_sheets_share_one_huge_part_is_stopped_by_its_budget(tmp_path):
    """100 sheets pointing at one part that inflates to 1,000 MiB: each part is under the per-part limit, together
    they are 100 GB of XML."""
    folder = tmp_path / "shared-part"
    shutil.copytree(GAPS, folder)

    def part(f):
        f.write(SHEET_HEAD.encode())
        spaces = b" " * (1 << 20)
        for _ in range(1000):
            f.write(spaces)
        f.write(b"</sheetData></worksheet>")
    names = [f"表{i}" for i in range(100)]
    ledger = folder / "网站" / "website-check-2021.xlsx"
    write_xlsx(ledger, names, {"xl/worksheets/sheet1.xml": part}, targets=["worksheets/sheet1.xml"] * 100)
    assert ledger.stat().st_size < 16 << 20
    out = check_text(folder)
    line = next((l for l in out.splitlines() if "website-check-2021.xlsx" in l and "解压" in l), "")
    assert "xl/worksheets/sheet1.xml" in line and "MB" in line, out
