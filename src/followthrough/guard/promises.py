"""Find the commitments a draft makes: "I'll call you in ten minutes", "you'll have it by
Friday", "our technician will visit on Saturday between 8 and 12", "your refund will be
processed by Friday", "expect the quote early next week".

A commitment is a sentence with a subject that commits us (rules_data.PROMISE_SUBJECT and
PROMISE_NAMED) and a due time ``duetime.parse_due`` can read. Not commitments: questions,
sentences that only set a condition or make an offer ("If you send it by Friday…", "Would you
like me to call tomorrow?"), negations and states of ours ("we will not ship on Sunday", "I'll
be out until Monday"), and anything in the past (no subject matches it). The pieces of a due
time are read together in whatever order they come ("3pm tomorrow", "Saturday between 8 and
12"). Measured on hand-written sentences in bench/promise_eval.py (docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache

from followthrough.duetime import DueParseError, parse_due
from followthrough.guard.cues import Words
from followthrough.guard.rules_data import (
    DUE_JOIN,
    DUE_PHRASES,
    PROMISE_CONDITION,
    PROMISE_NAMED,
    PROMISE_NOT,
    PROMISE_SUBJECT,
)
from followthrough.guard.triggers import first_words
from followthrough.guard.types import Promise

_SPACES = re.compile(r"\s+")
_LEAD_WORDS = re.compile(r"^(?:also|then|definitely|certainly|surely|be sure to|make sure to)\s+")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled without IGNORECASE and run on lower-cased text (twice as fast), except the
    named colleague, which needs the capital letter."""
    # Every subject starts a word with a letter, and the named one with a capital: saying
    # so up front lets the engine skip the other offsets without trying each alternative.
    if not PROMISE_NAMED.startswith(r"\b[A-Z]"):  # pragma: no cover - a table edit
        raise ValueError("PROMISE_NAMED must start with \\b[A-Z]")
    return (
        re.compile(r"(?=[a-z])(?<!\w)(?:" + PROMISE_SUBJECT + ")"),
        re.compile(r"[A-Z](?<!\w[A-Z])" + PROMISE_NAMED.removeprefix(r"\b[A-Z]")),
        re.compile(PROMISE_NOT),
        re.compile(PROMISE_CONDITION),
        re.compile(DUE_PHRASES),
        re.compile(DUE_JOIN),
    )


_SENTENCE_END = re.compile(r"[.!?\n]")


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentences end at "!", "?", a newline, or a full stop that ``_ends_sentence`` accepts,
    with the run of ".!?" after it."""
    start = 0
    size = len(text)
    for m in _SENTENCE_END.finditer(text):
        i = m.start()
        if i < start or (text[i] == "." and not _ends_sentence(text, i)):
            continue
        end = i + 1
        while end < size and text[end] in ".!?":
            end += 1
        yield from _stripped(text, start, end)
        start = end
    yield from _stripped(text, start, size)


def _ends_sentence(text: str, i: int) -> bool:
    """A full stop ends a sentence unless it sits inside a number or a dotted date: "2.5",
    "16.3." (a date's last dot ends the sentence only at the end of the text or before a
    capital)."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before.isdigit() and after.isdigit():
        return False
    if before.isdigit() and re.search(r"(?<![\d.])\d{1,2}\.\d{1,2}$", text[max(0, i - 6) : i]):
        rest = text[i + 1 :].lstrip(" ")
        return not rest or rest[0].isupper() or rest[0] in "\n"
    return True


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    if end - trail > start + lead:
        yield start + lead, end - trail


def _subject(text: str, lowered: str, start: int, end: int) -> re.Match[str] | None:
    """The first subject that commits us in the sentence, if the sentence commits at all."""
    subject, named, negative, condition, _, _ = _patterns()
    sentence = lowered[start:end]
    if sentence.rstrip().endswith("?") or condition.search(sentence):
        return None
    candidates = [*subject.finditer(lowered, start, end), *named.finditer(text, start, end)]
    for m in sorted(candidates, key=lambda c: c.start()):
        if not negative.match(lowered, m.end(), end):
            return m
    return None


