"""Measure the guard's promise detection on hand-written labelled sentences.

Usage: python bench/promise_eval.py [--data tests/guard/data/promises.tsv] [--show]

Each row of the data is a sentence from a draft to a customer, labelled ``promise`` (we commit
to something with a time: "you'll have it by Friday", "our technician will visit on Saturday
between 8 and 12", "your refund will be processed by Friday") or ``none`` (past tense,
conditionals, questions, the customer's own promise, offers, facts, negatives), with the
sentence shape. The sentences were written by hand for this purpose (docs/benchmarks.md);
``find_promises`` reads each with a fixed ``now`` (Wednesday 11 March 2026, 10:00 Berlin).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from followthrough.guard import find_promises  # noqa: E402

DATA = ROOT / "tests" / "guard" / "data" / "promises.tsv"
TZ = "Europe/Berlin"
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=ZoneInfo(TZ))


def load(path: Path = DATA) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["label"], r["shape"], r["text"]) for r in csv.DictReader(fh, delimiter="\t")]


def evaluate(rows: list[tuple[str, str, str]]) -> dict[str, object]:
    tp = fp = fn = tn = 0
    missed: list[str] = []
    false: list[str] = []
    by_shape: Counter[str] = Counter()
    found_by_shape: Counter[str] = Counter()
    for label, shape, text in rows:
        found = bool(find_promises(text, now=NOW, tz=TZ))
        by_shape[shape] += 1
        found_by_shape[shape] += found == (label == "promise")
        if label == "promise":
            tp, fn = tp + found, fn + (not found)
            if not found:
                missed.append(text)
        else:
            fp, tn = fp + found, tn + (not found)
            if found:
                false.append(text)
    return {
        "promises": tp + fn,
        "non_promises": fp + tn,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "false_positives": fp,
        "missed": missed,
        "false": false,
        "shapes": {s: (found_by_shape[s], n) for s, n in sorted(by_shape.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", action="store_true", help="list the misses and false alarms")
    args = parser.parse_args()
    rows = load(args.data)
    started = time.perf_counter()
    result = evaluate(rows)
    took = time.perf_counter() - started
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"promise detection on {args.data.name}: {result['promises']} promises, "
        f"{result['non_promises']} non-promises"
    )
    print(
        f"  recall {result['recall']:.3f} · precision {result['precision']:.3f} · "
        f"false alarms {result['false_positives']} · {len(rows)} sentences in {took:.2f} s "
        f"(load average {load_avg:.2f})"
    )
    for shape, (right, n) in result["shapes"].items():  # type: ignore[attr-defined]
        print(f"  {shape:<14} {right}/{n}")
    if args.show:
        for text in result["missed"]:  # type: ignore[attr-defined]
            print(f"  missed: {text}")
        for text in result["false"]:  # type: ignore[attr-defined]
            print(f"  false alarm: {text}")
    if result["recall"] < 0.95 or result["false_positives"]:  # type: ignore[operator]
        sys.exit(1)


if __name__ == "__main__":
    main()
