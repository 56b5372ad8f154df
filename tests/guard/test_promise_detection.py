"""Promise detection on the labelled sentences of tests/guard/data/promises.tsv: at least 100
commitments of many shapes, found with recall >= 0.95, and at least 50 non-promises (past
tense, conditionals, questions, the customer's own promise, offers, facts, negations) of
which none is taken for a promise. bench/promise_eval.py prints the same figures."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followthrough.guard import find_promises

DATA = Path(__file__).parent / "data" / "promises.tsv"
TZ = "Europe/Berlin"
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=ZoneInfo(TZ))  # a Wednesday


def rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_the_labelled_set_is_large_and_varied():
    labels = Counter(r["label"] for r in rows())
    assert labels["promise"] >= 100
    assert labels["none"] >= 50
    shapes = {r["shape"] for r in rows() if r["label"] == "promise"}
    assert {"you-will", "third-party", "expect", "passive", "vague"} <= shapes
    shapes = {r["shape"] for r in rows() if r["label"] == "none"}
    assert {"past", "conditional", "question", "customer", "offer"} <= shapes


def test_recall_is_at_least_095_and_nothing_else_is_taken_for_a_promise():
    missed, false = [], []
    promises = [r for r in rows() if r["label"] == "promise"]
    for r in rows():
        found = find_promises(r["text"], now=NOW, tz=TZ)
        if r["label"] == "promise" and not found:
            missed.append(r["text"])
        if r["label"] == "none" and found:
            false.append(r["text"])
    assert false == []
    assert 1 - len(missed) / len(promises) >= 0.95, missed


@pytest.mark.parametrize(
    ("text", "what", "due"),
    [
        ("I'll call you 3pm tomorrow.", "call you", "2026-03-12 15:00"),
        ("Our technician will visit on Saturday between 8 and 12.", "", "2026-03-14 12:00"),
        ("Your refund will be processed by Friday.", "", "2026-03-13 17:00"),
        ("Expect the quote early next week.", "", "2026-03-17 17:00"),
        ("I'll get it to you this week.", "get it to you", "2026-03-13 17:00"),
        ("First thing Monday I'll chase the supplier.", "chase the supplier", "2026-03-16 10:00"),
        ("We'll deliver on Monday 16 March.", "deliver", "2026-03-16 17:00"),
        ("I will post the samples on 16.3. Thanks!", "post the samples", "2026-03-16 17:00"),
    ],
)
def test_the_whole_due_time_is_read_whatever_its_order(text, what, due):
    (p,) = find_promises(text, now=NOW, tz=TZ)
    assert f"{p.due.astimezone(ZoneInfo(TZ)):%Y-%m-%d %H:%M}" == due
    if what:
        assert p.what == what
    assert p.what


def test_two_sentences_two_promises_and_a_question_none():
    text = (
        "I'll call you at 3pm tomorrow. Shall I send the quote on Friday? You'll have it by 16/03."
    )
    found = find_promises(text, now=NOW, tz=TZ)
    assert [p.due_text for p in found] == ["3pm tomorrow", "16/03"]
