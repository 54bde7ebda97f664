#!/usr/bin/env python3
"""Mutation score of the TCK per implementation, from the PIT CSVs and survivor-verdicts.csv.

Each class (outer class, `$Inner` stripped) is counted from the latest measurement that holds it
(MEASUREMENTS below, oldest first). Every undetected mutant (SURVIVED, NO_COVERAGE) of those must
have exactly one row in survivor-verdicts.csv, matched on impl, measurement, class, line and
mutator with multiplicity; the script exits non-zero naming the mutant or row otherwise.
Child-JVM-only classes are counted on their own line, outside the score.

Usage (from the repository root or from tck/mutation): python3 tck/mutation/score.py
"""
import collections
import csv
import os
import sys

# Measurements, oldest first: <impl>-<suffix>. A new measurement is one line at the end.
MEASUREMENTS = [
    "mutations.csv",               # 1st: coordinators
    "threads-mutations.csv",       # 2nd: threads
    "terminator-mutations.csv",    # 2nd: terminators
    "loops-mutations.csv",         # 3rd: loops
    "completion-mutations.csv",    # 4th: completions and reporters
    "loop-futures-mutations.csv",  # 5th: reference loop futures and contexts
    "rest-mutations.csv",          # 6th (reference) and 7th (executor): remaining classes
    "eighth-mutations.csv",        # 8th: executor classes not reached before (PIT's own mutations.csv)
    "ninth-mutations.csv",         # 9th: reference classes not reached before (PIT's own mutations.csv)
    "tenth-mutations.csv",         # 10th: the executor's Reporter and ListenerBroadcast, the reference's Terminator, complete
    "eleventh-mutations.csv",      # 11th: the executor's Terminator, complete; the reference's ReferenceCoordinator
    "twelfth-mutations.csv",       # 12th: the executor's ExecutorCoordinator, complete
]
CHILD_JVM_ONLY = "child-jvm-only-mutations.csv"
IMPLS = ["reference", "executor"]
VERDICTS_FILE = "survivor-verdicts.csv"
VERDICTS = ["killed-now", "child-jvm", "equivalent", "no-clause", "open"]
DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}
UNDETECTED = {"SURVIVED", "NO_COVERAGE"}

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print("score.py: " + message, file=sys.stderr)
    sys.exit(1)


def short_mutator(name):
    name = name.rsplit(".", 1)[-1]
    return name[: -len("Mutator")] if name.endswith("Mutator") else name


def outer_class(name):
    return name.rsplit(".", 1)[-1].split("$", 1)[0]


def load(path):
    """Mutants of one CSV, either format: (class, method, line, mutator, status) each."""
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    mutants = []
    if rows and rows[0][:3] == ["class", "method", "line"]:
        # parse-pit-log.py: class,method,line,mutator,description,status,killing_test
        for n, r in enumerate(rows[1:], 2):
            if len(r) < 6:
                fail(f"{path}:{n}: expected 7 columns, got {r}")
            mutants.append((outer_class(r[0]), r[1], int(r[2]), short_mutator(r[3]), r[5]))
    else:
        # PIT's mutations.csv: file,fully.qualified.Class,mutator,method,line,status,killing_test
        for n, r in enumerate(rows, 1):
            if len(r) < 6:
                fail(f"{path}:{n}: expected 7 columns, got {r}")
            mutants.append((outer_class(r[1]), r[3], int(r[4]), short_mutator(r[2]), r[5]))
    for c, m, line, mut, status in mutants:
        if status not in DETECTED | UNDETECTED:
            fail(f"{path}: unknown status {status} of {c}.{m} line {line} {mut}")
    return mutants


def latest_mutants(impl):
    """{class: (measurement file, [mutants])}, each class from its latest measurement."""
    latest = {}
    for suffix in MEASUREMENTS:
        name = f"{impl}-{suffix}"
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            continue
        by_class = collections.defaultdict(list)
        for mutant in load(path):
            by_class[mutant[0]].append(mutant)
        for cls, mutants in by_class.items():
            latest[cls] = (name, mutants)  # a later file replaces an earlier one
    return latest


