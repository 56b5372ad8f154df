"""Find the commitments a draft makes: "I'll call you in ten minutes", "we'll ship it tomorrow"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache

from followthrough.duetime import DueParseError, parse_due
from followthrough.guard.cues import Cue, CueTable, Words
from followthrough.guard.rules_data import DUE_PHRASES, PROMISE_SUBJECT
from followthrough.guard.text import sentence_around
from followthrough.guard.triggers import first_words
from followthrough.guard.types import Promise

_SPACES = re.compile(r"\s+")
_LEAD_WORDS = re.compile(r"^(?:also|then|definitely|certainly|surely|be sure to|make sure to)\s+")


@lru_cache(maxsize=1)
def _patterns() -> tuple[CueTable, re.Pattern[str]]:
    """The subject ("I'll", "we will"…) as a cue table indexed by its first words, so it is
    not searched for at every offset of the draft; the due phrases are looked for only in
    the sentences that have a subject. Both run on lower-cased text: without IGNORECASE the
    regex engine is about twice as fast."""
    subject = Cue("subject", 1.0, re.compile(PROMISE_SUBJECT))
    return CueTable.build((subject,)), re.compile(DUE_PHRASES)


_WORD = re.compile(r"[a-z0-9](?<!\w[a-z0-9])[a-z0-9']*")


@lru_cache(maxsize=1)
def _due_first_words() -> tuple[frozenset[str], dict[int, frozenset[str]]] | None:
    """The words a due phrase can start with, and the word beginnings ("sept", "1"…);
    None if they cannot be read from the pattern (then it is searched the ordinary way)."""
    triggers = first_words(DUE_PHRASES)
    if triggers is None:
        return None
    exact = {w.split(" ", 1)[0] for w, ex in triggers if ex or " " in w}
    stems: dict[int, set[str]] = {}
    for w, ex in triggers:
        if not ex and " " not in w:
            stems.setdefault(len(w), set()).add(w)
    return frozenset(exact), {n: frozenset(v) for n, v in stems.items()}


_due_word_cache: dict[str, bool] = {}  # word -> can a due phrase start with it


def _dues(due_re: re.Pattern[str], lowered: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """What ``due_re.finditer(lowered, start, end)`` gives, trying the pattern only at words
    a due phrase can start with (a search tries it at every offset: several times slower)."""
    index = _due_first_words()
    if index is None:
        yield from due_re.finditer(lowered, start, end)
        return
    exact, stems = index
    known = _due_word_cache
    if len(known) > 50_000:
        known.clear()
    last_end = -1
    for word in _WORD.finditer(lowered, start, end):
        at = word.start()
        if at < last_end:
            continue
        w = word.group()
        starts = known.get(w)
        if starts is None:
            starts = known[w] = w in exact or any(w[:n] in got for n, got in stems.items())
        if not starts:
            continue
        m = due_re.match(lowered, at, end)
        if m is not None and m.end() > at:
            last_end = m.end()
            yield m


def _what(sentence: str, subject_end: int, due_start: int, due_end: int) -> str:
    """The action: the words after the subject, without the due phrase (offsets in
    ``sentence``)."""
    rest = sentence[subject_end:]
    start, end = due_start - subject_end, due_end - subject_end
    if 0 <= start <= len(rest):
        rest = rest[: max(start, 0)] + rest[max(end, 0) :]
    rest = _SPACES.sub(" ", rest).strip(" ,.;:!?-")
    return _LEAD_WORDS.sub("", rest)


def find_promises(
    text: str, *, now: datetime, tz: str = "UTC", words: Words | None = None
) -> list[Promise]:
    """Each sentence where we commit to something with a readable due time.

    A sentence with a commitment but no readable time ("I'll look into it") yields nothing:
    the guard does not invent due times. ``words`` is ``cues.Words(text)`` if the caller
    has it already.
    """
    subjects, due_re = _patterns()
    if words is None:
        words = Words(text)
    found: list[Promise] = []
    parsed: dict[str, datetime | None] = {}
    done_to = -1
    lowered = words.lowered
    # Only the sentences holding a subject are read, each once, with its first subject.
    for _, subject in subjects.matches(words):
        if subject.start() < done_to:
            continue
        start, end = sentence_around(text, subject.start())
        done_to = end
        for due in _dues(due_re, lowered, start, end):
            key = due.group()
            if key not in parsed:
                try:
                    parsed[key] = parse_due(key, now=now, tz=tz)
                except DueParseError:
                    parsed[key] = None
            when = parsed[key]
            if when is None:
                continue
            what = _what(
                text[start:end], subject.end() - start, due.start() - start, due.end() - start
            )
            if not what:
                continue
            found.append(
                Promise(
                    what=what,
                    due=when,
                    due_text=text[due.start() : due.end()],
                    start=subject.start(),
                    end=max(due.end(), subject.end()),
                )
            )
            break
    return found
