"""Measure the guard: speed of analyze_inbound and check_draft (then its accuracy).

Usage: python bench/guard_speed.py [--messages 2000] [--repeats 5] [--skip-eval]
       followthrough bench --only guard

Messages are built deterministically from hand-written customer-message sentences, ~100
words each, and some of ~2,000 words. One warm-up pass loads the lexicon and model first;
single process (one core). Each row gives the median over the repeats (messages/s and time
per message) and the best pass: the machine may be shared, so the load average is printed
and plain VADER (vaderSentiment) is timed on the same messages in the same run, as a
yardstick that slows down with the machine. Unless --skip-eval is given, the accuracy
evaluation (bench/guard_eval.py, about a minute) runs afterwards.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from followthrough.guard import DraftContext, analyze_inbound, check_draft

INBOUND = [
    "Hi, I ordered a blender two weeks ago and it still hasn't arrived.",
    "The tracking page says it was delivered but there is nothing at my door.",
    "Could you tell me when it will actually ship?",
    "I was on hold for over an hour yesterday and nobody answered.",
    "This is the third time I have had to write to you about this.",
    "Honestly I am really disappointed, the last order was perfect.",
    "Thanks for the quick reply earlier, I appreciate it.",
    "Can I change the delivery address to my office instead?",
    "The invoice shows a charge twice, can you refund the extra payment?",
    "Your app keeps crashing when I try to log in, which is frustrating.",
    "Please let me know what my options are.",
    "If it does not arrive by Friday I will cancel the order.",
]
DRAFT = [
    "Hi Anna, thank you for writing and I'm sorry about the delay with your blender.",
    "I checked with the courier this morning and the parcel is at their depot.",
    "I will call you tomorrow 3pm to confirm the new delivery slot.",
    "We can refund the double charge today, or credit it to your account; which do you prefer?",
    "The app issue is known and a fix ships next week.",
    "In the meantime the website works for logging in.",
    "If anything else comes up, reply to this email and I will pick it up.",
    "Best regards, Bob",
]


def build(sentences: list[str], words: int, seed: int) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    n = 0
    while n < words:
        s = rng.choice(sentences)
        out.append(s)
        n += len(s.split())
    return " ".join(out)


def rate(
    fn: Callable[[str], object], texts: list[str], repeats: int
) -> tuple[float, float, float, float]:
    """(messages per second, median seconds per message, best seconds per message, best CPU
    seconds per message). CPU time leaves out the time the process waited for a core."""
    passes = []
    cpu = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        c0 = time.process_time()
        for t in texts:
            fn(t)
        cpu.append(time.process_time() - c0)
        passes.append(time.perf_counter() - t0)
    per = statistics.median(passes) / len(texts)
    return 1.0 / per, per, min(passes) / len(texts), min(cpu) / len(texts)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-eval", action="store_true", help="time only; no accuracy run")
    args = parser.parse_args(argv)

    inbound = [build(INBOUND, 100, i) for i in range(args.messages)]
    drafts = [build(DRAFT, 100, 10_000 + i) for i in range(args.messages)]
    long_in = [build(INBOUND, 2000, 99 + i) for i in range(20)]
    long_draft = [build(DRAFT, 2000, 199 + i) for i in range(20)]
    now = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
    analysis = analyze_inbound(inbound[0])
    ctx = DraftContext(
        kind="reply",
        inbound_text=inbound[0],
        inbound_analysis=analysis,
        inbound_received_at=now - timedelta(hours=2),
        now=now,
        timezone="Europe/Berlin",
        customer_since_days=12,
    )

    def draft_fn(text: str) -> object:
        return check_draft(text, ctx)

    # The composer's case: the inbound message is read as part of checking the draft.
    fresh = {
        d: dataclasses.replace(ctx, inbound_text=m, inbound_analysis=None)
        for d, m in zip(drafts, inbound, strict=True)
    }

    def fresh_fn(text: str) -> object:
        return check_draft(text, fresh[text])

    for t in inbound[:50] + long_in[:2]:  # warm-up: lexicon, model, regex caches
        analyze_inbound(t)
    for t in drafts[:50] + long_draft[:2]:
        draft_fn(t)

    words_in = statistics.mean(len(t.split()) for t in inbound)
    words_long = statistics.mean(len(t.split()) for t in long_in)
    print(f"python {platform.python_version()} on {platform.machine()}, one process")
    print(f"{args.messages} messages of ~{words_in:.0f} words; 20 of ~{words_long:.0f} words")
    print(f"load average before: {load()} ({os.cpu_count()} cores)")
    print()
    print(
        "| what | messages/s (median) | per message (median) | per message (best pass) "
        "| CPU per message (best pass) |"
    )
    print("|---|---|---|---|---|")
    rows: list[tuple[str, Callable[[str], object], list[str], int]] = [
        ("analyze_inbound, ~100 words", analyze_inbound, inbound, args.repeats),
        ("check_draft (reply, full context), ~100 words", draft_fn, drafts, args.repeats),
        ("check_draft with a fresh ~100-word inbound, ~100 words", fresh_fn, drafts, args.repeats),
        ("analyze_inbound, ~2,000 words", analyze_inbound, long_in, args.repeats),
        ("check_draft (reply, full context), ~2,000 words", draft_fn, long_draft, args.repeats),
    ]
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:  # pragma: no cover - a dev dependency
        print("(vaderSentiment is not installed: no VADER yardstick)")
    else:
        vader = SentimentIntensityAnalyzer().polarity_scores
        rows.append(("VADER polarity_scores, ~100 words", vader, inbound[:500], args.repeats))
        rows.append(("VADER polarity_scores, ~2,000 words", vader, long_in[:4], 2))
    for label, fn, texts, repeats in rows:
        per_s, per, best, cpu = rate(fn, texts, repeats)
        print(
            f"| {label} | {per_s:,.0f} | {per * 1e6:,.0f} µs | {best * 1e6:,.0f} µs "
            f"| {cpu * 1e6:,.0f} µs |"
        )
    print()
    print(f"load average after: {load()}")
    if args.skip_eval:
        return 0
    import guard_eval

    print()
    return guard_eval.main([])


if __name__ == "__main__":
    raise SystemExit(main())
