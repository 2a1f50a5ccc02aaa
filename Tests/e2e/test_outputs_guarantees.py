"""The output guarantees of the README, line by line, on the built binary: the evidence folder is never written,
outputs are replaced atomically or written in place, several outputs appear together, interrupts leave nothing."""
import json, os, re, shutil, signal, stat, subprocess, threading, time
import openpyxl
from conftest import BIN, GAPS, ROOT, run, tree_digest


def copy_gaps(tmp_path, name="ev"):
    folder = tmp_path / name
    shutil.copytree(GAPS, folder)
    return folder


def device(tmp_path, name, minor):
    """A private copy of /dev/null (minor 3) or /dev/full (minor 7): were the code under test ever to replace its target,
    only this node would suffer, never the machine's (as root a rename would replace /dev/null itself)."""
    if os.geteuid() != 0:
        return "/dev/" + name
    path = tmp_path / name
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return str(path)


def leftovers(directory):
    return [n for n in os.listdir(directory) if ".tmp-" in n]


# The evidence folder is never written.

def test_every_output_inside_the_folder_is_refused_before_evaluation(tmp_path):
    folder = copy_gaps(tmp_path)
    (folder / "sub").mkdir()
    outside_link = tmp_path / "looks-outside.json"
    os.symlink(folder / "gongkai.yaml", outside_link)
    folder_link = tmp_path / "folder-link"
    os.symlink(folder, folder_link)
    before = tree_digest(folder)
    f = str(folder)
    attempts = [
        ["check", f, "-o", f + "/gongkai.yaml"],
        ["check", f, "--format", "json", "--format", "sarif", "--output-dir", f],
        ["check", f, "--format", "json", "--output-dir", f + "/sub"],
        ["check", f, "--xlsx", f + "/指定/report.xlsx"],
        ["check", f, "--cache-dir", f + "/cache"],
        ["check", f, "-o", str(outside_link)],                       # a symlink outside pointing in
        ["check", str(folder_link), "-o", f + "/x.txt"],              # the folder named through a symlink
        ["check", f, "-o", str(folder_link) + "/x.txt"],             # the output named through one
        ["due", f, "--ics", f + "/due.ics"],
        ["appendix", f, "-o", f + "/appendix.md"],
        ["appendix", f, "--format", "docx", "-o", f + "/appendix.docx"],
        ["stats", f, "--format", "csv", "-o", f + "/stats.csv"],
        ["stats", f, "--format", "xlsx", "-o", f + "/stats.xlsx"],
        ["rollup", f, GAPS, "--xlsx", f + "/rollup.xlsx"],
    ]
    for args in attempts:
        code, out, err = run(*args, "--as-of", "2021-02-05")
        assert code == 2, (args, err)
        assert "证据目录" in err and "之内" in err, (args, err)
        assert out == "", ("nothing is evaluated or printed", args, out)
        assert tree_digest(folder) == before, args
    assert not (folder / "cache").exists()


# Outputs: regular files replaced atomically, permissions kept; read-only refused unless --force.

def test_regular_file_is_replaced_by_rename_keeping_its_mode(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    inode = os.stat(target).st_ino
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "-o", str(target))
    assert code == 1, err
    assert json.loads(target.read_text(encoding="utf-8"))["plan"] == "zhaoqing-commerce-2020"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert os.stat(target).st_ino != inode, "a new file renamed over the old one, not rewritten in place"
    assert leftovers(tmp_path) == []


def test_read_only_target_needs_force_and_keeps_its_mode(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("keep me", encoding="utf-8")
    os.chmod(target, 0o444)
    code, out, err = run("check", GAPS, "--as-of", "2021-02-05", "-o", str(target))
    assert code == 2 and "只读" in err and "--force" in err and out == ""
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "-o", str(target), "--force")
    assert code == 1, err
    assert "结论" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o444


