"""The fast paths give the answers of the plain definitions they replace."""

import math
import re

import pytest

from followthrough.guard import cues, model, promises
from followthrough.guard.draft import _tables as draft_tables
from followthrough.guard.triggers import first_words

TEXTS = [
    "Hi, I ordered a blender two weeks ago and it still hasn't arrived!! Nobody answers.",
    "The tracking page says it was delivered but there is nothing at my door. Unacceptable.",
    "I was on hold for over an hour yesterday and then the agent hung up on me. WTF.",
    "Your app keeps crashing when I try to log in; I can't even book. Fix this today!",
    "Sorry, but you should have read the manual. As I already explained, it's 20% off.",
    "I'm sorry if you feel we were slow. We will refund you or send a replacement.",
    "Thanks so much, the replacement works perfectly. Great job, really appreciate it.",
    "Is this a joke? Third time I write. I want my money back and I'm taking my business "
    "elsewhere. You people never listen.",
    "Could you tell me when it will ship? Please let me know what my options are.",
    "Oh great, just what we needed. Thanks for nothing. Yeah right, as if.",
    "Happy birthday! Check out our new range, use code JOY for a discount. Come back soon.",
    "Per my last email: the invoice was charged twice. Why is this so hard to understand?",
    "fucking useless idiots, still no refund after 3 weeks, I'm stranded at the gate",
    "",
]


def tables():
    return [("inbound", cues.inbound_table())] + [
        (f"draft {name}", table) for name, table in draft_tables().items()
    ]


@pytest.mark.parametrize(("name", "table"), tables())
def test_indexed_cues_fire_exactly_where_a_plain_search_would(name, table):
    for text in TEXTS:
        words = cues.Words(text)
        expected = [
            i for i, cue in enumerate(table.cues) if cue.pattern.search(words.lowered) is not None
        ]
        assert table.occurring(words) == expected, (name, text)


@pytest.mark.parametrize(("name", "table"), tables())
def test_indexed_matches_are_the_matches_of_finditer(name, table):
    for text in TEXTS:
        words = cues.Words(text)
        got = [(i, m.span()) for i, m in table.matches(words)]
        expected = [
            (i, m.span())
            for i, cue in enumerate(table.cues)
            for m in cue.pattern.finditer(words.lowered)
            if m.end() > m.start()
        ]
        assert got == expected, (name, text)


def test_almost_every_shipped_pattern_is_indexed_by_its_first_words():
    unindexed = [table.cues[i].pattern.pattern for _, table in tables() for i in table.unindexed]
    assert unindexed in ([], [r"(?:\?!|!\?)"])


DATED = [
    "I'll call you tomorrow at 3pm, or on Friday 12/3 between 9 and 11; the 4th is out.",
    "We will ship it in 2 working days (by 16.3.) and you'll have it early next week.",
    "Then the technician comes on Saturday between 8 and 12, at 10:30 a.m. or by 11.",
    "the day after tomorrow, end of business day, first thing in the morning, EOD Mon",
    "2026-03-17 14:00 or March 3rd, 2026 or 3 March; there, then, theory, 1.5 hours, by 3",
    "I'm sending it over within the next hour — expect it later today, this weekend.",
]


@pytest.mark.parametrize("text", TEXTS + DATED)
def test_due_phrases_tried_at_word_starts_are_those_of_finditer(text):
    low = cues.Words(text).lowered
    due = promises._patterns()[4]
    starts = promises._due_starts(low)
    for start, end in promises._sentences(text):
        k = 0
        while starts is not None and k < len(starts) and starts[k] < start:
            k += 1
        expected = [m.span() for m in due.finditer(low, start, end) if m.end() > m.start()]
        assert promises._dues(low, start, end, starts, k) == expected, text


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bdelay(?:ed|s)?\b", {("delay", True), ("delayed", True), ("delays", True)}),
        (r"\bfuck\w*", {("fuck", False)}),
        (r"\b(?:is|was) late\b", {("is late", True), ("was late", True)}),
        (r"\bsorry,? but\b", {("sorry", True)}),
        (r"(?<=[0-9] )hours?\b", {("hour", True), ("hours", True)}),
        (r"\d{4}-\d{2}", {(d, False) for d in "0123456789"}),
        (r"[^a-z]+x", None),
        (r"(?i)late", None),
    ],
)
def test_first_words_are_read_from_the_pattern(pattern, expected):
    got = first_words(pattern)
    assert (None if got is None else set(got)) == expected


def test_the_tokenizer_gives_the_tokens_of_its_plain_definition():
    plain = re.compile(r"[a-z0-9][a-z0-9']*|[!?]+|[.;:,\n]|[:;=]-?[()dp/|]")
    samples = [*TEXTS, "a=)b =p =-) == =x :) ;-) ?!? !!?? it's 'quoted' o'neil \n\n x-y 3pm"]
    for text in samples:
        low = cues.lower(text)
        assert cues.TOKEN_RE.findall(low) == plain.findall(low)


def test_the_model_scores_the_sum_of_its_feature_weights():
    heads = model.load()
    if not heads:
        pytest.skip("no model shipped")
    for text in TEXTS:
        tokens = cues.Words(text).tokens
        got = model.predict(tokens)
        feats = model.featurize(tokens)
        for name in model.HEADS:
            z = heads[name].logit(feats)
            assert math.isclose(getattr(got, name), 1 / (1 + math.exp(-z)), abs_tol=1e-9)
