#!/usr/bin/env python3
"""The peer: the straightforward script an office's IT person would write instead of gongkai.
PyYAML + csv + XlsxWriter: load the folder, hash the attachments, count linked evidence per task, write the
workbook (tasks, evidence). Usage: peer.py FOLDER OUT.xlsx"""
import csv, glob, hashlib, os, sys
import xlsxwriter, yaml

folder, out = sys.argv[1], sys.argv[2]
config = yaml.safe_load(open(os.path.join(folder, "gongkai.yaml"), encoding="utf-8"))
here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
plan = yaml.safe_load(open(os.path.join(here, "Rules", "plans", config["plan"] + ".yaml"), encoding="utf-8"))
tasks = [t for s in plan["sections"] for i in s["items"] for t in i["tasks"]]
records = []
for path in sorted(glob.glob(os.path.join(folder, "**", "*"), recursive=True)):
    rel = os.path.relpath(path, folder)
    if rel in ("gongkai.yaml", "waivers.yaml") or os.path.isdir(path):
        continue
    if path.endswith((".yaml", ".yml")):
        data = yaml.safe_load(open(path, encoding="utf-8")) or []
        for r in data if isinstance(data, list) else [data]:
            r["_file"] = rel
            records.append(r)
    elif path.endswith(".csv"):
        with open(path, encoding="utf-8") as f:
            kind = os.path.splitext(os.path.basename(path))[0]
            for n, row in enumerate(csv.DictReader(f), 2):
                row.setdefault("type", kind); row["_file"] = f"{rel}:{n}"
                row.pop("applicant_name", None); row.pop("applicant_phone", None); row.pop("applicant_id_no", None)
                records.append(row)
hashes = {}
for r in records:
    for a in r.get("attachments") or []:
        p = a["path"] if isinstance(a, dict) else a
        if p not in hashes:
            h = hashlib.sha256()
            with open(os.path.join(folder, p), "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""): h.update(chunk)
            hashes[p] = h.hexdigest()
linked = {}
for r in records:
    for t in r.get("tasks") or []:
        linked.setdefault(t, []).append(r)
wb = xlsxwriter.Workbook(out, {"constant_memory": True})
wrap = wb.add_format({"text_wrap": True, "border": 1})
ws = wb.add_worksheet("任务")
for c, h in enumerate(["序号", "具体要求", "责任", "状态", "证据"]): ws.write(0, c, h, wrap)
for i, t in enumerate(tasks, 1):
    no = t.get("no", t.get(False))
    ev = linked.get(no, [])
    ws.write(i, 0, no, wrap); ws.write(i, 1, t["requirement"], wrap); ws.write(i, 2, t["responsibility"], wrap)
    ws.write(i, 3, "通过" if ev else "未通过", wrap); ws.write(i, 4, ", ".join(str(r.get("id", "")) for r in ev[:50]), wrap)
ws = wb.add_worksheet("证据")
for c, h in enumerate(["编号", "类型", "日期", "部门", "任务", "位置", "标题", "附件", "SHA-256"]): ws.write(0, c, h, wrap)
for i, r in enumerate(records, 1):
    att = r.get("attachments") or []
    first = (att[0]["path"] if isinstance(att[0], dict) else att[0]) if att else ""
    values = [str(r.get("id") or r["_file"]), r.get("type", ""), str(r.get("date") or r.get("published_on") or r.get("received_on") or ""),
              r.get("department") or "", ",".join(map(str, r.get("tasks") or [])), r["_file"], str(r.get("title") or r.get("request_no") or ""), first, hashes.get(first, "")]
    for c, v in enumerate(values): ws.write_string(i, c, v, wrap)
wb.close()