def _trie(words: set[str]) -> str:
    """A regex matching any of ``words`` (as a prefix), written as a trie so the engine tries
    one letter at a time instead of every word in turn."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in sorted(words):
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


@lru_cache(maxsize=1)
def _due_start_re() -> re.Pattern[str] | None:
    """Where a due phrase can start: a word beginning with one of the first words read from
    the pattern (``triggers.first_words``), so at a superset of the offsets where it matches;
    None if they cannot be read (then the pattern is searched the ordinary way)."""
    triggers = first_words(DUE_PHRASES)
    if triggers is None:
        return None
    return re.compile(r"(?<!\w)" + _trie({w.split(" ", 1)[0] for w, _ in triggers}))


def _due_starts(lowered: str) -> list[int] | None:
    """Offsets where a due phrase can start, in order (None: at any offset)."""
    starts = _due_start_re()
    return None if starts is None else [m.start() for m in starts.finditer(lowered)]


def _dues(
    lowered: str, start: int, end: int, starts: list[int] | None, first: int
) -> list[tuple[int, int]]:
    """What ``DUE_PHRASES.finditer(lowered, start, end)`` gives (as spans), trying the pattern
    only at ``starts[first:]`` below ``end`` (see ``_due_starts``): a search tries its two
    dozen alternatives at every offset, several times slower."""
    due = _patterns()[4]
    if starts is None:
        return [m.span() for m in due.finditer(lowered, start, end)]
    out: list[tuple[int, int]] = []
    last_end = -1
    for k in range(first, len(starts)):
        at = starts[k]
        if at >= end:
            break
        if at < last_end:
            continue
        m = due.match(lowered, at, end)
        if m is not None and m.end() > at:
            last_end = m.end()
            out.append((at, last_end))
    return out


def _due_groups(lowered: str, pieces: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Spans of the sentence naming a due time (``pieces``, from ``_dues``): adjacent pieces
    joined ("tomorrow" + "at 3pm"), then each piece alone."""
    join = _patterns()[5]
    if not pieces:
        return
    groups: list[tuple[int, int]] = []
    g_start, g_end = pieces[0]
    for p_start, p_end in pieces[1:]:
        if join.match(lowered[g_end:p_start]):
            g_end = p_end
        else:
            groups.append((g_start, g_end))
            g_start, g_end = p_start, p_end
    groups.append((g_start, g_end))
    yield from groups
    for piece in pieces:
        if piece not in groups:
            yield piece


def _what(sentence: str, subject: tuple[int, int], due: tuple[int, int], first_person: bool) -> str:
    """The action: for "I'll…"/"we'll…" the words after the subject; otherwise the sentence;
    without the due phrase either way (offsets in ``sentence``)."""
    start = subject[1] if first_person else 0
    text = sentence[start:]
    d_start, d_end = due[0] - start, due[1] - start
    if 0 <= d_start <= len(text):
        text = text[:d_start] + text[max(d_end, 0) :]
    elif d_end > 0:
        text = text[d_end:]
    text = _SPACES.sub(" ", text).strip(" ,.;:!?-")
    text = re.sub(r"\s+(?:on|at|by|in|before|for|from|between)$", "", text)
    return _LEAD_WORDS.sub("", text)


_FIRST_PERSON = re.compile(r"(?:i|we)(?:'ll|\s+will|\s+shall|'m|\s+am|'re|\s+are)\b")


def find_promises(
    text: str, *, now: datetime, tz: str = "UTC", words: Words | None = None
) -> list[Promise]:
    """Each sentence where we commit to something with a readable due time.

    A sentence with a commitment but no readable time ("I'll look into it") yields nothing:
    the guard does not invent due times. ``words`` is ``cues.Words(text)`` if the caller
    has it already.
    """
    if words is None:
        words = Words(text)
    lowered = words.lowered
    found: list[Promise] = []
    parsed: dict[str, datetime | None] = {}
    # A sentence is read only if a due phrase can start in it (most cannot), then only if
    # it has one, then only if it has a subject that commits us.
    starts = _due_starts(lowered)
    k = 0
    for start, end in _sentences(text):
        if starts is not None:
            while k < len(starts) and starts[k] < start:
                k += 1
            if k == len(starts) or starts[k] >= end:
                continue
        pieces = _dues(lowered, start, end, starts, k)
        if not pieces:
            continue
        subject = _subject(text, lowered, start, end)
        if subject is None:
            continue
        for d_start, d_end in _due_groups(lowered, pieces):
            key = lowered[d_start:d_end]
            if key not in parsed:
                try:
                    parsed[key] = parse_due(key, now=now, tz=tz)
                except DueParseError:
                    parsed[key] = None
            when = parsed[key]
            if when is None or when <= now:
                continue
            first_person = bool(_FIRST_PERSON.match(lowered, subject.start()))
            what = _what(
                text[start:end],
                (subject.start() - start, subject.end() - start),
                (d_start - start, d_end - start),
                first_person,
            )
            if not what:
                continue
            found.append(
                Promise(
                    what=what,
                    due=when,
                    due_text=text[d_start:d_end],
                    start=min(subject.start(), d_start),
                    end=max(d_end, subject.end()),
                )
            )
            break
    return found
