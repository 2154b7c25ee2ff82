#!/usr/bin/env python3
"""Prints the per-request table of a Gatling HTML report (index.html) as Markdown.

Usage: bench/summary.py <gatling report dir>
Columns come from Gatling's own statistics table: count, failed (KO), Cnt/s (count divided by the
whole simulation's length), 50th/95th/99th percentile and max response time in ms.
"""
import html
import re
import sys

path = sys.argv[1].rstrip("/") + "/index.html"
text = open(path, encoding="utf-8").read()
rows = []
for m in re.finditer(r'<tr id="(req_[^"]+|ROOT)"[^>]*>(.*?)</tr>', text, re.S):
    body = m.group(2)
    name = re.search(r'class="ellipsed-name">([^<]*)<', body)
    name = html.unescape(name.group(1)) if name else "All requests"
    cols = dict(re.findall(r'class="value [a-z ]*col-(\d+)">([^<]*)<', body))
    rows.append((name, cols))
print("| request kind | count | KO | req/s | p50 ms | p95 ms | p99 ms | max ms |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
order = lambda r: (0 if r[0].startswith("baseline") else 2 if r[0].lower() == "all requests" else 1)
for name, c in sorted(rows, key=order):
    print(f"| {name} | {c.get('2')} | {c.get('4')} | {c.get('6')} | {c.get('8')} | {c.get('10')} | {c.get('11')} | {c.get('12')} |")
