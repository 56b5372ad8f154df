"""Measure the guard's inbound analysis on labeled data, beside VADER, TextBlob and a baseline.

Usage: python bench/guard_eval.py [--data DIR] [--folds 5] [--quick]

The airline tweets are also split in two halves by a hash of the text (``airline_half``):
``dev``, the only half whose aggregate figures were looked at while changing the guard, and
``test``, reported but never tuned on. Both halves are printed after the main table.

Data (see ../shared/data/README.md): the airline tweets are CC BY-NC-SA and used for
evaluation only; GoEmotions is Apache-2.0. The shipped linear model is trained on GoEmotions,
so the GoEmotions rows for our analyzer are scored by k-fold cross-validation: each fold is
scored by a model trained without it (tools/train_guard.py). Set GUARD_EVAL_DATA to point at
another copy of the data.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from followthrough.guard import analyze_inbound, model  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

AIRLINE_CATEGORY = {
    "Late Flight": "delivery",
    "Cancelled Flight": "delivery",
    "Customer Service Issue": "service",
    "Flight Attendant Complaints": "service",
    "longlines": "service",
    "Bad Flight": "product",
    "Flight Booking Problems": "product",
    "Lost Luggage": "quality",
    "Damaged Luggage": "quality",
    "Can't Tell": "other",
}
ANGER_IDS = {"2", "3"}

Row = tuple[str, str, str]  # text, label, reason
Predictor = Callable[[str], tuple[str, float]]  # -> (3-class label, anger-ish score)


def load_airline(data: Path) -> list[Row]:
    with (data / "airline-complaints-dev.csv").open(encoding="utf-8") as fh:
        return [
            (r["text"], r["airline_sentiment"], r["negativereason"]) for r in csv.DictReader(fh)
        ]


def airline_half(text: str) -> str:
    """ "dev" or "test": a fixed split of the airline tweets by a hash of their text."""
    return "dev" if zlib.crc32(text.encode("utf-8")) % 2 == 0 else "test"


def load_goemotions(data: Path) -> list[tuple[str, set[str]]]:
    rows: list[tuple[str, set[str]]] = []
    with (data / "goemotions-dev.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                rows.append((parts[0], set(parts[1].split(","))))
    return rows


def prf(truth: Sequence[bool], pred: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(1 for t, p in zip(truth, pred, strict=True) if t and p)
    fp = sum(1 for t, p in zip(truth, pred, strict=True) if p and not t)
    fn = sum(1 for t, p in zip(truth, pred, strict=True) if t and not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def macro_f1(truth: Sequence[str], pred: Sequence[str]) -> float:
    labels = sorted(set(truth))
    return sum(prf([t == lab for t in truth], [p == lab for p in pred])[2] for lab in labels) / len(
        labels
    )


def roc_auc(truth: Sequence[bool], scores: Sequence[float]) -> float:
    """Mann-Whitney AUC with ties counted half."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(truth)
    neg = len(truth) - pos
    if not pos or not neg:
        return float("nan")
    rank_sum = sum(r for r, t in zip(ranks, truth, strict=True) if t)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


# --- predictors -----------------------------------------------------------------------


def ours(text: str) -> tuple[str, float]:
    a = analyze_inbound(text)
    return a.sentiment, a.anger


def make_vader() -> Predictor:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()

    def predict(text: str) -> tuple[str, float]:
        c = sia.polarity_scores(text)["compound"]
        label = "negative" if c <= -0.05 else ("positive" if c >= 0.05 else "neutral")
        return label, -c

    return predict


def make_textblob() -> Predictor:
    from textblob import TextBlob

    def predict(text: str) -> tuple[str, float]:
        p = float(TextBlob(text).sentiment.polarity)
        label = "negative" if p < 0 else ("positive" if p > 0 else "neutral")
        return label, -p

    return predict


def majority(text: str) -> tuple[str, float]:
    return "negative", 0.0


# --- evaluation ---------------------------------------------------------------------------


