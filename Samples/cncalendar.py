"""The official working-day calendar (Rules/calendars/cn.yaml) for the sample and benchmark generators."""
import datetime as dt
import os
import re

_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Rules", "calendars", "cn.yaml")


def _load():
    off, work, section = set(), set(), None
    for line in open(_FILE, encoding="utf-8"):
        s = line.strip()
        if s.startswith("holidays:"): section = off; continue
        if s.startswith("workdays:"): section = work; continue
        if s.startswith("notices:") or re.match(r"^\d{4}:$", s): section = None; continue
        m = re.match(r"^[^:]+: \[(.*)\]$", s)
        if section is not None and m:
            for part in m.group(1).split(", "):
                a, _, b = part.partition("..")
                a = dt.date.fromisoformat(a); b = dt.date.fromisoformat(b) if b else a
                while a <= b: section.add(a); a += dt.timedelta(days=1)
    return off, work


OFF, WORK = _load()


def is_working(d):
    return d in WORK or (d.weekday() < 5 and d not in OFF)


def add_wd(d, n):
    """The nth working day after d."""
    while n > 0:
        d += dt.timedelta(days=1)
        if is_working(d): n -= 1
    return d


def working_days(a, b):
    """Working days from a to b, both included."""
    out = []
    while a <= b:
        if is_working(a): out.append(a)
        a += dt.timedelta(days=1)
    return out
