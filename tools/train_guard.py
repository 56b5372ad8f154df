"""Train the guard's small linear model on GoEmotions (Apache-2.0) and write it into the package.

Usage: python tools/train_guard.py [--data DIR] [--out PATH]

Only permissively licensed data is used: the GoEmotions rows in ../shared/data (Demszky et al.,
"GoEmotions: A Dataset of Fine-Grained Emotions", ACL 2020; Apache-2.0). The airline set in the
same folder is CC BY-NC-SA and is never read here.

Two logistic-regression heads over binary unigram + bigram features (``guard.model``):
``anger`` (anger or annoyance) and ``unhappy`` (anger, annoyance, disappointment, disapproval,
disgust, sadness, grief). Plain Python: AdaGrad with L2, a few epochs, then weights below a
threshold are dropped so the file stays small. Deterministic (fixed seed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from followthrough.guard.cues import Words  # noqa: E402
from followthrough.guard.model import MODEL_FILE, LinearHead, featurize  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
TARGETS = {
    "anger": {"2", "3"},
    "unhappy": {"2", "3", "9", "10", "11", "25", "16"},
}
EPOCHS = 8
L2 = 2e-4
RATE = 0.3
MIN_COUNT = 3
KEEP = 0.02
SEED = 7

Row = tuple[str, set[str]]


def load_rows(data: Path) -> list[Row]:
    rows: list[Row] = []
    with (data / "goemotions-dev.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                rows.append((parts[0], set(parts[1].split(","))))
    return rows


def _train_head(docs: list[list[str]], labels: list[int]) -> LinearHead:
    weights: dict[str, float] = {}
    grad_sq: dict[str, float] = {}
    bias = math.log((sum(labels) + 1) / (len(labels) - sum(labels) + 1))
    bias_sq = 1e-8
    order = list(range(len(docs)))
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            feats = docs[i]
            z = bias + sum(weights.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - labels[i]
            bias_sq += g * g
            bias -= RATE * g / math.sqrt(bias_sq)
            for f in feats:
                w = weights.get(f, 0.0)
                gf = g + L2 * w * len(docs) / 100.0
                gs = grad_sq.get(f, 1e-8) + gf * gf
                grad_sq[f] = gs
                weights[f] = w - RATE * gf / math.sqrt(gs)
    kept = {f: round(w, 4) for f, w in weights.items() if abs(w) >= KEEP}
    return LinearHead(round(bias, 4), kept)


def train(rows: list[Row]) -> dict[str, LinearHead]:
    """Both heads trained on ``rows`` (features seen fewer than MIN_COUNT times are ignored)."""
    feats = [sorted(featurize(Words(text).tokens)) for text, _ in rows]
    counts = Counter(f for doc in feats for f in doc)
    docs = [[f for f in doc if counts[f] >= MIN_COUNT] for doc in feats]
    return {
        name: _train_head(docs, [1 if labels & ids else 0 for _, labels in rows])
        for name, ids in TARGETS.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the guard's linear model on GoEmotions.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "src/followthrough/guard/data" / MODEL_FILE
    )
    args = parser.parse_args(argv)
    rows = load_rows(args.data)
    heads = train(rows)
    payload = {
        "source": "GoEmotions dev split (Demszky et al., ACL 2020), Apache-2.0",
        "rows": len(rows),
        "features": "binary unigrams and bigrams of guard.cues.Words tokens",
        "targets": {k: sorted(v) for k, v in TARGETS.items()},
        "heads": {
            name: {"bias": h.bias, "weights": dict(sorted(h.weights.items()))}
            for name, h in heads.items()
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=False).encode("utf-8")
    args.out.write_bytes(gzip.compress(raw, mtime=0))
    sizes = ", ".join(f"{k}: {len(h.weights)} weights" for k, h in heads.items())
    sys.stdout.write(f"wrote {args.out} ({args.out.stat().st_size:,} bytes; {sizes})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
