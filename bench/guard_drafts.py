"""Measure the guard on drafts a rep really writes: false alarms on good ones, bad ones caught.

Usage: python bench/guard_drafts.py [--split report|tune|all] [--show]
       followthrough bench --only guard-drafts

Data (written for this purpose; provenance in bench/data/README.md):

* ``bench/data/guard_drafts.jsonl``: good drafts (``label`` good, ``class`` the shape: complaint
  reply, codes, scheduling…) and bad ones (``label`` bad, ``class`` the rule that should fire);
  each with its kind, the message it answers (if any) and, for upsells, the customer's age.
* ``bench/data/guard_inbound.jsonl``: inbound messages, ``unhappy`` (complaints, many stated as
  bare facts) or ``not`` (questions, updates, thanks with "still").

Each row carries ``split``: ``tune`` (looked at while writing the rules) or ``report`` (the
figures to quote; never looked at row by row while tuning). The split is fixed in the file,
half of each class either side.

A *false alarm* is any warn or block finding on a good draft. A bad draft is *caught* when its
rule fires as warn or block. Per rule: precision = of the drafts it fires on (warn/block), the
share that are bad drafts labelled with that rule; recall = caught / labelled.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from followthrough.guard import DraftContext, analyze_inbound, check_draft  # noqa: E402

DATA = ROOT / "bench" / "data"
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday; promises need a `now`

FALSE_ALARM_TARGET = 0.05
CAUGHT_TARGET = 0.90


def load(name: str, split: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def context(row: dict[str, Any]) -> DraftContext:
    return DraftContext(
        kind=row["kind"],
        inbound_text=row.get("inbound"),
        now=NOW,
        customer_since_days=row.get("customer_since_days"),
        policy_tags=frozenset(row.get("tags", ())),
    )


def fired(row: dict[str, Any]) -> set[str]:
    """Rules with a warn or block finding on the row's draft."""
    return {f.rule for f in check_draft(row["text"], context(row)) if f.severity != "info"}


def evaluate_drafts(rows: list[dict[str, Any]], show: bool = False) -> dict[str, Any]:
    good = [r for r in rows if r["label"] == "good"]
    bad = [r for r in rows if r["label"] == "bad"]
    alarms: Counter[str] = Counter()
    fires: Counter[str] = Counter()
    true_fires: Counter[str] = Counter()
    false_alarm_rows = 0
    by_shape: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in good:
        rules = fired(r)
        by_shape[r["class"]][1] += 1
        if rules:
            false_alarm_rows += 1
            by_shape[r["class"]][0] += 1
            if show:
                print(f"  false alarm {sorted(rules)} [{r['id']} {r['class']}]: {r['text']}")
        for rule in rules:
            alarms[rule] += 1
            fires[rule] += 1
    caught: Counter[str] = Counter()
    labelled: Counter[str] = Counter()
    for r in bad:
        rules = fired(r)
        labelled[r["class"]] += 1
        for rule in rules:
            fires[rule] += 1
            if rule == r["class"]:
                true_fires[rule] += 1
        if r["class"] in rules:
            caught[r["class"]] += 1
        elif show:
            print(f"  missed {r['class']} (fired {sorted(rules)}) [{r['id']}]: {r['text']}")
    return {
        "good": len(good),
        "bad": len(bad),
        "false_alarms": false_alarm_rows,
        "alarms_by_rule": alarms,
        "by_shape": dict(by_shape),
        "caught": caught,
        "labelled": labelled,
        "fires": fires,
        "true_fires": true_fires,
    }


def evaluate_inbound(rows: list[dict[str, Any]], show: bool = False) -> dict[str, Any]:
    per_class: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = fp = fn = 0
    for r in rows:
        unhappy = analyze_inbound(r["text"]).unhappy
        truth = r["label"] == "unhappy"
        right = unhappy == truth
        per_class[r["class"]][0] += right
        per_class[r["class"]][1] += 1
        tp += truth and unhappy
        fp += unhappy and not truth
        fn += truth and not unhappy
        if show and not right:
            print(f"  inbound wrong ({r['label']}, {r['class']}) [{r['id']}]: {r['text']}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"per_class": dict(per_class), "precision": precision, "recall": recall, "f1": f1}


def report(split: str, show: bool) -> bool:
    d = evaluate_drafts(load("guard_drafts.jsonl", split), show)
    i = evaluate_inbound(load("guard_inbound.jsonl", split), show)
    rate = d["false_alarms"] / d["good"] if d["good"] else 0.0
    total_caught = sum(d["caught"].values())
    caught_rate = total_caught / d["bad"] if d["bad"] else 0.0
    print(f"split: {split}; {d['good']} good drafts, {d['bad']} bad drafts")
    print()
    print("| measure | value | target |")
    print("|---|---|---|")
    print(
        f"| false alarms (any warn/block on a good draft) | {d['false_alarms']}/{d['good']} "
        f"= {rate:.1%} | ≤ {FALSE_ALARM_TARGET:.0%} |"
    )
    print(
        f"| bad drafts caught by their rule | {total_caught}/{d['bad']} = {caught_rate:.1%} "
        f"| ≥ {CAUGHT_TARGET:.0%} |"
    )
    print(
        f"| inbound set: unhappy P / R / F1 | {i['precision']:.3f} / {i['recall']:.3f} / "
        f"{i['f1']:.3f} | |"
    )
    print()
    print("| rule | labelled bad | caught | recall | fires (warn/block) | precision | on good |")
    print("|---|---|---|---|---|---|---|")
    rules = sorted(set(d["labelled"]) | set(d["fires"]))
    for rule in rules:
        n = d["labelled"].get(rule, 0)
        c = d["caught"].get(rule, 0)
        f = d["fires"].get(rule, 0)
        t = d["true_fires"].get(rule, 0)
        recall = f"{c / n:.2f}" if n else "—"
        precision = f"{t / f:.2f}" if f else "—"
        print(
            f"| {rule} | {n} | {c} | {recall} | {f} | {precision} | {d['alarms_by_rule'][rule]} |"
        )
    print()
    print("| good drafts by shape | false alarms |")
    print("|---|---|")
    for shape, (alarmed, n) in sorted(d["by_shape"].items()):
        print(f"| {shape} | {alarmed}/{n} |")
    print()
    print("| inbound class | read right |")
    print("|---|---|")
    for cls, (right, n) in sorted(i["per_class"].items()):
        print(f"| {cls} | {right}/{n} |")
    print()
    return rate <= FALSE_ALARM_TARGET and caught_rate >= CAUGHT_TARGET


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=("report", "tune", "all"), default="report")
    parser.add_argument("--show", action="store_true", help="print each miss and false alarm")
    parser.add_argument(
        "--with-inbound-eval",
        action="store_true",
        help="then run bench/guard_eval.py --quick (airline and GoEmotions figures)",
    )
    args = parser.parse_args(argv)
    met = report(args.split, args.show)
    print(f"targets {'met' if met else 'NOT met'} on the {args.split} split")
    if args.with_inbound_eval or os.environ.get("GUARD_DRAFTS_INBOUND_EVAL"):
        sys.path.insert(0, str(ROOT / "bench"))
        import guard_eval

        guard_eval.main(["--quick"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
