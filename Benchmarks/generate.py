#!/usr/bin/env python3
"""Deterministic synthetic evidence for benchmarks: N agencies' folders for the 2020 plan.

Each folder has records of every type (linked to tasks, from their lead departments, so the checks pass), a
request ledger of R rows (with applicants' personal data, as real ledgers have), a patrol every working day,
K YAML records in files of 1,000, and attachments of a given total size cited by records.

    python3 Benchmarks/generate.py --out bench-data --agencies 1 --requests 100000 --records 20000 --attachments-mb 64

`--report-chars 3000 --copied-reports 10` gives each annual report 3,000 characters of prose of its own, the last 10
agencies' a copy of the first's (rollup --rubric's comparison of departments' reports, README "雷同").
"""
import argparse, csv, datetime as dt, hashlib, os, random, re, shutil, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Samples"))
from cncalendar import is_working  # noqa: E402
D = dt.date


def plan_tasks():
    """(task number, owner department) from the built-in plan, without a YAML library."""
    tasks, no = [], None
    for line in open(os.path.join(ROOT, "Rules/plans/zhaoqing-commerce-2020.yaml"), encoding="utf-8"):
        m = re.match(r"^\s+- no: (\d+)$", line)
        if m: no = int(m.group(1)); continue
        m = re.match(r"^\s+(lead|responsible): \[([^\]]*)\]$", line)
        if m and no is not None:
            tasks.append((no, m.group(2).split(", ")[0])); no = None
    return tasks


def report_prose(index, args):
    """--report-chars of prose for the annual report, in paragraphs of 200 (random characters of the CJK block: two
    agencies share nothing); with --copied-reports K, the last K agencies' reports are agency 0's (雷同 in a roll-up)."""
    if args.report_chars <= 0: return ""
    source = 0 if index >= args.agencies - args.copied_reports else index
    rng = random.Random(args.seed * 7919 + source)
    text = "".join(chr(0x4E00 + rng.randrange(0x5000)) for _ in range(args.report_chars))
    return "".join(text[i:i + 200] + "。\n" for i in range(0, len(text), 200))


