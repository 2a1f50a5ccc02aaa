#!/usr/bin/env python3
"""A copy of a benchmark agency whose request ledger is an Excel workbook instead of CSV (XlsxWriter, constant
memory: inline strings and date cells, as Excel writes them). Usage: ledger_xlsx.py AGENCY OUT"""
import csv, datetime as dt, os, shutil, sys
import xlsxwriter

src, out = sys.argv[1], sys.argv[2]
if os.path.exists(out):
    shutil.rmtree(out)
shutil.copytree(src, out)
ledger = os.path.join(out, "disclosure-request.csv")
wb = xlsxwriter.Workbook(os.path.join(out, "disclosure-request.xlsx"), {"constant_memory": True})
date = wb.add_format({"num_format": "yyyy-mm-dd"})
ws = wb.add_worksheet("依申请公开登记台账")
with open(ledger, encoding="utf-8") as f:
    rows = csv.reader(f)
    header = next(rows)
    for c, h in enumerate(header):
        ws.write_string(0, c, h)
    dates = {i for i, h in enumerate(header) if h.endswith("_on")}
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            if c in dates and v:
                ws.write_datetime(r, c, dt.datetime.strptime(v, "%Y-%m-%d"), date)
            elif v:
                ws.write_string(r, c, v)
wb.close()
os.remove(ledger)
