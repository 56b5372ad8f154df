"""Find the commitments a draft makes: "I'll call you in ten minutes", "we'll ship it tomorrow"."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from followthrough.duetime import DueParseError, parse_due
from followthrough.guard.cues import lower
from followthrough.guard.rules_data import DUE_PHRASES, PROMISE_SUBJECT
from followthrough.guard.text import sentence_spans
from followthrough.guard.types import Promise


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # Run on lower-cased text: without IGNORECASE the regex engine is about twice as fast.
    return re.compile(PROMISE_SUBJECT), re.compile(DUE_PHRASES)


def _what(sentence: str, subject_end: int, due: re.Match[str]) -> str:
    """The action: the words after the subject, without the due phrase."""
    rest = sentence[subject_end:]
    start, end = due.start() - subject_end, due.end() - subject_end
    if 0 <= start <= len(rest):
        rest = rest[: max(start, 0)] + rest[max(end, 0) :]
    rest = re.sub(r"\s+", " ", rest).strip(" ,.;:!?-")
    return re.sub(
        r"^(?:also|then|definitely|certainly|surely|be sure to|make sure to)\s+", "", rest
    )


def find_promises(text: str, *, now: datetime, tz: str = "UTC") -> list[Promise]:
    """Each sentence where we commit to something with a readable due time.

    A sentence with a commitment but no readable time ("I'll look into it") yields nothing:
    the guard does not invent due times.
    """
    subject_re, due_re = _patterns()
    found: list[Promise] = []
    parsed: dict[str, datetime | None] = {}
    lowered = lower(text)
    for start, end in sentence_spans(text):
        sentence = lowered[start:end]
        subject = subject_re.search(sentence)
        if subject is None:
            continue
        for due in due_re.finditer(sentence):
            key = due.group().lower()
            if key not in parsed:
                try:
                    parsed[key] = parse_due(key, now=now, tz=tz)
                except DueParseError:
                    parsed[key] = None
            when = parsed[key]
            if when is None:
                continue
            what = _what(text[start:end], subject.end(), due)
            if not what:
                continue
            found.append(
                Promise(
                    what=what,
                    due=when,
                    due_text=text[start + due.start() : start + due.end()],
                    start=start + subject.start(),
                    end=start + max(due.end(), subject.end()),
                )
            )
            break
    return found
