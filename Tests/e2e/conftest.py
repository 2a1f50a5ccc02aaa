import hashlib, json, os, subprocess, tempfile
import pytest

# The user's imported holiday notices live under XDG_CONFIG_HOME (gongkai calendar import): every run of the tests
# gets an empty one of its own, so a developer's imported notices never change a result.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="gongkai-xdg-")

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, ".build", "debug", "gongkai")
COMPLETE = os.path.join(ROOT, "Samples", "zhaoqing-2020-complete")
GAPS = os.path.join(ROOT, "Samples", "zhaoqing-2020-gaps")


def run(*args, cwd=None):
    """Runs the built binary; returns (exit code, stdout, stderr)."""
    # A fixed locale: the command line's own language follows LANG (en* means English help and usage errors).
    env = dict(os.environ, LC_ALL="C.UTF-8")
    p = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=300, env=env)
    return p.returncode, p.stdout, p.stderr


def tree_digest(folder):
    h = hashlib.sha256()
    for base, dirs, files in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(files):
            p = os.path.join(base, name)
            h.update(os.path.relpath(p, folder).encode())
            h.update(open(p, "rb").read())
            h.update(str(os.stat(p).st_mtime_ns).encode())
    return h.hexdigest()


@pytest.fixture(scope="session")
def gaps_json():
    code, out, err = run("check", GAPS, "--as-of", "2021-02-05", "--format", "json")
    assert code == 1, err
    return json.loads(out)


@pytest.fixture(scope="session")
def complete_json():
    code, out, err = run("check", COMPLETE, "--as-of", "2021-02-01", "--format", "json")
    assert code == 0, err + out
    return json.loads(out)