def agency(out, index, args):
    rng = random.Random(args.seed * 1000 + index)
    root = os.path.join(out, f"agency-{index:03d}")
    os.makedirs(root)
    open(os.path.join(root, "gongkai.yaml"), "w", encoding="utf-8").write(
        f"plan: zhaoqing-commerce-2020\nagency: 合成单位{index:03d}\nyear: 2020\n")
    days = [D(2020, 1, 1) + dt.timedelta(days=i) for i in range(366)]
    wdays = [d for d in days if is_working(d)]
    # Attachments of the given total size, 1 MiB each.
    attachments = []
    os.makedirs(os.path.join(root, "附件"), exist_ok=True)
    for i in range(args.attachments_mb):
        data = rng.randbytes(1 << 20)
        rel = f"附件/scan-{i:04d}.pdf"
        open(os.path.join(root, rel), "wb").write(data)
        attachments.append((rel, hashlib.sha256(data).hexdigest()))
    with open(os.path.join(root, "designations.yaml"), "w", encoding="utf-8") as f:
        f.write("- {id: leader, type: leader-designation, department: 办公室, person: 某某, position: 副局长, from: 2019-01-01, filed_with: 市政务公开办, filed_on: 2019-01-10}\n")
        f.write("- {id: office, type: office-designation, department: 办公室, office: 办公室, staff: 3, from: 2019-01-01}\n")
        f.write(f"- {{id: report, type: annual-report, department: 办公室, year: 2020, published_on: 2021-01-20, file: report.txt, attachments: [report.txt]}}\n")
    open(os.path.join(root, "report.txt"), "w", encoding="utf-8").write("本单位落实2020年政务公开工作要点的情况如下。\n" + report_prose(index, args))
    with open(os.path.join(root, "website-check.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "date", "kind", "site", "department"])
        for d in wdays: w.writerow([f"patrol-{d}", d, "patrol", "网站", "办公室"])
        for q, d in enumerate([D(2020, 3, 20), D(2020, 6, 19), D(2020, 9, 18), D(2020, 12, 18)]): w.writerow([f"q{q}", d, "quarterly", "网站", "办公室"])
        w.writerow(["annual", D(2020, 12, 25), "annual", "网站", "办公室"])
    with open(os.path.join(root, "normative-document.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["doc_no", "title", "issued_on", "gazette_submitted_on", "department"])
        for i in range(50):
            d = rng.choice(wdays[:-10])
            w.writerow([f"规〔2020〕{i + 1}号", f"规范性文件{i + 1}", d, wdays[wdays.index(d) + rng.randint(1, 4)], "综合科"])
    with open(os.path.join(root, "disclosure-request.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["request_no", "received_on", "applicant_type", "applicant_name", "applicant_phone", "applicant_id_no", "answered_on", "outcome", "public_health"])
        types = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
        outcomes = ["予以公开", "部分公开", "不予公开-保护第三方合法权益", "无法提供-本机关不掌握相关政府信息", "不予处理-重复申请", "其他处理"]
        for i in range(args.requests):
            k = rng.randrange(len(wdays) - 25)
            w.writerow([f"R{i}", wdays[k], rng.choice(types), f"申请人{i}", f"139{i:08d}", f"44{i:016d}", wdays[k + rng.randint(1, 19)],
                        rng.choice(outcomes), "是" if i % 10 == 0 else "否"])
    tasks = plan_tasks()
    kinds = [("publication", "title: 公开信息{i}, published_on: {d}, channel: 网站"), ("policy-interpretation", "document: 文件{i}, published_on: {d}, form: 图解"),
             ("training", "topic: 培训{i}, attendees: 20, date: {d}"), ("work-record", "title: 工作{i}, date: {d}"),
             ("public-consultation", "topic: 征求意见{i}, start_on: {d}")]
    os.makedirs(os.path.join(root, "records"), exist_ok=True)
    for start in range(0, args.records, 1000):
        with open(os.path.join(root, "records", f"records-{start // 1000:04d}.yaml"), "w", encoding="utf-8") as f:
            for i in range(start, min(start + 1000, args.records)):
                no, dept = tasks[i % len(tasks)]
                kind, fields = kinds[i % len(kinds)]
                line = f"- {{id: r{i}, type: {kind}, department: {dept}, tasks: [{no}], " + fields.format(i=i, d=rng.choice(days))
                if attachments and i < len(attachments):
                    line += f", attachments: [{{path: {attachments[i][0]}, sha256: {attachments[i][1]}}}]"
                f.write(line + "}\n")
        # The each-responsible task (10) and the security checks, so the plan passes.
    with open(os.path.join(root, "records", "extra.yaml"), "w", encoding="utf-8") as f:
        for j, dept in enumerate(["审批科", "综合科", "促进科", "资管科", "市场科", "服贸科", "机电科", "电商科", "口岸科"]):
            f.write(f"- {{id: t10-{j}, type: training, department: {dept}, tasks: [10], topic: 政策培训, attendees: 9, date: 2020-06-10}}\n")
        for q, d in enumerate(["2020-03-25", "2020-06-24", "2020-09-23", "2020-12-22"]):
            f.write(f"- {{id: sec-{q}, type: security-check, department: 办公室, site: 网站, result: 正常, date: {d}}}\n")
        for i in range(6):
            f.write(f"- {{id: i6-{i}, type: policy-interpretation, department: 办公室, tasks: [6, 7], document: 解读{i}, published_on: 2020-0{i + 1}-15, form: 图解}}\n")
        f.write("- {id: list4, type: publication, department: 综合科, tasks: [4], title: 现行有效规范性文件目录, published_on: 2020-11-20, channel: 网站}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-data"))
    ap.add_argument("--agencies", type=int, default=1)
    ap.add_argument("--requests", type=int, default=100000)
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--attachments-mb", type=int, default=0)
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--report-chars", type=int, default=0, help="prose in each annual report (0: the one-line stub)")
    ap.add_argument("--copied-reports", type=int, default=0, help="the last K agencies' reports copy agency 0's")
    args = ap.parse_args()
    if os.path.exists(args.out): shutil.rmtree(args.out)
    os.makedirs(args.out)
    for i in range(args.agencies): agency(args.out, i, args)
    print(f"wrote {args.agencies} agencies to {args.out}")


if __name__ == "__main__":
    main()