def eval_airline(rows: list[Row], predict: Predictor, categorize: bool) -> dict[str, float]:
    truth = [r[1] for r in rows]
    t0 = time.perf_counter()
    preds = [predict(r[0])[0] for r in rows]
    elapsed = time.perf_counter() - t0
    p, r, f = prf([t == "negative" for t in truth], [x == "negative" for x in preds])
    out = {
        "precision": p,
        "recall": r,
        "f1": f,
        "macro_f1": macro_f1(truth, preds),
        "msg_per_s": len(rows) / elapsed if elapsed else float("inf"),
    }
    if categorize:
        negatives = [row for row in rows if row[1] == "negative" and row[2]]
        hits = sum(
            1
            for text, _, reason in negatives
            if analyze_inbound(text).category == AIRLINE_CATEGORY[reason]
        )
        out["category_acc"] = hits / len(negatives)
    return out


def eval_goemotions(rows: list[tuple[str, set[str]]], predict: Predictor) -> dict[str, float]:
    truth = [bool(labels & ANGER_IDS) for _, labels in rows]
    scored = [predict(text) for text, _ in rows]
    return {
        "auc": roc_auc(truth, [s for _, s in scored]),
        "f1": prf(truth, [label == "negative" for label, _ in scored])[2],
    }


def eval_goemotions_cv(rows: list[tuple[str, set[str]]], folds: int) -> dict[str, float]:
    """Our analyzer on GoEmotions, each fold scored by a model trained on the other folds."""
    import train_guard

    truth: list[bool] = []
    scores: list[float] = []
    labels: list[str] = []
    for k in range(folds):
        train = [row for i, row in enumerate(rows) if i % folds != k]
        held = [row for i, row in enumerate(rows) if i % folds == k]
        heads = train_guard.train(train)
        with model.using(heads):
            for text, labs in held:
                a = analyze_inbound(text)
                truth.append(bool(labs & ANGER_IDS))
                scores.append(a.anger)
                labels.append(a.sentiment)
    return {
        "auc": roc_auc(truth, scores),
        "f1": prf(truth, [lab == "negative" for lab in labels])[2],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip TextBlob and the CV run")
    args = parser.parse_args(argv)
    data = args.data or Path(os.environ.get("GUARD_EVAL_DATA", DEFAULT_DATA))

    airline = load_airline(data)
    goemo = load_goemotions(data)
    systems: list[tuple[str, Predictor]] = [("followthrough guard", ours), ("VADER", make_vader())]
    if not args.quick:
        systems.append(("TextBlob", make_textblob()))
    systems.append(("majority (always negative)", majority))

    n_neg = sum(1 for r in airline if r[1] == "negative")
    n_ang = sum(1 for _, labs in goemo if labs & ANGER_IDS)
    print(f"data: {data}")
    print(
        f"airline: {len(airline)} tweets ({n_neg} negative); "
        f"GoEmotions: {len(goemo)} comments ({n_ang} anger or annoyance)"
    )
    print()
    header = (
        f"| {'system':<28} | unhappy P | unhappy R | unhappy F1 | 3-class macro-F1 | "
        f"category acc | GoEmo anger AUC | GoEmo unhappy F1 | msg/s (airline) |"
    )
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for name, predict in systems:
        a = eval_airline(airline, predict, categorize=predict is ours)
        if predict is ours and not args.quick and model.load():
            g = eval_goemotions_cv(goemo, args.folds)
            g_note = f" ({args.folds}-fold CV)"
        else:
            g = eval_goemotions(goemo, predict)
            g_note = " (in-sample, not a measure)" if predict is ours and model.load() else ""
        cat = f"{a['category_acc']:.3f}" if "category_acc" in a else "—"
        auc = "—" if predict is majority else f"{g['auc']:.3f}{g_note}"
        print(
            f"| {name:<28} | {a['precision']:.3f} | {a['recall']:.3f} | {a['f1']:.3f} | "
            f"{a['macro_f1']:.3f} | {cat} | {auc} | {g['f1']:.3f} | {a['msg_per_s']:,.0f} |"
        )
    print()
    print("Airline halves (dev: looked at while tuning; test: never tuned on):")
    print()
    print("| system | half | tweets | unhappy P | unhappy R | unhappy F1 | 3-class macro-F1 |")
    print("|---|---|---|---|---|---|---|")
    for name, predict in systems[:2]:
        for half in ("dev", "test"):
            rows = [r for r in airline if airline_half(r[0]) == half]
            a = eval_airline(rows, predict, categorize=False)
            print(
                f"| {name} | {half} | {len(rows):,} | {a['precision']:.3f} | {a['recall']:.3f} "
                f"| {a['f1']:.3f} | {a['macro_f1']:.3f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