def load_verdicts():
    path = os.path.join(HERE, VERDICTS_FILE)
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        rows = []
        for n, r in enumerate(reader, 2):
            if r["verdict"] not in VERDICTS:
                fail(f"{VERDICTS_FILE}:{n}: verdict '{r['verdict']}' is not one of {', '.join(VERDICTS)}"
                     f" ({r['impl']} {r['class']}.{r['method']} line {r['line']} {r['mutator']})")
            rows.append(r)
    return rows


def pct(a, b):
    return f"{a}/{b} = {100.0 * a / b:.1f} %" if b else f"{a}/{b}"


def main():
    verdict_rows = load_verdicts()

    # Match undetected mutants and verdict rows on (impl, measurement, class, line, mutator).
    undetected = collections.Counter()
    described = {}
    latest = {impl: latest_mutants(impl) for impl in IMPLS}
    for impl in IMPLS:
        for cls, (name, mutants) in latest[impl].items():
            for c, method, line, mut, status in mutants:
                if status in UNDETECTED:
                    key = (impl, name, c, line, mut)
                    undetected[key] += 1
                    described[key] = f"{impl} {name} {c}.{method} line {line} {mut} ({status})"
    rows_by_key = collections.defaultdict(list)
    verdicts_by_class = collections.defaultdict(collections.Counter)  # (impl, measurement, class) -> verdicts
    for r in verdict_rows:
        cls = outer_class(r["class"])
        rows_by_key[(r["impl"], r["measurement"], cls, int(r["line"]), short_mutator(r["mutator"]))].append(r)
        verdicts_by_class[(r["impl"], r["measurement"], cls)][r["verdict"]] += 1
    errors = []
    for key in sorted(set(undetected) | set(rows_by_key), key=str):
        have, want = len(rows_by_key.get(key, [])), undetected.get(key, 0)
        if have < want:
            errors.append(f"undetected mutant without a verdict row: {described[key]}"
                          + (f" ({want} such mutants, {have} rows)" if want > 1 else ""))
        elif have > want:
            impl, name, c, line, mut = key
            errors.append(f"verdict row matches no undetected mutant of the latest measurements: {impl} {name} "
                          f"{c} line {line} {mut} ({have} rows, {want} mutants; superseded by a later "
                          f"measurement, or a typo?)")
    if errors:
        fail(f"{VERDICTS_FILE} does not match the measurements:\n  " + "\n  ".join(errors))

    for impl in IMPLS:
        counts = {}
        for cls, (name, mutants) in latest[impl].items():
            c = collections.Counter()
            c["decided"] = len(mutants)
            c["detected"] = sum(1 for m in mutants if m[4] in DETECTED)
            c["undetected"] = c["decided"] - c["detected"]
            c.update(verdicts_by_class[(impl, name, cls)])
            counts[(name, cls)] = c
        order = {f"{impl}-{s}": i for i, s in enumerate(MEASUREMENTS)}
        total = collections.Counter()
        print(f"## {impl}\n")
        cols = ["decided", "detected", "undetected"] + VERDICTS
        print("| class | measurement | " + " | ".join(cols) + " |")
        print("|---|---|" + "---:|" * len(cols))
        for (name, cls), c in sorted(counts.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
            total.update(c)
            print(f"| {cls} | {name} | " + " | ".join(str(c[k]) for k in cols) + " |")
        print("| **total** | | " + " | ".join(f"**{total[k]}**" for k in cols) + " |")
        decided, detected, killed, equivalent = (total["decided"], total["detected"], total["killed-now"],
                                                 total["equivalent"])
        print()
        print(f"- PIT as measured: {pct(detected, decided)}")
        print(f"- TCK as it is now (PIT + killed-now): {pct(detected + killed, decided)}")
        print(f"- without the argued-equivalent: {pct(detected + killed, decided - equivalent)}")
        print(f"- not counted as detected: child-jvm {total['child-jvm']}, no-clause {total['no-clause']}, "
              f"open {total['open']}")
        path = os.path.join(HERE, f"{impl}-{CHILD_JVM_ONLY}")
        if os.path.exists(path):
            child = load(path)
            statuses = collections.Counter(m[4] for m in child)
            classes = collections.Counter(m[0] for m in child)
            print(f"- child-JVM-only classes (outside the score): {len(child)} mutants, "
                  + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) + " ("
                  + ", ".join(f"{c} {n}" for c, n in sorted(classes.items(), key=lambda kv: -kv[1])) + ")")
        print()


if __name__ == "__main__":
    main()
