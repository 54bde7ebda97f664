#!/usr/bin/env python3
"""Rebuilds PIT's per-mutant results from a log written with -Dverbosity=VERBOSE_NO_SPINNER.

PIT writes its XML/CSV reports only when a run ends; this script turns the verbose log of a run
that was stopped early into the same kind of CSV (class,method,line,mutator,description,status,
killing test). A mutant whose minion timed out is TIMED_OUT, as in PIT's own report.
Usage: parse-pit-log.py LOG > mutations.csv
"""
import csv
import re
import sys

RUN = re.compile(r"Running mutation MutationDetails \[id=(MutationIdentifier \[location=Location \[clazz=([^,]+), "
                 r"method=([^,]+), methodDesc=[^\]]*\], indexes=\[[^\]]*\], mutator=([^\]]+)\]), filename=[^,]+, "
                 r"block=\[[^\]]*\], lineNumber=(\d+), description=(.*?), testsInOrder=")
RESULT = re.compile(r"PIT >> FINE : (MutationIdentifier \[location=Location \[[^\]]*\], indexes=\[[^\]]*\], "
                    r"mutator=[^\]]+\]) ([A-Z_]+)(?: by \[(.*)\])?")
UNFINISHED = re.compile(r"Setting \d+ unfinished runs to ([A-Z_]+) state")

details, status, order, current = {}, {}, [], None
for line in open(sys.argv[1], errors="replace"):
    m = RUN.search(line)
    if m:
        key = m.group(1)
        if key not in details:
            order.append(key)
        details[key] = (m.group(2), m.group(3), int(m.group(5)), m.group(4).rsplit(".", 1)[-1], m.group(6))
        current = key
        continue
    m = RESULT.search(line)
    if m and "stderr" not in line:
        killer = m.group(3) or ""
        killer = re.sub(r".*\[nested-class:([^\]]+)\]/\[(?:method|test-template):([^\]()]+).*", r"\1#\2", killer)
        status[m.group(1)] = (m.group(2), killer)
        continue
    m = UNFINISHED.search(line)
    if m and current is not None and current not in status:
        status[current] = (m.group(1), "")

out = csv.writer(sys.stdout)
out.writerow(["class", "method", "line", "mutator", "description", "status", "killing_test"])
for key in order:
    if key in status:
        c, meth, ln, mut, desc = details[key]
        out.writerow([c.rsplit(".", 1)[-1], meth, ln, mut, desc, *status[key]])
