#!/usr/bin/env python3
"""`make bench`: medians of repeated runs on the same synthetic data, against the C floor, the read floor and
the Python peer; writes Reports/bench.md. The machine is shared and noisy: read the ratios, not the seconds.

    python3 Benchmarks/bench.py [--runs 5] [--requests 100000] [--records 20000] [--attachments-mb 64] [--agencies 8]
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "gongkai")
DATA = os.path.join(ROOT, "bench-data")
AS_OF = "2021-02-01"


def measure(cmd, env=None, stdout=subprocess.DEVNULL):
    """(seconds, peak RSS in MB, stderr) of one run."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    err = p.stderr.read().decode()
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({code}): {err}")
    return elapsed, usage.ru_maxrss / 1024, err


def median_of(runs, cmd, env=None):
    results = [measure(cmd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), [r[2] for r in results]


def rounds(runs, cmds, env=None):
    """Each command once per round, in turn, for `runs` rounds: on a shared host whose speed drifts by half within
    minutes, commands compared with each other see the same moments. Per command, its runs' (seconds, MB, stderr)."""
    results = [[] for _ in cmds]
    for _ in range(runs):
        for i, c in enumerate(cmds):
            results[i].append(measure(c, env))
    return results


def paired(a, b):
    """The median of the rounds' ratios a/b (seconds), which a drift between rounds leaves alone."""
    return statistics.median(x[0] / y[0] for x, y in zip(a, b))


def phase(stderr_runs, name):
    values = [float(m.group(1)) for e in stderr_runs for m in [re.search(rf"^{name} ([0-9.]+) s$", e, re.M)] if m]
    return statistics.median(values) if values else float("nan")


def generate(out, requests, records, attachments_mb, agencies=1):
    if os.path.exists(os.path.join(out, "agency-000", "gongkai.yaml")):
        return
    subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate.py"), "--out", out, "--agencies", str(agencies),
                    "--requests", str(requests), "--records", str(records), "--attachments-mb", str(attachments_mb)], check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--requests", type=int, default=100000)
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--attachments-mb", type=int, default=64)
    ap.add_argument("--agencies", type=int, default=8)
    a = ap.parse_args()
    rows, lines = [], []

    def row(what, seconds, mb, note=""):
        rows.append((what, seconds, mb, note))
        print(f"{what:58s} {seconds:8.3f} s {mb:8.0f} MB  {note}", flush=True)

    # The 1× agency with its attachments, and the scales without any (so growth is the records' alone).
    generate(os.path.join(DATA, "x1"), a.requests, a.records, a.attachments_mb)
    scales = {1: os.path.join(DATA, "x1-plain"), 2: os.path.join(DATA, "x2"), 4: os.path.join(DATA, "x4")}
    for k, out in scales.items():
        generate(out, a.requests * k, a.records * k, 0)
    one = os.path.join(DATA, "x1", "agency-000")
    tmp = tempfile.mkdtemp(prefix="gongkai-bench-")
    check = [BIN, "check", one, "--as-of", AS_OF, "--format", "json", "--output", os.path.join(tmp, "r.json")]

    # 1. load + evaluate + JSON, at 1×, 2×, 4× (the 4× folders have no attachments, so they are compared with a 1× run without them).
    t1, m1, _ = median_of(a.runs, check)
    row(f"check --format json (1×: {a.requests} rows, {a.records} records, {a.attachments_mb} MB attachments)", t1, m1, "target < 1 s, < 300 MB")
    # The scales in rounds, each growth the median of the rounds' ratios to the 1× run.
    scaled = rounds(a.runs, [[BIN, "check", os.path.join(out, "agency-000"), "--as-of", AS_OF, "--format", "json", "--output", os.devnull]
                             for out in scales.values()])
    for k, runs in zip(scales, scaled):
        t, m = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
        if k > 1:
            row(f"check --format json ({k}×, no attachments)", t, m,
                f"{paired(runs, scaled[0]):.2f}× time, {m / max(r[1] for r in scaled[0]):.2f}× memory of 1× (target ≤ {k * 1.1:.1f}×)")
        else:
            row("check --format json (1×, no attachments)", t, m)

    # 1b. loading against the parse-only Python peer (csv.DictReader + CSafeLoader), and the ledger as .xlsx: the
    # three in rounds, each ratio the median of the rounds' ratios.
    as_xlsx = os.path.join(tmp, "agency-xlsx")
    subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "ledger_xlsx.py"), one, as_xlsx], check=True)
    peer = [sys.executable, os.path.join(ROOT, "Benchmarks", "parse_peer.py"), one]
    xcheck = [BIN, "check", as_xlsx, "--as-of", AS_OF, "--format", "json", "--output", os.path.join(tmp, "rx.json")]
    rc, rp, rx = rounds(a.runs, [check, peer, xcheck])
    tc1, mc1 = statistics.median(r[0] for r in rc), max(r[1] for r in rc)
    tpp, mpp = statistics.median(r[0] for r in rp), max(r[1] for r in rp)
    tx1, mx1 = statistics.median(r[0] for r in rx), max(r[1] for r in rx)
    row("check --format json, 1×, in rounds with the two below", tc1, mc1)
    row("Python parse-only peer (csv.DictReader + PyYAML CSafeLoader), 1×", tpp, mpp,
        f"check is {paired(rc, rp):.2f}× its wall time (median of the rounds' ratios; target ≤ 0.25×)")
    row("check --format json, 1× with the request ledger as .xlsx", tx1, mx1,
        f"{paired(rx, rc):.2f}× the CSV run's time (median of the rounds' ratios; target ≤ 2×), {mx1 / mc1:.2f}× its memory (target ≤ 1.5×)")

    # 2. the workbook, against the C floor writing the same cells.
    # In rounds with the C floor: each round one --xlsx run and one run of the floor.
    xlsx = check + ["--xlsx", os.path.join(tmp, "w.xlsx")]
    cells = os.path.join(tmp, "cells.tsv")
    measure(xlsx + ["--xlsx-cell-dump", cells])
    cfloor = os.path.join(tmp, "cfloor")
    subprocess.run(f"cc -O2 -o {cfloor} {os.path.join(ROOT, 'Benchmarks', 'cfloor.c')} $(pkg-config --cflags --libs xlsxwriter)", shell=True, check=True)
    runs, parts, writes = [], [], []
    for _ in range(a.runs):
        runs.append(measure(xlsx, {"GONGKAI_TIMING": "1"}))
        parts.append(phase([runs[-1][2]], "workbook"))
        out = subprocess.run([cfloor, cells, os.path.join(tmp, "c.xlsx"), "1"], capture_output=True, text=True, check=True).stdout
        writes.append(float(out))
    tx, mx = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
    workbook, cwrite = statistics.median(parts), statistics.median(writes)
    row("check --xlsx (end to end)", tx, mx)
    row("  of which writing the workbook", workbook, 0)
    ncells = sum(1 for _ in open(cells, encoding="utf-8"))
    floor_ratio = statistics.median(p / w for p, w in zip(parts, writes))
    row(f"C floor: libxlsxwriter writing the same {ncells} cells", cwrite, 0,
        f"gongkai's workbook part = {floor_ratio:.2f}× the floor (median of the rounds' ratios; target ≤ 1.2×)")

    # 3. the read floor: every evidence byte read, and hashed by sha256sum.
    files = [os.path.join(b, f) for b, _, fs in os.walk(one) for f in fs]
    tc, _, _ = median_of(a.runs, ["sh", "-c", 'cat "$@" > /dev/null', "cat"] + files)
    ts, _, _ = median_of(a.runs, ["sha256sum"] + files)
    row("read floor: cat every evidence file > /dev/null", tc, 0, f"check is {t1 / tc:.1f}× reading; the .xlsx run {tx1 / tc:.1f}×")
    row("read floor: sha256sum every evidence file", ts, 0, f"check is {t1 / ts:.1f}× hashing")
    cache = os.path.join(tmp, "cache")
    measure(check + ["--cache-dir", cache])
    tcache, _, _ = median_of(a.runs, check + ["--cache-dir", cache])
    row("check --format json, second run with --cache-dir (attachments not rehashed)", tcache, 0, f"{tcache / t1:.2f}× the first")

    # Attachments alone: hashing against sha256sum, and a second run with the digest cache.
    scans = os.path.join(DATA, "attachments")
    if not os.path.exists(os.path.join(scans, "agency-000", "gongkai.yaml")):
        generate(scans, 0, 256, 256)
    scan_files = [os.path.join(b, f) for b, _, fs in os.walk(os.path.join(scans, "agency-000")) for f in fs]
    tsum, _, _ = median_of(a.runs, ["sha256sum"] + scan_files)
    scan_check = [BIN, "check", os.path.join(scans, "agency-000"), "--as-of", AS_OF, "--format", "json", "--output", os.devnull]
    tscan, _, _ = median_of(a.runs, scan_check)
    row("sha256sum of 256 MB of attachments", tsum, 0)
    row("check on a folder of 256 MB of attachments (hashing every one)", tscan, 0, f"{tscan / tsum:.2f}× sha256sum")
    scan_cache = os.path.join(tmp, "scan-cache")
    measure(scan_check + ["--cache-dir", scan_cache])
    tscan2, _, _ = median_of(a.runs, scan_check + ["--cache-dir", scan_cache])
    row("  the same, second run with --cache-dir", tscan2, 0, f"{tscan2 / tscan:.2f}× the first run")

    # 4. the peer: PyYAML + csv + XlsxWriter, as an office's IT person would write it.
    tp, mp, _ = median_of(max(1, a.runs // 2), [sys.executable, os.path.join(ROOT, "Benchmarks", "peer.py"), one, os.path.join(tmp, "p.xlsx")])
    row("Python peer (PyYAML + csv + XlsxWriter), same folder, workbook", tp, mp, f"gongkai --xlsx is {tp / tx:.1f}× faster (target ≥ 5×)")

    # 5. the annual report and the rollup.
    ta, ma, _ = median_of(a.runs, [BIN, "appendix", one, "--as-of", AS_OF, "--output", os.path.join(tmp, "a.md")])
    row("appendix (md)", ta, ma)
    ts2, ms2, _ = median_of(a.runs, [BIN, "stats", one, "--as-of", AS_OF, "--output", os.path.join(tmp, "s.md")])
    row("stats (md)", ts2, ms2)
    fleet = os.path.join(DATA, f"fleet-{a.agencies}")
    generate(fleet, a.requests // 10, a.records // 10, 0, agencies=a.agencies)
    agencies = sorted(os.path.join(fleet, d) for d in os.listdir(fleet))
    tr, mr, _ = median_of(a.runs, [BIN, "rollup", *agencies, "--as-of", AS_OF, "--format", "json", "--xlsx", os.path.join(tmp, "rollup.xlsx")])
    row(f"rollup of {a.agencies} agencies ({a.requests // 10} rows, {a.records // 10} records each) with --xlsx", tr, mr)

    # 6. a new office's start: the plan's folders and the fill-in workbook, into a fresh folder each run.
    fresh = os.path.join(tmp, "init")
    ti, mi, _ = median_of(a.runs, ["sh", "-c", 'rm -rf "$1" && exec "$2" init "$1" --workbook', "init", fresh, BIN])
    row("init --workbook (the plan's folders and 证据台账.xlsx)", ti, mi, "target < 1 s")

    report = ["# gongkai benchmarks", "", f"`make bench` on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}; median of {a.runs} runs (peer: {max(1, a.runs // 2)}); "
              "peak memory is the largest of the runs. The machine is shared: compare ratios.", "",
              "| what | median | peak memory | against the floor or target |", "|---|---:|---:|---|"]
    for what, s, mb, note in rows:
        report.append(f"| {what} | {s:.3f} s | {'' if mb == 0 else f'{mb:.0f} MB'} | {note} |")
    os.makedirs(os.path.join(ROOT, "Reports"), exist_ok=True)
    open(os.path.join(ROOT, "Reports", "bench.md"), "w", encoding="utf-8").write("\n".join(report) + "\n")
    shutil.rmtree(tmp, ignore_errors=True)
    print("wrote Reports/bench.md")


if __name__ == "__main__":
    main()