def test_symlink_is_followed_to_its_target(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    os.symlink(real, link)
    dangling = tmp_path / "dangling.md"
    os.symlink(tmp_path / "made-by-gongkai.md", dangling)
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "-o", str(link))
    assert code == 1, err
    assert os.path.islink(link) and json.loads(real.read_text(encoding="utf-8"))["tasks"]
    code, _, err = run("appendix", GAPS, "--as-of", "2021-02-05", "-o", str(dangling))
    assert code == 0, err
    assert os.path.islink(dangling) and (tmp_path / "made-by-gongkai.md").read_text(encoding="utf-8").startswith("#")


def test_devices_are_written_in_place_never_replaced(tmp_path):
    null, full = device(tmp_path, "null", 3), device(tmp_path, "full", 7)
    code, out, err = run("check", GAPS, "--as-of", "2021-02-05", "-o", null)
    assert code == 1 and out == "", err
    assert stat.S_ISCHR(os.stat(null).st_mode)
    code, out, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "-o", "/dev/stdout")
    assert code == 1 and json.loads(out)["asOf"] == "2021-02-05", err
    code, out, err = run("check", GAPS, "--as-of", "2021-02-05", "-o", full)
    assert code == 2 and full in err, err
    assert stat.S_ISCHR(os.stat(full).st_mode)
    code, out, err = run("stats", GAPS, "--as-of", "2021-02-05", "--format", "csv", "-o", "-")
    assert code == 0 and "（七）总计" in out, err


def test_fifo_target_is_written_in_place_and_a_fifo_without_reader_fails_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()))
    reader.start()
    time.sleep(0.2)
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "-o", str(fifo))
    reader.join(10)
    assert code == 1, err
    assert json.loads(received[0])["asOf"] == "2021-02-05"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    started = time.monotonic()
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "-o", str(fifo))
    assert code == 2 and time.monotonic() - started < 30, err


def test_two_options_naming_one_output_are_refused(tmp_path):
    same = tmp_path / "same"
    code, out, err = run("check", GAPS, "--as-of", "2021-02-05", "-o", str(same), "--xlsx", str(same))
    assert code == 2 and "同一个文件" in err and out == ""
    os.symlink(same, tmp_path / "alias")
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "-o", str(tmp_path / "alias"), "--xlsx", str(same))
    assert code == 2 and "同一个文件" in err
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "--output-dir", str(tmp_path), "--xlsx", str(tmp_path / "gongkai.json"))
    assert code == 2 and "同一个文件" in err
    assert not same.exists() and os.listdir(tmp_path) == ["alias"]


def test_unwritable_xlsx_fails_before_printing_anything():
    code, out, err = run("check", GAPS, "--as-of", "2021-02-05", "--xlsx", "/no/such/dir/x.xlsx")
    assert code == 2 and out == "" and "/no/such/dir" in err


def test_several_outputs_appear_together_or_not_at_all(tmp_path):
    xlsx = tmp_path / "w.xlsx"
    devices = tmp_path.parent / (tmp_path.name + "-dev")
    devices.mkdir()
    full = device(devices, "full", 7)
    # /dev/full fails only when written, after the workbook was staged: the workbook must not appear.
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "-o", full, "--xlsx", str(xlsx))
    assert code == 2, err
    assert not xlsx.exists() and leftovers(tmp_path) == []
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "--format", "junit", "--output-dir", str(tmp_path), "--xlsx", str(xlsx))
    assert code == 1, err
    assert sorted(os.listdir(tmp_path)) == ["gongkai.json", "gongkai.junit.xml", "w.xlsx"]
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "概览"


