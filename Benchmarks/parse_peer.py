#!/usr/bin/env python3
"""The parse-only peer: what any Python tool must do before checking anything — read every ledger with
csv.DictReader and every record file with PyYAML's libyaml CSafeLoader. Usage: parse_peer.py FOLDER"""
import csv, glob, os, sys
import yaml

folder = sys.argv[1]
rows = 0
for path in sorted(glob.glob(os.path.join(folder, "**", "*"), recursive=True)):
    if path.endswith((".yaml", ".yml")):
        data = yaml.load(open(path, encoding="utf-8"), Loader=yaml.CSafeLoader) or []
        rows += len(data) if isinstance(data, list) else 1
    elif path.endswith(".csv"):
        with open(path, encoding="utf-8", newline="") as f:
            rows += sum(1 for _ in csv.DictReader(f))
print(rows)