def blocked_run(tmp_path, xlsx):
    """A run stopped while writing its report into a FIFO nobody reads: the workbook is staged by then."""
    fifo = tmp_path / "slow-pipe"
    os.mkfifo(fifo)
    holder = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)   # a reader that never reads: the 79 KB report blocks
    p = subprocess.Popen([BIN, "check", GAPS, "--as-of", "2021-02-05", "--format", "json", "-o", str(fifo), "--xlsx", str(xlsx)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    staged = re.compile(r"^\.w\.xlsx\.tmp-%d-\d+$" % p.pid)
    deadline = time.monotonic() + 120
    # Blocked for sure once the workbook is staged under its final temporary name and nothing else is being written.
    while time.monotonic() < deadline and p.poll() is None:
        names = leftovers(tmp_path)
        if names and all(staged.match(n) for n in names):
            break
        time.sleep(0.05)
    time.sleep(0.3)
    return p, holder


def test_interrupt_removes_staged_files(tmp_path):
    for sig in (signal.SIGINT, signal.SIGTERM):
        xlsx = tmp_path / "w.xlsx"
        p, holder = blocked_run(tmp_path, xlsx)
        assert leftovers(tmp_path), "the workbook is staged while the report blocks"
        p.send_signal(sig)
        p.wait(30)
        os.close(holder)
        os.unlink(tmp_path / "slow-pipe")
        assert p.returncode == -sig
        assert leftovers(tmp_path) == [] and not xlsx.exists()


def test_a_crash_leaves_recognisable_files_the_next_run_removes(tmp_path):
    xlsx = tmp_path / "w.xlsx"
    p, holder = blocked_run(tmp_path, xlsx)
    p.kill()
    p.wait(30)
    os.close(holder)
    left = leftovers(tmp_path)
    assert left and all(n.startswith(".w.xlsx.tmp-%d-" % p.pid) for n in left)
    # A live process's staged file (this test's own pid) is left alone.
    live = tmp_path / (".other.json.tmp-%d-1" % os.getpid())
    live.write_text("in use", encoding="utf-8")
    code, _, err = run("check", GAPS, "--as-of", "2021-02-05", "--xlsx", str(xlsx), "-o", str(tmp_path / "r.txt"))
    assert code == 1, err
    assert leftovers(tmp_path) == [live.name] and xlsx.exists()


# The command line refuses what cannot work, before evaluating.

def test_combinations_that_cannot_work_are_refused_with_the_reason(tmp_path):
    cases = [
        (["check", GAPS, "--fail-on", "new"], "--baseline"),
        (["check", GAPS, "--format", "json", "--format", "sarif"], "--output-dir"),
        (["check", GAPS, "-o", str(tmp_path / "a"), "--output-dir", str(tmp_path)], "不能同时"),
        (["stats", GAPS, "--format", "xlsx"], "需要 -o"),
        (["appendix", GAPS, "--format", "docx"], "需要 -o"),
        (["due", GAPS, "--within", "-5"], "--within 应为 0 或正整数"),
        (["rollup", GAPS, "--time-limit", "0"], "--time-limit"),
    ]
    for args, reason in cases:
        code, out, err = run(*args, "--as-of", "2021-02-05")
        assert code == 2 and reason in err and out == "", (args, err)
    code, _, err = run("due", GAPS, "--within", "-5", "--lang", "en")
    assert code == 2 and "--within must be 0 or more" in err


def test_as_of_accepts_the_record_date_forms():
    for form in ("2021-02-05", "2021-2-5", "2021/2/5", "2021年2月5日"):
        code, out, err = run("check", GAPS, "--as-of", form, "--format", "json")
        assert code == 1 and json.loads(out)["asOf"] == "2021-02-05", (form, err)
    code, out, err = run("due", GAPS, "--as-of", "2021-13-5")
    assert code == 2 and "不是日期" in err and "2021年2月5日" in err and "2021/2/5" in err and out == ""


def test_the_gate_line_agrees_with_the_exit_code(tmp_path):
    baseline = tmp_path / "base.json"
    run("check", GAPS, "--as-of", "2021-02-05", "--format", "json", "-o", str(baseline))
    code, out, err = run("check", GAPS, "--as-of", "2021-02-05", "--baseline", str(baseline), "--fail-on", "new")
    assert code == 0, err
    assert "结论：不符合" in out
    assert "门禁（--fail-on new" in out and "新问题 0 个" in out and "通过（退出码 0）" in out
    code, out, _ = run("check", GAPS, "--as-of", "2020-06-01", "--fail-on", "pending")
    assert code == 1 and "门禁（--fail-on pending" in out and "未通过（退出码 1）" in out


# The plan stays inside the folder.

def test_plan_outside_the_folder_is_refused_unless_named_on_the_command_line(tmp_path):
    folder = copy_gaps(tmp_path)
    plan = open(os.path.join(ROOT, "Rules", "plans", "zhaoqing-commerce-2020.yaml"), encoding="utf-8").read()
    (tmp_path / "outside-plan.yaml").write_text(plan, encoding="utf-8")
    os.symlink(tmp_path / "outside-plan.yaml", folder / "linked-plan.yaml")
    for reference in ("../../../../../../etc/passwd", "/etc/passwd", "../outside-plan.yaml", "linked-plan.yaml"):
        (folder / "gongkai.yaml").write_text(f"plan: {reference}\nagency: 肇庆市商务局\n", encoding="utf-8")
        code, out, err = run("check", str(folder), "--as-of", "2021-02-05")
        assert code == 2 and "在证据目录之外" in err and "--plan-file" in err and out == "", (reference, err)
        assert "root:" not in err
    code, out, err = run("check", str(folder), "--as-of", "2021-02-05", "--plan-file", str(tmp_path / "outside-plan.yaml"), "--format", "json")
    assert code == 1 and json.loads(out)["plan"] == "zhaoqing-commerce-2020", err
    (folder / "plans").mkdir()
    (folder / "plans" / "inside.yaml").write_text(plan, encoding="utf-8")
    (folder / "gongkai.yaml").write_text("plan: plans/../plans/inside.yaml\n", encoding="utf-8")
    code, out, err = run("check", str(folder), "--as-of", "2021-02-05", "--format", "json")
    assert code == 1 and json.loads(out)["plan"] == "zhaoqing-commerce-2020", err


# Waivers: future approvals, duplicates, unknown keys and non-regular files are errors.

WAIVER = """- task: 32
  reason: 年度报告因系统故障延迟两日发布
  approved_by: 局政务公开领导小组
  approved_on: {approved}
  expires: 2021-06-30
"""


def test_waivers_approved_later_duplicated_or_with_unknown_keys_stop_the_run(tmp_path):
    folder = copy_gaps(tmp_path)
    cases = {
        WAIVER.format(approved="2021-03-01"): "晚于检查日",
        WAIVER.format(approved="2021-02-04") * 2: "重复",
        WAIVER.format(approved="2021-02-04") + "  approved_by_mayor: 是\n": "未知的键 'approved_by_mayor'",
    }
    for text, reason in cases.items():
        (folder / "waivers.yaml").write_text(text, encoding="utf-8")
        code, out, err = run("check", str(folder), "--as-of", "2021-02-05")
        assert code == 2 and reason in err and "waivers.yaml:" in err and out == "", (reason, err)
        code, out, _ = run("waivers", "lint", str(folder), "--as-of", "2021-02-05")
        assert code == 2 and reason in out
    (folder / "waivers.yaml").write_text(WAIVER.format(approved="2021-02-04"), encoding="utf-8")
    code, out, err = run("check", str(folder), "--as-of", "2021-02-05", "--format", "json")
    assert code == 1 and next(t for t in json.loads(out)["tasks"] if t["no"] == 32)["status"] == "waived", err


def test_a_fifo_waivers_file_is_exit_2_without_waiting(tmp_path):
    folder = copy_gaps(tmp_path)
    os.mkfifo(folder / "waivers.yaml")
    started = time.monotonic()
    code, _, err = run("check", str(folder), "--as-of", "2021-02-05")
    assert code == 2 and "不是普通文件" in err and time.monotonic() - started < 60, err
    code, out, _ = run("waivers", "lint", str(folder), "--as-of", "2021-02-05")
    assert code == 2 and "不是普通文件" in out
